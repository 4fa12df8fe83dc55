import pytest

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_outsider_cannot_switch_into_a_foreign_organisation(client, team):
    client.force_login(team.outsider)
    response = client.post(
        "/accounts/organisations/switch/", {"organisation": team.organisation.pk}
    )
    assert response.status_code == 404


def test_member_switches_organisation(client, team):
    client.force_login(team.interviewer)
    response = client.post(
        "/accounts/organisations/switch/", {"organisation": team.organisation.pk}
    )
    assert response.status_code == 302
    page = client.get("/accounts/members/")
    assert "Members of Acme hiring" in page.text


def test_members_page_shows_only_the_current_organisation(client, team):
    client.force_login(team.outsider)
    page = client.get("/accounts/members/")
    assert team.owner.username not in page.text


def test_creating_a_team_makes_the_creator_owner(client, user_factory):
    user = user_factory()
    client.force_login(user)
    response = client.post("/accounts/organisations/new/", {"name": "Platform hiring"})
    assert response.status_code == 302
    membership = user.memberships.get(organisation__name="Platform hiring")
    assert membership.role == Role.OWNER


def test_switching_never_redirects_off_site(client, team):
    client.force_login(team.owner)
    for target in ("https://evil.example/", "//evil.example/"):
        response = client.post(
            "/accounts/organisations/switch/",
            {"organisation": team.organisation.pk, "next": target},
        )
        assert response.status_code == 302
        assert response.url == "/"
    response = client.post(
        "/accounts/organisations/switch/", {"organisation": team.organisation.pk, "next": "/bank/"}
    )
    assert response.url == "/bank/"


def test_a_malformed_organisation_is_404(client, team):
    client.force_login(team.owner)
    assert (
        client.post("/accounts/organisations/switch/", {"organisation": "abc"}).status_code == 404
    )


def test_a_candidate_member_cannot_list_members(client, team):
    client.force_login(team.candidate)
    response = client.get("/accounts/members/")
    assert response.status_code == 404
    assert team.owner.email not in response.text
