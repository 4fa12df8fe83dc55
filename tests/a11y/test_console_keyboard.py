"""The console with the keyboard alone: Tab to a level and press Space or Enter, arrows between
criteria, Space on a red flag, type a note, Tab back to Next; every stop shows its focus."""

import pytest

from interviews.models import QuestionNote, RaisedFlag, Rating
from interviews.sessions.services import session_start
from tests.data.builders import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return el.matches(':focus-visible') && style.outlineStyle !== 'none'
    && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page, selector: str, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`, checking at every
    stop that the focus can be seen."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        assert page.evaluate(FOCUS_SHOWN), "focus is not visible on " + page.evaluate(
            "document.activeElement.outerHTML.slice(0, 200)"
        )
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {key}")


def saved(row) -> None:
    row.locator(".saved", has_text="Saved").wait_for()


def test_a_whole_question_is_rated_without_the_mouse(new_page, team, browser_login):
    session = make_session(team.organisation, [team.interviewer])
    session_start(session=session, actor=team.interviewer)
    page = new_page()
    browser_login(page, team.interviewer.username)
    page.goto(f"/sessions/{session.pk}/console/")
    events = page.locator(".criterion", has_text="Events")
    statelessness = page.locator(".criterion", has_text="Statelessness")

    tab_to(page, '.criterion:first-child button.level[data-points="3"]')
    page.keyboard.press("Space")
    saved(events)
    page.keyboard.press("ArrowDown")  # to the next criterion's row
    assert page.evaluate("document.activeElement.matches('.criterion:nth-child(2)')")
    assert page.evaluate(FOCUS_SHOWN)
    tab_to(page, '.criterion:nth-child(2) button.level[data-points="2"]')
    page.keyboard.press("Enter")
    saved(statelessness)
    assert events.locator('[aria-pressed="true"]').get_attribute("data-points") == "3"
    assert statelessness.locator('[aria-pressed="true"]').get_attribute("data-points") == "2"

    tab_to(page, ".flags input[type=checkbox]")
    page.keyboard.press("Space")
    page.locator(".flags .saved", has_text="Saved").wait_for()
    tab_to(page, "#note-text")
    page.keyboard.type("Clear on events; unsure about state.")
    page.locator("#notes + form .saved", has_text="Saved").wait_for()

    tab_to(page, ".console-nav button.primary", backwards=True)  # Next →
    page.keyboard.press("Enter")
    page.get_by_text("Q2 of 3").wait_for()

    scorecard = session.scorecards.get(interviewer=team.interviewer)
    first = session.questions.get(position=0)
    given = Rating.objects.filter(scorecard=scorecard, session_question=first)
    assert sorted(given.values_list("criterion__title", "points")) == [
        ("Events", 3),
        ("Statelessness", 2),
    ]
    assert RaisedFlag.objects.filter(scorecard=scorecard, session_question=first).count() == 1
    note = QuestionNote.objects.get(scorecard=scorecard, session_question=first)
    assert note.text == "Clear on events; unsure about state."
    session.refresh_from_db()
    assert session.current_position == 1
