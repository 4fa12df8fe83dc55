"""Signing in lands in the organisation used last, never in one the person has not opened."""

import pytest

from accounts.services import membership_add, user_create

pytestmark = pytest.mark.django_db


def _sign_in(client, username):
    client.post("/accounts/login/", {"username": username, "password": "a-long-pass-phrase"})
    return client.get("/accounts/members/").context


def test_being_put_in_a_team_does_not_move_the_next_sign_in_there(client, team):
    """Attack 3: a team alphabetically first is not where the person works unknowingly."""
    user = user_create(username="pat", email="pat@example.com", password="a-long-pass-phrase")
    team.organisation.name = "AAA first"
    team.organisation.save()
    membership_add(organisation=team.organisation, user=user, role="owner")
    context = _sign_in(client, "pat")
    assert context["membership"].organisation.is_personal


def test_it_lands_in_the_organisation_switched_to_last(client, team):
    user = user_create(username="pat", email="pat@example.com", password="a-long-pass-phrase")
    membership_add(organisation=team.organisation, user=user, role="interviewer")
    _sign_in(client, "pat")
    client.post("/accounts/organisations/switch/", {"organisation": team.organisation.pk})
    client.logout()
    assert _sign_in(client, "pat")["membership"].organisation == team.organisation


def test_leaving_the_last_organisation_falls_back_to_the_personal_space(client, team):
    user = user_create(username="pat", email="pat@example.com", password="a-long-pass-phrase")
    membership = membership_add(organisation=team.organisation, user=user, role="interviewer")
    _sign_in(client, "pat")
    client.post("/accounts/organisations/switch/", {"organisation": team.organisation.pk})
    client.logout()
    membership.delete()
    assert _sign_in(client, "pat")["membership"].organisation.is_personal
