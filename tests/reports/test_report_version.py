"""An earlier version of a report: listed on the report page, readable as it was, 404 to others."""

import pytest
from django.urls import reverse

from interviews.models import InterviewSession, Rating
from interviews.reports.services import report_new_version
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def amended(team, django_capture_on_commit_callbacks):
    from interviews.sessions import services as session_services

    session = make_session(
        team.organisation,
        [team.interviewer],
        mode=InterviewSession.Mode.HIRING,
        email=team.candidate.email,
    )
    session_services.note_save(
        scorecard=session.scorecards.get(interviewer=team.interviewer),
        session_question_id=session.questions.get(position=0).pk,
        text="Private panel note",
    )
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer, points_for=lambda n: 1)
    Rating.objects.filter(scorecard__session=session).update(points=4)
    with django_capture_on_commit_callbacks(execute=True):
        report_new_version(session=session, reason="Ratings amended after review", actor=team.owner)
    return session


def version_url(session, number: int = 1) -> str:
    return reverse("interviews:report_version", args=[session.pk, number])


def test_the_report_page_lists_earlier_versions(client, team, amended):
    client.force_login(team.owner)
    page = client.get(reverse("interviews:report_detail", args=[amended.pk])).text
    assert "Earlier versions" in page
    assert version_url(amended) in page
    assert "Ratings amended after review" in page
    assert 'data-score="overall">100.0<' in page


def test_a_version_reads_as_it_was(client, team, amended):
    client.force_login(team.owner)
    response = client.get(version_url(amended))
    assert response.status_code == 200
    assert response.context["version"].number == 1
    assert 'data-score="overall">25.0<' in response.text
    assert "This is version 1 of the report" in response.text
    assert "Private panel note" in response.text
    assert reverse("interviews:report_pdf", args=[amended.pk]) not in response.text


def test_a_hiring_candidate_reads_a_version_without_panel_notes(client, team, amended):
    client.force_login(team.candidate)
    response = client.get(version_url(amended))
    assert response.status_code == 200
    assert 'data-score="overall">25.0<' in response.text
    assert "Private panel note" not in response.text


def test_an_unknown_version_is_404(client, team, amended):
    client.force_login(team.owner)
    assert client.get(version_url(amended, 2)).status_code == 404


def test_a_stranger_gets_404(client, team, amended):
    client.force_login(team.outsider)
    assert client.get(version_url(amended)).status_code == 404


def test_signed_out_is_sent_to_log_in(client, amended):
    response = client.get(version_url(amended))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
