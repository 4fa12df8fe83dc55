import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "target", ["x", "dashboard", "logout", "interviews:dashboard", "//evil.example"]
)
def test_switching_goes_to_the_dashboard_for_any_next_that_is_not_a_local_url(client, team, target):
    client.force_login(team.owner)
    response = client.post(
        "/accounts/organisations/switch/", {"organisation": team.organisation.pk, "next": target}
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_a_local_next_is_followed(client, team):
    client.force_login(team.owner)
    response = client.post(
        "/accounts/organisations/switch/", {"organisation": team.organisation.pk, "next": "/plans/"}
    )
    assert response.url == "/plans/"


def test_a_huge_organisation_id_is_404(client, team):
    client.force_login(team.owner)
    response = client.post("/accounts/organisations/switch/", {"organisation": "9" * 23})
    assert response.status_code == 404


def test_signed_in_login_pointing_at_itself_ends_on_the_dashboard(client, team):
    client.force_login(team.owner)
    response = client.get("/accounts/login/?next=/accounts/login/")
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/accounts/login/?next=/accounts/login/%3Fnext%3D/").url == "/"


def test_a_bank_move_with_a_bare_word_next_stays_on_site(client, team):
    from tests.questionbank.test_bank_support import make_bank

    question_set = make_bank(organisation=team.organisation)
    question = question_set.questions.first()
    client.force_login(team.owner)
    response = client.post(f"/bank/questions/{question.pk}/move/down/", {"next": "dashboard"})
    assert response.status_code == 302
    assert response.url == f"/bank/questions/{question.pk}/"
