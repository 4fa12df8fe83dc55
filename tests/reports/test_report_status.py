import pytest
from django.urls import reverse

from interviews.models import Report
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "report-status"}


@pytest.fixture
def pending(team):
    session = make_session(team.organisation, [team.owner, team.interviewer])
    rate_all(session, team.owner)
    rate_all(session, team.interviewer)  # on_commit does not run: the report stays pending
    return session


def status_url(session) -> str:
    return reverse("interviews:report_status", args=[session.pk])


def test_it_keeps_polling_while_pending(client, team, pending):
    client.force_login(team.interviewer)
    response = client.get(status_url(pending), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="report-status"' in html
    assert "Generating report…" in html
    assert 'hx-trigger="sse:report, every 2s"' in html


def test_it_stops_polling_and_links_the_report_when_ready(client, team, pending):
    from interviews.reports.generation import report_generate

    report_generate(session_id=pending.pk)
    client.force_login(team.interviewer)
    response = client.get(status_url(pending), **HTMX)
    assert response.status_code == 286  # htmx stops polling on this status
    html = response.content.decode()
    assert "hx-trigger" not in html
    assert "Open the report" in html
    assert reverse("interviews:report_detail", args=[pending.pk]) in html


def test_it_stops_polling_and_shows_the_error_when_failed(client, team, pending):
    Report.objects.filter(session=pending).update(status="failed", error="KeyError: 'x'")
    client.force_login(team.owner)
    response = client.get(status_url(pending), **HTMX)
    assert response.status_code == 286
    html = response.content.decode()
    assert "could not be generated" in html
    assert "KeyError: &#x27;x&#x27;" in html
    assert "Retry" in html


def test_only_owners_see_the_retry_button(client, team, pending):
    Report.objects.filter(session=pending).update(status="failed", error="boom")
    client.force_login(team.interviewer)
    html = client.get(status_url(pending), **HTMX).content.decode()
    assert "Retry" not in html
    assert "An owner of the organisation can retry it." in html


def test_it_polls_while_the_panel_is_still_scoring(client, team):
    session = make_session(team.organisation, [team.owner])
    client.force_login(team.owner)
    response = client.get(status_url(session), **HTMX)
    assert response.status_code == 200
    assert "Waiting for the panel" in response.content.decode()
    assert 'hx-trigger="sse:report, every 2s"' in response.content.decode()


def test_a_plain_request_goes_to_the_report_page(client, team, pending):
    client.force_login(team.owner)
    response = client.get(status_url(pending))
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:report_detail", args=[pending.pk])


def test_the_partial_can_be_included_from_the_session_page(rf, team, pending):
    from django.template.loader import render_to_string

    report = Report.objects.get(session=pending)
    request = rf.get("/")
    request.user = team.owner
    html = render_to_string(
        "interviews/_report_status.html", {"report": report, "session": pending}, request
    )
    assert 'id="report-status"' in html and "Generating report…" in html


def test_an_outsider_gets_404(client, team, pending):
    client.force_login(team.outsider)
    assert client.get(status_url(pending), **HTMX).status_code == 404


def test_a_candidate_member_gets_404(client, team, pending):
    client.force_login(team.candidate)
    assert client.get(status_url(pending), **HTMX).status_code == 404


def test_it_rejects_post(client, team, pending):
    client.force_login(team.owner)
    assert client.post(status_url(pending)).status_code == 405
