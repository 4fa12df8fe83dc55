import pytest

from accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


def _as(client, user, team):
    client.force_login(user)
    client.post("/accounts/organisations/switch/", {"organisation": team.organisation.pk})


def _membership(user, team):
    return Membership.objects.get(user=user, organisation=team.organisation)


def test_it_changes_a_members_role(client, team):
    _as(client, team.owner, team)
    target = _membership(team.interviewer, team)
    client.post(f"/accounts/members/{target.pk}/role/", {"role": "owner"})
    assert _membership(team.interviewer, team).role == Role.OWNER


def test_the_last_owner_cannot_demote_or_remove_themselves(client, team):
    _as(client, team.owner, team)
    own = _membership(team.owner, team)
    response = client.post(f"/accounts/members/{own.pk}/role/", {"role": "candidate"}, follow=True)
    assert "at least one owner" in response.text
    client.post(f"/accounts/members/{own.pk}/remove/")
    assert _membership(team.owner, team).role == Role.OWNER


def test_an_owner_steps_down_once_another_owner_exists(client, team):
    _as(client, team.owner, team)
    client.post(
        f"/accounts/members/{_membership(team.interviewer, team).pk}/role/", {"role": "owner"}
    )
    client.post(
        f"/accounts/members/{_membership(team.owner, team).pk}/role/", {"role": "interviewer"}
    )
    assert _membership(team.owner, team).role == Role.INTERVIEWER
    assert Membership.objects.filter(organisation=team.organisation, role=Role.OWNER).count() == 1


def test_it_removes_a_member(client, team):
    _as(client, team.owner, team)
    client.post(f"/accounts/members/{_membership(team.candidate, team).pk}/remove/")
    assert not Membership.objects.filter(
        user=team.candidate, organisation=team.organisation
    ).exists()


def test_only_the_teams_owner_changes_roles(client, team):
    target = _membership(team.candidate, team)
    for user in (team.interviewer, team.outsider):
        _as(client, user, team)
        assert (
            client.post(f"/accounts/members/{target.pk}/role/", {"role": "owner"}).status_code
            == 404
        )
        assert client.post(f"/accounts/members/{target.pk}/remove/").status_code == 404
    assert _membership(team.candidate, team).role == Role.CANDIDATE


def test_a_bad_role_changes_nothing(client, team):
    _as(client, team.owner, team)
    target = _membership(team.candidate, team)
    client.post(f"/accounts/members/{target.pk}/role/", {"role": "admin"})
    assert _membership(team.candidate, team).role == Role.CANDIDATE
