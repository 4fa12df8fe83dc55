import pytest
from django.core.management import call_command

from interviews.models import InterviewSession
from interviews.plans.services import DEFAULT_PLAN_TITLE

pytestmark = pytest.mark.django_db


def test_one_click_practice_with_a_peer(client, user_factory):
    call_command("load_bank", "questionbank/banks/serverless.yaml")
    me = user_factory(username="me")
    from accounts.services import organisation_create

    organisation_create(name="My practice", owner=me, is_personal=True)
    peer = user_factory(username="peer", email="peer@example.com")
    client.force_login(me)
    response = client.post(
        "/practice/", {"peer_name": "Pat Peer", "peer_email": "PEER@example.com"}
    )
    assert response.status_code == 302
    session = InterviewSession.objects.get()
    assert session.plan.title == DEFAULT_PLAN_TITLE
    assert session.candidate.user == peer
    categories = set(session.questions.values_list("category", flat=True))
    assert categories == {"technical", "scenario", "behavioral", "system_design"}
    assert sum(session.questions.values_list("minutes", flat=True)) == 60
    assert session.scorecards.get().interviewer == me


def test_it_needs_a_name(client, user_factory):
    from accounts.services import organisation_create

    me = user_factory()
    organisation_create(name="My practice", owner=me, is_personal=True)
    client.force_login(me)
    response = client.post("/practice/", {"peer_name": ""}, follow=True)
    assert "Enter your peer" in response.text
    assert not InterviewSession.objects.exists()


def test_a_candidate_member_cannot_start_one(client, team):
    client.force_login(team.candidate)
    assert client.post("/practice/", {"peer_name": "X"}).status_code == 404
