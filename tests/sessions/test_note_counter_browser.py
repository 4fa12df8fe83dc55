"""The note's character counter tells the text in the box, whatever put it there."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def console(started_console):
    page, _ = started_console
    page.wait_for_function("document.readyState === 'complete' && !!window.htmx")
    return page


def test_an_overlong_note_refused_by_the_server_is_counted(console):
    page = console
    # A box that lost its limit (a pasted-in script, an old page): the server still refuses.
    page.evaluate("document.querySelector('#note-text').removeAttribute('maxlength')")
    page.locator("#note-text").fill("a" * 20_050)
    page.locator("#notes + form .saved.failed").wait_for()
    counter = page.locator("#note-count")
    assert counter.inner_text().startswith("20050 / 20000 characters: 50 too many")
    assert "error" in counter.get_attribute("class")


def test_a_note_kept_while_saves_fail_is_counted_when_it_comes_back(console):
    page = console
    page.route("**/note/", lambda route: route.fulfill(status=503, body="Down"))
    page.locator("#note-text").fill("Explained cold starts.")
    page.get_by_role("button", name="Next →").click()
    page.locator(".question-meta", has_text="Q2 of 3").wait_for()
    page.get_by_role("button", name="← Prev").click()
    page.locator(".question-meta", has_text="Q1 of 3").wait_for()
    page.wait_for_function("document.querySelector('#note-text').value.length > 0")
    assert page.locator("#note-text").input_value() == "Explained cold starts."
    page.locator("#note-count", has_text=re.compile(r"^22 / 20000 characters$")).wait_for()
