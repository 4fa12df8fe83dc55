import pytest

from accounts.services import organisation_create
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


def test_a_peer_sees_progress_across_every_space_they_practised_in(
    client, user_factory, django_capture_on_commit_callbacks
):
    me = user_factory(username="me", email="me@example.com")
    for n, level in enumerate((1, 3)):
        host = user_factory(username=f"host{n}")
        space = organisation_create(name=f"Host {n} practice", owner=host, is_personal=True)
        session = make_session(space, [host], email="me@example.com", candidate_name="Me")
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, host, lambda i, level=level: level)
    client.force_login(me)
    response = client.get("/me/progress/")
    assert response.status_code == 200
    history = response.context["history"]
    assert len(history) == 2
    assert history[0]["overall"] > history[1]["overall"]  # newest first, and better
    assert response.context["chart"] is not None


def test_it_shows_nothing_of_anyone_else(
    client, team, user_factory, django_capture_on_commit_callbacks
):
    session = make_session(team.organisation, [team.interviewer], email=team.candidate.email)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer)
    client.force_login(user_factory())
    response = client.get("/me/progress/")
    assert response.context["history"] == []
    assert "You have no reports as a candidate yet." in response.text


def test_the_empty_pages_speak_to_the_reader_or_of_the_candidate(client, team):
    """Your own page says "you"; a candidate's page names them, never "Your progress"."""
    client.force_login(team.owner)
    own = client.get("/me/progress/").text
    assert "Your report appears here once your interviewer" in own
    assert "for Your progress" not in own and "their sessions" not in own
    session = make_session(team.organisation, [team.owner], candidate_name="Robin Roe")
    theirs = client.get(f"/candidates/{session.candidate_id}/history/").text
    assert "No ready reports for Robin Roe yet." in theirs
    assert "on one of Robin Roe's sessions has submitted their scorecard" in theirs
