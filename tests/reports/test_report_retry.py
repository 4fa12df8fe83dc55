from unittest import mock

import pytest
from django.urls import reverse

from interviews.models import AuditEvent, Report
from tests.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(team):
    session = make_session(team.organisation, [team.owner])
    rate_all(session, team.owner)
    Report.objects.filter(session=session).update(
        status=Report.Status.FAILED, error="ValueError: broken", attempts=2
    )
    return session


def retry_url(session) -> str:
    return reverse("interviews:report_retry", args=[session.pk])


def test_it_requeues_keeps_attempts_and_audits(
    client, team, failed, django_capture_on_commit_callbacks
):
    client.force_login(team.owner)
    with (
        mock.patch("interviews.reports.tasks.queue_report") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(retry_url(failed))
    assert response.status_code == 302
    report = Report.objects.get(session=failed)
    assert report.status == Report.Status.PENDING
    assert report.error == ""
    assert report.attempts == 2
    queue.assert_called_once_with(failed.pk)
    event = AuditEvent.objects.get(action="report_retried")
    assert event.actor == team.owner
    assert event.session_id == failed.pk
    assert event.detail["error"] == "ValueError: broken"


def test_it_generates_the_report_when_tasks_run_in_process(
    client, team, failed, django_capture_on_commit_callbacks
):
    client.force_login(team.owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry_url(failed))
    report = Report.objects.get(session=failed)
    assert report.status == Report.Status.READY
    assert report.attempts == 3


def test_htmx_gets_the_polling_partial(client, team, failed):
    client.force_login(team.owner)
    with mock.patch("interviews.reports.tasks.queue_report"):
        response = client.post(retry_url(failed), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Generating report…" in html and 'hx-trigger="sse:report, every 2s"' in html


def test_it_leaves_a_ready_report_alone(client, team, failed, django_capture_on_commit_callbacks):
    from interviews.reports.generation import report_generate

    Report.objects.filter(session=failed).update(status=Report.Status.PENDING)
    report_generate(session_id=failed.pk)
    client.force_login(team.owner)
    with mock.patch("interviews.reports.tasks.queue_report") as queue:
        client.post(retry_url(failed))
    queue.assert_not_called()
    assert Report.objects.get(session=failed).status == Report.Status.READY
    assert not AuditEvent.objects.filter(action="report_retried").exists()


def test_an_interviewer_who_is_not_owner_gets_404(client, team, failed):
    client.force_login(team.interviewer)
    assert client.post(retry_url(failed)).status_code == 404
    assert Report.objects.get(session=failed).status == Report.Status.FAILED


def test_an_outsider_gets_404(client, team, failed):
    client.force_login(team.outsider)
    assert client.post(retry_url(failed)).status_code == 404


def test_a_candidate_member_gets_404(client, team, failed):
    client.force_login(team.candidate)
    assert client.post(retry_url(failed)).status_code == 404


def test_it_rejects_get(client, team, failed):
    client.force_login(team.owner)
    assert client.get(retry_url(failed)).status_code == 405
