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
    assert "No ready reports" in response.text
