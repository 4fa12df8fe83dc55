"""Everything held about a candidate, exported or erased on request by an owner."""

import json

import pytest

from interviews.models import AuditEvent, Candidate, QuestionNote, Rating, Report
from interviews.sessions import services
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team, django_capture_on_commit_callbacks):
    session = make_session(
        team.organisation,
        [team.interviewer],
        candidate_name="Dana Private",
        email="dana@example.com",
    )
    card = session.scorecards.get()
    services.note_save(
        scorecard=card, session_question_id=session.questions.first().pk, text="Dana said: 'X'"
    )
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer)
    return session


def test_an_owner_exports_everything_about_the_person(client, team, session):
    client.force_login(team.owner)
    response = client.get(f"/candidates/{session.candidate_id}/export.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["candidate"]["email"] == "dana@example.com"
    [held] = data["sessions"]
    assert len(held["ratings"]) == 7 and held["notes"][0]["text"] == "Dana said: 'X'"
    assert held["report"]["overall"] is not None


def test_erasing_keeps_the_numbers_and_removes_the_person(client, team, session):
    before = Report.objects.get(session=session)
    client.force_login(team.owner)
    assert "Erase the candidate" in client.get(f"/candidates/{session.candidate_id}/erase/").text
    client.post(f"/candidates/{session.candidate_id}/erase/")
    candidate = Candidate.objects.get(pk=session.candidate_id)
    assert candidate.name.startswith("Erased candidate") and candidate.email == ""
    assert not QuestionNote.objects.exclude(text="").exists()
    report = Report.objects.get(session=session)
    assert report.overall == before.overall and report.band == before.band
    assert "Dana" not in json.dumps(report.data) and "dana" not in report.search_text
    assert Rating.objects.filter(scorecard__session=session).count() == 7
    event = AuditEvent.objects.get(action="candidate_erased")
    assert "Dana" not in json.dumps(event.detail)


def test_erasing_takes_the_name_out_of_the_folded_search_text(
    client, team, django_capture_on_commit_callbacks
):
    session = make_session(team.organisation, [team.owner], candidate_name="Jörg Weiß")
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    client.force_login(team.owner)
    assert Report.objects.get(session=session).search_text.startswith("jörg weiss ")
    assert len(client.get("/reports/", {"q": "WEISS"}).context["page"].rows) == 1
    client.post(f"/candidates/{session.candidate_id}/erase/")
    search_text = Report.objects.get(session=session).search_text
    assert "jörg" not in search_text and "wei" not in search_text
    assert "jorg" not in search_text  # nor its ASCII spelling
    assert "jorg" not in Candidate.objects.get(pk=session.candidate_id).search_key
    assert not client.get("/candidates/", {"q": "jorg"}).context["page"].object_list
    assert search_text.startswith(f"erased candidate #{session.candidate_id} ")
    assert client.get("/reports/", {"q": "weiß"}).context["page"].rows == []
    assert client.get("/reports/", {"q": "Jörg"}).context["page"].rows == []
    [found] = client.get("/reports/", {"q": "ERASED CANDIDATE"}).context["page"].rows
    assert found.session_id == session.pk


@pytest.mark.parametrize("who", ["interviewer", "candidate", "outsider"])
def test_only_an_owner_may_export_or_erase(client, team, session, who):
    client.force_login(getattr(team, who))
    assert client.get(f"/candidates/{session.candidate_id}/export.json").status_code == 404
    assert client.post(f"/candidates/{session.candidate_id}/erase/").status_code == 404
    assert Candidate.objects.get(pk=session.candidate_id).name == "Dana Private"
