"""A hiring candidate reads their own report without the panel's private material."""

import json

import pytest

from interviews.models import InterviewSession
from interviews.sessions import services as session_services
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(team, django_capture_on_commit_callbacks):
    def build(mode):
        session = make_session(
            team.organisation, [team.interviewer], mode=mode, email=team.candidate.email
        )
        card = session.scorecards.get()
        session_services.note_save(
            scorecard=card,
            session_question_id=session.questions.first().pk,
            text="Private panel note",
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.interviewer, recommendation="strong_no")
        return session

    return build


def test_a_hiring_candidate_sees_numbers_but_not_notes_or_recommendations(client, team, reported):
    session = reported(InterviewSession.Mode.HIRING)
    client.force_login(team.candidate)
    page = client.get(f"/reports/{session.pk}/")
    assert page.status_code == 200
    assert "Private panel note" not in page.text
    assert "Strong no" not in page.text
    data = json.loads(client.get(f"/reports/{session.pk}/report.json").content)
    assert data["overall"] is not None
    assert data["recommendations"] == []
    assert all(q["notes"] == {} for q in data["questions"])
    assert "Private panel note" not in client.get(f"/reports/{session.pk}/report.csv").text


def test_staff_see_everything(client, team, reported):
    session = reported(InterviewSession.Mode.HIRING)
    client.force_login(team.owner)
    page = client.get(f"/reports/{session.pk}/")
    assert "Private panel note" in page.text and "Strong no" in page.text


def test_practising_peers_both_read_the_whole_report(client, team, reported):
    session = reported(InterviewSession.Mode.PRACTICE)
    client.force_login(team.candidate)
    page = client.get(f"/reports/{session.pk}/")
    assert "Private panel note" in page.text and "Strong no" in page.text
