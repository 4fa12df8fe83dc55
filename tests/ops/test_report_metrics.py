"""Report generation measured from Celery's task signals, whatever the task returns."""

import pytest

from interviews.models import Report
from interviews.reports.tasks import generate_report
from tests.builders import make_session, rate_all
from tests.ops.conftest import scrape, value

pytestmark = pytest.mark.django_db

NAME = "interviews_report_generations_total"


@pytest.fixture
def submitted(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.interviewer])
    with django_capture_on_commit_callbacks(execute=False):
        rate_all(session, team.interviewer)  # submitted, its task not yet run
    return session


def _delta(client, run, outcome: str) -> tuple[float, float]:
    before = scrape(client)
    run()
    after = scrape(client)
    seconds = "interviews_report_generation_seconds_count"
    return (
        value(after, NAME, outcome=outcome) - value(before, NAME, outcome=outcome),
        value(after, seconds) - value(before, seconds),
    )


def test_it_counts_and_times_a_generated_report(client, submitted):
    assert _delta(client, lambda: generate_report.delay(submitted.pk), "ready") == (1, 1)
    assert Report.objects.get(session=submitted).status == Report.Status.READY


def test_it_counts_a_failed_report(client, submitted, monkeypatch, json_log):
    def broken(**kwargs):
        raise ZeroDivisionError("a bug in the report")

    monkeypatch.setattr("interviews.reports.tasks.report_generate", broken)
    assert _delta(client, lambda: generate_report.delay(submitted.pk), "failed") == (1, 1)
    assert Report.objects.get(session=submitted).status == Report.Status.FAILED
    finished = json_log.events("report_generation_finished")
    assert finished[-1]["level"] == "warning"
    assert finished[-1]["session_id"] == submitted.pk


def test_a_session_not_submitted_counts_as_skipped(client, team):
    session = make_session(team.organisation, [team.interviewer])
    assert _delta(client, lambda: generate_report.delay(session.pk), "skipped") == (1, 1)
