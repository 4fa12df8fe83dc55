"""The embedded default under concurrent writers: a panel at any pace never sees a lock error."""

import threading

import pytest
from django.db import connection, connections, transaction

from interviews.models import QuestionNote
from tests.conftest import need_sqlite
from tests.data.builders import make_session
from tests.data.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sqlite():
    need_sqlite("Locking under concurrent writers (PostgreSQL queues writers by itself)")


def test_it_runs_in_wal_mode_with_a_busy_timeout(sqlite):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_writers_that_read_first_all_succeed_at_once(sqlite):
    """Eight threads each read then write in one transaction, all at the same moment: the
    read-then-upgrade pattern that answered "database is locked" under deferred transactions."""
    interviewer = UserFactory()
    session = make_session(OrganisationFactory(), [interviewer])
    scorecard = session.scorecards.first()
    questions = list(session.questions.all())
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for round_ in range(10):
                with transaction.atomic():
                    sq = questions[(n + round_) % len(questions)]
                    note, _ = QuestionNote.objects.get_or_create(
                        scorecard=scorecard, session_question=sq
                    )
                    note.text = f"writer {n} round {round_}"
                    note.save()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert QuestionNote.objects.filter(scorecard=scorecard).count() == len(questions)
