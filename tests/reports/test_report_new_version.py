"""report_new_version: the report is regenerated and what it said before is kept, numbered."""

from unittest import mock

import pytest

from interviews.errors import InterviewError
from interviews.models import AuditEvent, Rating, Report, ReportVersion
from interviews.reports.services import report_new_version
from tests.builders import make_session, rate_all
from tests.reports.test_report_json import assert_consistent

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner, points_for=lambda n: 2)
    return session


def amend(session, points: int) -> None:
    """What an amended scorecard leaves behind: different ratings on a submitted session."""
    Rating.objects.filter(scorecard__session=session).update(points=points)


def test_it_keeps_the_ready_report_as_version_one_and_regenerates(
    team, reported, django_capture_on_commit_callbacks
):
    before = Report.objects.get(session=reported)
    amend(reported, 4)
    with django_capture_on_commit_callbacks(execute=True):
        report_new_version(session=reported, reason="Q2 was rated one level low", actor=team.owner)
    report = Report.objects.get(session=reported)
    assert report.status == Report.Status.READY
    assert report.version == 2 and report.data["version"] == 2
    assert report.overall == 100 and report.band == "strong_hire"
    assert_consistent(report.data)
    kept = ReportVersion.objects.get(report=report)
    assert kept.number == 1
    assert kept.data == before.data and kept.data["version"] == 1
    assert kept.overall == before.overall and kept.band == before.band
    assert kept.generated_at == before.generated_at
    assert kept.reason == "Q2 was rated one level low"
    assert kept.created_by == team.owner


def test_it_queues_after_commit_and_is_audited(team, reported, django_capture_on_commit_callbacks):
    with (
        mock.patch("interviews.reports.tasks.queue_report") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = report_new_version(session=reported, reason="regrade granted", actor=team.owner)
        queue.assert_not_called()
    queue.assert_called_once_with(reported.pk)
    assert Report.objects.get(pk=report.pk).status == Report.Status.PENDING
    event = AuditEvent.objects.get(session=reported, action="report_new_version")
    assert event.actor == team.owner
    assert event.detail == {"reason": "regrade granted", "kept_version": 1, "version": 2}


def test_versions_count_up(team, reported, django_capture_on_commit_callbacks):
    for points, reason in ((3, "first amendment"), (4, "second amendment")):
        amend(reported, points)
        with django_capture_on_commit_callbacks(execute=True):
            report_new_version(session=reported, reason=reason, actor=team.owner)
    report = Report.objects.get(session=reported)
    assert report.version == 3
    assert list(report.versions.values_list("number", "reason")) == [
        (1, "first amendment"),
        (2, "second amendment"),
    ]


def test_a_report_not_ready_is_requeued_without_a_version(
    team, reported, django_capture_on_commit_callbacks
):
    Report.objects.filter(session=reported).update(status=Report.Status.FAILED, error="boom")
    with django_capture_on_commit_callbacks(execute=True):
        report_new_version(session=reported, reason="amended", actor=team.owner)
    report = Report.objects.get(session=reported)
    assert report.status == Report.Status.READY and report.version == 1
    assert not ReportVersion.objects.exists()


def test_it_refuses_without_a_reason(team, reported):
    with pytest.raises(InterviewError, match="Say why"):
        report_new_version(session=reported, reason="   ", actor=team.owner)
    assert not ReportVersion.objects.exists()
    assert Report.objects.get(session=reported).status == Report.Status.READY


def test_it_refuses_an_overlong_reason(team, reported):
    with pytest.raises(InterviewError, match="under 500"):
        report_new_version(session=reported, reason="x" * 501, actor=team.owner)


def test_it_refuses_a_session_without_a_report(team):
    session = make_session(team.organisation, [team.owner])
    with pytest.raises(InterviewError, match="no report"):
        report_new_version(session=session, reason="amended", actor=team.owner)
