"""Two sweeps at once on the real PostgreSQL never send a reminder twice."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from interviews.calibration.services import reminders_due, reminders_sweep, scorecard_remind
from interviews.models import ScorecardReminder
from tests.calibration.reminders import held_session
from tests.conftest import need
from tests.data.builders import make_plan

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
SESSIONS = 12


@pytest.fixture
def open_scorecards(team):
    need(connection.vendor == "postgresql", "the concurrency tests need PostgreSQL")
    plan = make_plan(team.organisation)
    for n in range(SESSIONS):
        held_session(team, plan=plan, name=f"Candidate {n}")
    mail.outbox.clear()  # the scheduling invitations; only reminders are counted below
    return SESSIONS * 2


def in_threads(*jobs):
    """Run each job in its own thread and database connection, released together."""
    start = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(i, job):
        try:
            start.wait()
            results[i] = job()
        except Exception as error:  # surfaced below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def assert_each_sent_once(expected: int):
    rows = Counter(ScorecardReminder.objects.values_list("scorecard_id", "sequence"))
    assert len(rows) == expected and set(rows.values()) == {1}
    mailed = Counter((m.to[0], m.body) for m in mail.outbox)
    assert len(mail.outbox) == expected and set(mailed.values()) == {1}


def test_two_sweeps_at_the_same_moment_send_each_reminder_once(open_scorecards):
    now = timezone.now()
    first, second = in_threads(lambda: reminders_sweep(now=now), lambda: reminders_sweep(now=now))
    assert first + second == open_scorecards
    assert_each_sent_once(open_scorecards)


def test_sweeps_that_both_read_before_either_sends_still_send_once(open_scorecards):
    now = timezone.now()
    # Both sweeps see every reminder due before either has claimed one: the worst interleaving.
    due_a, due_b = reminders_due(now=now), reminders_due(now=now)
    assert len(due_a) == len(due_b) == open_scorecards

    def send(due):
        return sum(
            scorecard_remind(scorecard_id=d.scorecard_id, sequence=d.sequence, now=now) for d in due
        )

    first, second = in_threads(lambda: send(due_a), lambda: send(list(reversed(due_b))))
    assert first + second == open_scorecards
    assert_each_sent_once(open_scorecards)


def test_a_restarted_sweep_sends_nothing_already_sent(open_scorecards):
    now = timezone.now()
    assert reminders_sweep(now=now) == open_scorecards
    assert in_threads(lambda: reminders_sweep(now=now), lambda: reminders_sweep(now=now)) == [0, 0]
    assert_each_sent_once(open_scorecards)
