import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_log_out_log_in_and_see_the_dashboard(page, browser_login):
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", "grace")
    page.fill("input[name=first_name]", "Grace")
    page.fill("input[name=email]", "grace@example.com")
    page.fill("input[name=password]", "a-long-pass-phrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert page.locator("h1").first.inner_text() == "Dashboard"
    assert "Welcome!" in page.content()

    page.click("summary")
    page.click("text=Sign out")
    page.wait_for_url("**/accounts/login/")
    browser_login(page, "grace", "a-long-pass-phrase")
    page.wait_for_url("**/")
    assert page.locator("h1").first.inner_text() == "Dashboard"
    assert "Grace's practice" in page.locator(".org-switch").inner_text()
