import pytest
from django.core import mail

from tests.mail import committed

pytestmark = pytest.mark.django_db


def _signup(client, n):
    return client.post(
        "/accounts/signup/",
        {"username": f"person{n}", "email": f"p{n}@example.com", "password": "a-long-pass-phrase"},
    )


def test_sign_up_is_limited_per_address(client):
    for n in range(10):
        assert _signup(client, n).status_code == 302
        client.logout()
    response = _signup(client, 10)
    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_password_reset_is_limited_per_email(client, team):
    for _ in range(3):
        with committed():
            response = client.post("/accounts/password/reset/", {"email": team.owner.email})
        assert response.status_code == 302
    assert client.post("/accounts/password/reset/", {"email": team.owner.email}).status_code == 429
    assert len(mail.outbox) == 3


def test_password_reset_answers_the_same_for_an_unknown_address(client, team):
    known = client.post("/accounts/password/reset/", {"email": team.owner.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_the_confirmation_resend_is_limited_per_account(client, user_factory):
    user = user_factory(email_verified_at=None)
    client.force_login(user)
    for _ in range(3):
        with committed():
            assert client.post("/accounts/verify/resend/").status_code == 302
    assert client.post("/accounts/verify/resend/").status_code == 429
    assert len(mail.outbox) == 3


def test_sign_up_does_not_reveal_that_an_address_has_an_account(client, user_factory):
    user_factory(username="owner1", email="taken@example.com")
    with committed():
        taken = client.post(
            "/accounts/signup/",
            {"username": "newone", "email": "taken@example.com", "password": "a-long-pass-phrase"},
        )
    client.logout()
    with committed():
        free = client.post(
            "/accounts/signup/",
            {"username": "newtwo", "email": "free@example.com", "password": "a-long-pass-phrase"},
        )
    assert taken.status_code == free.status_code == 302
    assert taken.url == free.url
    notice, confirmation = mail.outbox[-2], mail.outbox[-1]
    assert notice.to == ["taken@example.com"]
    assert "/accounts/verify/" not in notice.body  # the new account cannot claim the address
    assert "/accounts/verify/" in confirmation.body
