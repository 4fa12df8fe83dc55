import pytest
from django.contrib.auth import get_user_model

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_it_creates_user_with_personal_organisation(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ada",
            "first_name": "Ada",
            "email": "ada@example.com",
            "password": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="ada")
    membership = user.memberships.get()
    assert membership.role == Role.OWNER
    assert membership.organisation.is_personal
    # Signed in straight away.
    assert client.get("/").status_code == 200


def test_it_refuses_weak_password_and_taken_username(client, user_factory):
    user_factory(username="taken")
    response = client.post(
        "/accounts/signup/", {"username": "taken", "email": "x@example.com", "password": "123"}
    )
    assert response.status_code == 200
    assert "That username is taken." in response.text
    assert "too short" in response.text
    assert get_user_model().objects.filter(email="x@example.com").count() == 0


@pytest.mark.parametrize(
    ("username", "error"),
    [
        ("bartłomiej żółć", "No spaces: use letters, digits and . + - _ only."),
        ("ada@example.com", "No @ (this is not your email address)"),
        ("ada#1", "No “#”: use letters, digits and . + - _ only."),
    ],
)
def test_a_refused_username_names_what_is_wrong(client, username, error):
    response = client.post(
        "/accounts/signup/",
        {"username": username, "email": "b@example.com", "password": "a-long-pass-phrase"},
    )
    assert error in response.context["form"].errors["username"][0]
    assert not get_user_model().objects.filter(email="b@example.com").exists()


def test_a_username_with_polish_letters_is_fine(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "bartłomiej.żółć", "email": "b@example.com", "password": "a-long-pass-phrase"},
    )
    assert response.status_code == 302
