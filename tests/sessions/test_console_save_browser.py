"""Nothing typed in the console is lost by moving on: the lead types a note and presses Next at
once, over and over; a save the server refuses for a while is shown, kept across pages and made
when the server answers again; closing the page with unsaved text asks first."""

import re
import time

import pytest

from interviews.models import QuestionNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOVES = 30
# Retries back off up to 30 s; a loaded machine adds to that.
SETTLE_S = 45


def eventually(check, timeout: float = SETTLE_S):
    """Poll the database until `check()` is truthy: the page may still be making a save."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def on_question(page, n: int) -> None:
    """Wait for question n's console, with its scripts running."""
    page.locator(".question-meta", has_text=f"Q{n} of 3").wait_for()
    page.wait_for_function("document.readyState === 'complete' && !!window.htmx")


def notes_of(scorecard) -> dict[int, str]:
    notes = QuestionNote.objects.filter(scorecard=scorecard)
    return {note.session_question.position: note.text for note in notes}


def server_errors(page) -> list[str]:
    errors = []
    page.on(
        "response",
        lambda r: r.status >= 500 and errors.append(f"{r.status} {r.request.method} {r.url}"),
    )
    return errors


@pytest.fixture
def console(started_console, team):
    page, session = started_console
    on_question(page, 1)
    return page, session.scorecards.get(interviewer=team.interviewer)


def slow_saves(page) -> list[str]:
    """Every note save takes a while to reach the server, as on a slow link, and a save the
    page gives up on (cut off by leaving) is recorded."""
    cut = []

    def slowly(route):
        time.sleep(0.3)  # holds the request in the browser; the page goes on meanwhile
        route.continue_()

    page.route("**/note/", slowly)
    page.on("requestfailed", lambda r: "/note/" in r.url and cut.append(r.failure))
    return cut


def test_a_note_typed_then_next_at_once_is_stored_every_time(console):
    page, scorecard = console
    errors = server_errors(page)
    cut = slow_saves(page)
    typed = {0: "", 1: ""}
    position = 0
    for move in range(MOVES):
        note = page.locator("#note-text")
        # What was typed on this question before is on the page, nothing dropped.
        assert note.input_value() == typed[position]
        note.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(f" [{move}]")
        typed[position] += f" [{move}]"
        page.get_by_role("button", name="Next →" if position == 0 else "← Prev").click()
        position = 1 - position
        on_question(page, position + 1)

    assert eventually(lambda: notes_of(scorecard) == typed), notes_of(scorecard)
    scorecard.session.refresh_from_db()
    assert scorecard.session.current_position == position  # every move was made too
    assert errors == []
    assert cut == []


def test_a_save_refused_for_a_while_is_shown_kept_and_made_across_pages(console):
    page, scorecard = console
    down = {"on": True}

    def outage(route):
        if down["on"]:
            route.fulfill(status=503, body="Down for maintenance")
        else:
            route.continue_()

    page.route("**/note/", outage)
    text = "Explained cold starts with numbers."
    page.locator("#note-text").fill(text)
    page.get_by_role("button", name="Next →").click()

    # The move is made; the note goes along, and the page says it is not saved yet.
    on_question(page, 2)
    state = page.locator("[data-save-state]")
    state.filter(has_text=re.compile("note on Q1 is not saved")).wait_for()
    assert notes_of(scorecard) == {}

    # Back on its question, the text is there, marked as not saved.
    page.get_by_role("button", name="← Prev").click()
    on_question(page, 1)
    assert page.locator("#note-text").input_value() == text
    page.locator("#notes + form .saved.failed", has_text="retrying").wait_for()

    # Leaving the page now asks first (Chromium asks only once the page has been used).
    page.locator("#note-text").click()
    page.on("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as asked:
        page.evaluate("() => { setTimeout(() => location.reload(), 0); }")
    assert asked.value.type == "beforeunload"
    assert page.locator("#note-text").input_value() == text

    # The server answers again: the kept note is saved without anyone typing.
    down["on"] = False
    page.locator("#notes + form .saved", has_text=re.compile("^Saved$")).wait_for(
        timeout=SETTLE_S * 1000
    )
    assert eventually(lambda: notes_of(scorecard) == {0: text})


def test_a_note_kept_from_an_earlier_page_is_made_there_once_the_server_answers(console):
    page, scorecard = console
    down = {"on": True}
    page.route(
        "**/note/",
        lambda route: route.fulfill(status=503) if down["on"] else route.continue_(),
    )
    page.locator("#note-text").fill("Asked for the trade-offs unprompted.")
    page.get_by_role("button", name="Next →").click()
    on_question(page, 2)
    state = page.locator("[data-save-state]")
    state.filter(has_text="not saved").wait_for()

    down["on"] = False
    state.filter(has_text=re.compile("note on Q1 is saved")).wait_for(timeout=SETTLE_S * 1000)
    assert notes_of(scorecard) == {0: "Asked for the trade-offs unprompted."}
    page.reload()  # nothing left to warn about: no dialog holds the reload
    on_question(page, 2)


def test_a_note_answered_by_the_sign_in_page_is_kept_until_signed_in_again(
    console, browser_login, team
):
    page, scorecard = console
    page.context.clear_cookies()  # the session ran out
    page.locator("#note-text").fill("Good on retries and idempotency.")
    status = page.locator("#notes + form .saved.failed", has_text="signed out")
    status.wait_for()
    assert notes_of(scorecard) == {}

    other = page.context.new_page()  # signs in again in another tab, as the mark says
    browser_login(other, team.interviewer.username)
    other.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.locator("#notes + form .saved", has_text=re.compile("^Saved$")).wait_for(
        timeout=SETTLE_S * 1000
    )
    assert notes_of(scorecard) == {0: "Good on retries and idempotency."}
