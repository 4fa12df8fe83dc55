"""Joining a team takes an invitation mailed to the address and accepted by its confirmed owner."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, Membership, Role
from tests.mail import committed

pytestmark = pytest.mark.django_db


def _as_owner(client, team):
    client.force_login(team.owner)
    client.post("/accounts/organisations/switch/", {"organisation": team.organisation.pk})


def _invite(client, email, role="interviewer"):
    with committed():
        return client.post("/accounts/members/", {"email": email, "role": role})


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/invitations/\S+/)", message.body).group(1)


def _verify_link(message) -> str:
    return re.search(r"http://testserver(/accounts/verify/\S+/)", message.body).group(1)


def test_it_makes_nobody_a_member_until_the_invitee_accepts(client, team, user_factory):
    invitee = user_factory(username="dana", email="dana@example.com")
    _as_owner(client, team)
    response = _invite(client, "Dana@Example.com")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=invitee, organisation=team.organisation).exists()
    link = _link(mail.outbox[-1])
    assert mail.outbox[-1].to == ["dana@example.com"]

    client.force_login(invitee)
    page = client.get(link)
    assert "Accept and join" in page.text
    assert not Membership.objects.filter(user=invitee, organisation=team.organisation).exists()
    client.post(link)
    membership = Membership.objects.get(user=invitee, organisation=team.organisation)
    assert membership.role == Role.INTERVIEWER
    assert client.get("/accounts/members/").context["membership"] == membership


def test_it_no_longer_adds_an_account_by_username(client, team, user_factory):
    """The old form took a username or email and added the account at once."""
    user_factory(username="newcomer")
    _as_owner(client, team)
    response = client.post("/accounts/members/", {"who": "newcomer", "role": "owner"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not Membership.objects.filter(
        user__username="newcomer", organisation=team.organisation
    ).exists()


def test_a_username_that_looks_like_the_victims_address_gets_nothing(client, team, user_factory):
    """Attack 1: registering the username victim@example.com to be added in the victim's place."""
    response = client.post(
        "/accounts/signup/",
        {"username": "victim@example.com", "email": "a@evil.example", "password": "long-pass-9x"},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    squatter = user_factory(username="victimexample", email="a@evil.example")
    _as_owner(client, team)
    _invite(client, "victim@example.com", role="owner")
    client.force_login(squatter)
    link = _link(mail.outbox[-1])
    client.post(link)
    assert not Membership.objects.filter(user=squatter, organisation=team.organisation).exists()


def test_an_unconfirmed_squatter_of_the_address_cannot_accept(client, team, user_factory):
    """Attack 2: signing up first with a colleague's address, never confirming it."""
    squatter = user_factory(
        username="squatter", email="colleague@corp.example", email_verified_at=None
    )
    _as_owner(client, team)
    _invite(client, "colleague@corp.example", role="owner")
    link = _link(mail.outbox[-1])
    client.force_login(squatter)
    page = client.get(link)
    assert "Confirm your email first" in page.text
    client.post(link)
    assert not Membership.objects.filter(user=squatter, organisation=team.organisation).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_account_with_another_address_cannot_use_a_forwarded_link(client, team, user_factory):
    other = user_factory(username="other", email="other@example.com")
    _as_owner(client, team)
    _invite(client, "dana@example.com")
    client.force_login(other)
    link = _link(mail.outbox[-1])
    assert "This invitation is for dana@example.com" in client.get(link).text
    client.post(link)
    assert not Membership.objects.filter(user=other, organisation=team.organisation).exists()


def test_a_newcomer_signs_up_confirms_and_comes_back_to_the_invitation(client, team):
    _as_owner(client, team)
    _invite(client, "new@example.com", role="candidate")
    link = _link(mail.outbox[-1])
    client.logout()

    assert "Create an account" in client.get(link).text
    signup = client.get("/accounts/signup/")
    assert signup.context["form"].initial["email"] == "new@example.com"
    with committed():
        response = client.post(
            "/accounts/signup/",
            {"username": "newbie", "email": "new@example.com", "password": "a-long-pass-phrase"},
        )
    assert response.url == link
    assert "Confirm your email first" in client.get(link).text
    confirmed = client.get(_verify_link(mail.outbox[-1]))
    assert confirmed.url == link
    client.post(link)
    membership = Membership.objects.get(user__username="newbie", organisation=team.organisation)
    assert membership.role == Role.CANDIDATE


def test_signing_in_from_the_invitation_comes_back_to_it(client, team, user_factory, password):
    invitee = user_factory(username="dana", email="dana@example.com")
    _as_owner(client, team)
    _invite(client, "dana@example.com")
    link = _link(mail.outbox[-1])
    client.logout()
    response = client.post(
        f"/accounts/login/?next={link}",
        {"username": invitee.username, "password": password, "next": link},
    )
    assert response.url == link


def test_pending_invitations_are_listed_and_can_be_withdrawn(client, team):
    _as_owner(client, team)
    _invite(client, "dana@example.com")
    link = _link(mail.outbox[-1])
    page = client.get("/accounts/members/")
    assert "dana@example.com" in page.text
    invitation = Invitation.objects.get()
    client.post(f"/accounts/invitations/{invitation.pk}/revoke/")
    assert list(client.get("/accounts/members/").context["invitations"]) == []
    assert client.get(link).status_code == 404


def test_an_expired_invitation_cannot_be_accepted(client, team, user_factory):
    invitee = user_factory(username="dana", email="dana@example.com")
    _as_owner(client, team)
    _invite(client, "dana@example.com")
    link = _link(mail.outbox[-1])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(invitee)
    assert client.post(link).status_code == 404
    assert not Membership.objects.filter(user=invitee, organisation=team.organisation).exists()


def test_a_second_invitation_replaces_the_first(client, team):
    _as_owner(client, team)
    _invite(client, "dana@example.com")
    first = _link(mail.outbox[-1])
    _invite(client, "dana@example.com", role="owner")
    assert client.get(first).status_code == 404
    assert Invitation.objects.pending().get().role == Role.OWNER


def test_only_an_owner_invites_or_withdraws(client, team):
    client.force_login(team.interviewer)
    client.post("/accounts/organisations/switch/", {"organisation": team.organisation.pk})
    assert _invite(client, "dana@example.com").status_code == 404
    assert Invitation.objects.count() == 0
    _as_owner(client, team)
    _invite(client, "dana@example.com")
    invitation = Invitation.objects.get()
    for user in (team.interviewer, team.outsider):
        client.force_login(user)
        assert client.post(f"/accounts/invitations/{invitation.pk}/revoke/").status_code == 404
    assert Invitation.objects.get().is_pending


def test_the_token_is_not_stored(client, team):
    _as_owner(client, team)
    _invite(client, "dana@example.com")
    token = _link(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[-1]
    assert Invitation.objects.get().token_hash != token
    assert not Invitation.objects.filter(token_hash__contains=token).exists()
