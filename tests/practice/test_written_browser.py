"""A written practice end to end in two browsers: the candidate answers on their own time and
hands in; a peer who signs up from the scoring link scores the answers beside the rubric; both
read the usual report."""

import re

import pytest

from interviews.models import Report
from interviews.practice import selectors
from interviews.practice import services as practice
from tests.data import builders
from tests.practice.conftest import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile("^Saved$")
RATINGS = {0: ("Events", "Statelessness"), 1: ("Evidence first", "Fix and verify")}


def _answer(page, n, text):
    """Type once question n's page has loaded: keys typed before its scripts run are kept in
    the box but only saved by the next keystroke."""
    page.locator(".question-meta", has_text=f"Question {n} of 3").wait_for()
    page.wait_for_function("document.readyState === 'complete' && !!window.htmx")
    page.get_by_label("Your answer").fill(text)
    page.locator(".saved", has_text=SAVED).wait_for()


def test_a_written_practice_is_taken_scored_by_the_invited_peer_and_reported(
    new_page, browser_login
):
    writer = person("wren", "Wren")
    builders.make_plan(selectors.personal_space_of(writer), title="My loop")
    page = new_page()
    browser_login(page, "wren")

    # The candidate answers two of the three questions, each with its budget on show.
    page.goto("/practice/written/")
    page.get_by_label("Plan").select_option(label="My loop")
    page.get_by_role("button", name="Start writing").click()
    _answer(page, 1, "A function runs when an event arrives.")
    assert page.locator(".question-meta .timer").get_attribute("data-budget") == "300"
    page.get_by_role("button", name="Next →").click()
    _answer(page, 2, "Read the logs and traces before changing anything.")
    page.get_by_role("link", name="Review & hand in").click()
    page.locator("table", has_text="not opened").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hand in my answers").click()
    page.get_by_role("button", name="Make the scoring link").click()
    link = page.get_by_label("Scoring link").input_value()

    # The peer has no account yet: the link asks for one and waits on the dashboard.
    peer = new_page()
    peer.goto(link)
    peer.get_by_role("link", name="Create an account").click()
    peer.get_by_label("Username").fill("pat")
    peer.get_by_label("Your name").fill("Pat")
    peer.get_by_label("Email").fill("pat@example.com")
    peer.get_by_label("Password").fill("a-long-pass-phrase-for-pat")
    peer.get_by_role("button", name=re.compile("Create")).click()
    peer.get_by_role("link", name="Open the scoring link").click()
    peer.get_by_role("button", name="Take the scoring seat").click()

    # The console: each written answer beside the rubric.
    for position, titles in RATINGS.items():
        peer.goto(f"{peer.url.split('?')[0]}?q={position}")
        answer = peer.locator(".written-answer").inner_text()
        assert ("event arrives" if position == 0 else "logs and traces") in answer
        for title in titles:
            row = peer.locator(".criterion", has_text=title)
            row.locator('button.level[data-points="3"]').click()
            row.locator(".saved", has_text=SAVED).wait_for()
    peer.get_by_role("link", name="Review & submit").first.click()
    peer.get_by_label("Yes", exact=True).check()
    peer.get_by_label("I have reviewed this scorecard").check()
    peer.get_by_role("button", name="Submit scorecard").click()
    peer.get_by_text("Scored by Pat").wait_for()

    # The usual report, readable by both; the answers sit beside their questions.
    report = Report.objects.get(session__written__isnull=False)
    assert report.status == Report.Status.READY
    assert report.data["coverage"]["questions_asked"] == 2
    peer.get_by_role("link", name="Read the report").click()
    assert (
        "A function runs when an event arrives."
        in peer.locator(".report-answer").first.inner_text()
    )
    page.goto("/practice/written/")
    page.get_by_role("link", name="My loop").click()
    page.get_by_role("link", name="Read the report").click()
    assert page.locator(".report-answer").count() == 2
    assert "Asked 2 of 3 questions" in page.content()


def test_an_answer_typed_then_left_at_once_is_stored_every_time(new_page, browser_login):
    """Typing and, without a pause, another question from the list or Next: the page saves
    first, even when each save takes a while to reach the server."""
    import time

    from interviews.models import Answer

    writer = person("wren", "Wren")
    plan = builders.make_plan(selectors.personal_space_of(writer), title="My loop")
    written = practice.written_start(user=writer, plan=plan)
    page = new_page()
    browser_login(page, "wren")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    errors = []
    page.on("response", lambda r: r.status >= 500 and errors.append(r.url))

    def slowly(route):
        time.sleep(0.3)
        route.continue_()

    page.route("**/answer/", slowly)
    page.goto(f"/practice/written/{written.session_id}/answer/?q=0")
    typed = {0: "", 1: ""}
    position = 0
    for move in range(8):
        page.locator(".question-meta", has_text=f"Question {position + 1} of 3").wait_for()
        page.wait_for_function("document.readyState === 'complete' && !!window.htmx")
        box = page.get_by_label("Your answer")
        assert box.input_value() == typed[position]
        box.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(f" [{move}]")
        typed[position] += f" [{move}]"
        if move % 2:
            page.locator(".written-nav a").nth(1 - position).click()
        else:
            page.get_by_role("button", name="Next →" if position == 0 else "← Previous").click()
        position = 1 - position

    page.locator(".question-meta", has_text=f"Question {position + 1} of 3").wait_for()
    stored = {
        a.session_question.position: a.text for a in Answer.objects.filter(session=written.session)
    }
    assert stored == typed
    assert errors == []
