import pytest

pytestmark = pytest.mark.django_db


def test_it_rotates_the_session_key_at_login(client, user_factory, password):
    user = user_factory()
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert int(client.session["_auth_user_id"]) == user.pk


def test_it_throttles_repeated_failures_with_a_clear_message(client, user_factory, password):
    user = user_factory()
    for _ in range(5):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert "_auth_user_id" not in client.session


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_logout_needs_post(client, user_factory):
    client.force_login(user_factory())
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_says_what_the_product_is(client):
    page = client.get("/accounts/login/").text
    assert "Structured interviews, scored by rubric" in page
    assert "No AI in the scoring." in page and "Practise with a peer." in page
    assert 'name="username"' in page and 'href="/accounts/signup/"' in page
