"""The header: an owner's bar stays one line at 1366 px, and its Calibration menu works by
keyboard (Enter opens it, Escape closes it and gives focus back to its summary)."""

import pytest

from tests.a11y.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPS = """() => Array.from(document.querySelectorAll(
  '.site-header .brand, .main-nav > a, .main-nav > details > summary, .header-tools'
)).map(el => Math.round(el.getBoundingClientRect().top))"""


def test_an_owners_header_is_one_line_at_1366_and_its_menu_answers_the_keyboard(new_page, demo):
    page = new_page(width=1366, height=768)
    sign_in(page, "demo-owner")
    tops = page.evaluate(TOPS)
    assert len(tops) >= 8 and max(tops) - min(tops) < 20, tops

    summary = page.locator("details.nav-menu summary")
    summary.focus()
    page.keyboard.press("Enter")
    regrades = page.get_by_role("link", name="Regrades")
    assert regrades.is_visible()
    page.keyboard.press("Escape")
    assert not regrades.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Calibration"

    summary.click()
    page.locator("h1").click()  # a click elsewhere closes it too
    assert not regrades.is_visible()
