import pytest
from django.test import Client

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


def test_a_scripts_request_sent_to_sign_in_is_told_it_is_signed_out_and_gets_no_csrf_cookie():
    """A signed-out console's saves and stream follow their redirect to the sign-in page while
    the person signs in from another tab: a new CSRF cookie set by one of them would make that
    sign-in fail. A page load still gets the form and its cookie."""
    script = Client(enforce_csrf_checks=True)
    response = script.get(
        "/accounts/login/?next=/sessions/1/console/", headers={"Sec-Fetch-Dest": "empty"}
    )
    assert response.status_code == 401
    assert "Signed out" in response.text
    assert "csrftoken" not in response.cookies

    person = Client(enforce_csrf_checks=True)
    page = person.get("/accounts/login/", headers={"Sec-Fetch-Dest": "document"})
    assert page.status_code == 200 and 'name="password"' in page.text
    assert "csrftoken" in page.cookies


@pytest.mark.parametrize(
    "late",
    ["/accounts/login/?next=/", "/sessions/1/pad/"],
    ids=["a save redirected to sign in", "a pad poll answered 404"],
)
def test_a_signed_out_tabs_script_request_leaves_the_sign_in_of_another_tab_working(
    user_factory, password, late
):
    """The race itself: the form is loaded, a script's request sent before the form's cookie
    existed lands, then the form is posted with the token it was given."""
    user = user_factory()
    browser = Client(enforce_csrf_checks=True)
    form = browser.get("/accounts/login/")
    answer = Client().get(late, headers={"Sec-Fetch-Dest": "empty"})
    browser.cookies.update(answer.cookies)  # one jar: whatever it sets replaces the form's
    response = browser.post(
        "/accounts/login/",
        {
            "username": user.username,
            "password": password,
            "csrfmiddlewaretoken": str(form.context["csrf_token"]),
        },
    )
    assert response.status_code == 302


def test_no_page_fetched_by_a_script_without_a_cookie_sets_one():
    """The same race through any page, a 404 say: a signed-out console's pad poll, sent before
    the sign-in page in another tab set its cookie, must not replace that cookie. A page load
    without a cookie still gets one."""
    fetched = Client().get("/no-such-page/", headers={"Sec-Fetch-Dest": "empty"})
    assert fetched.status_code == 404
    assert "csrftoken" not in fetched.cookies
    loaded = Client().get("/no-such-page/", headers={"Sec-Fetch-Dest": "document"})
    assert loaded.status_code == 404 and "csrftoken" in loaded.cookies
