"""The shared pad in two browsers: what the candidate types on their screen shows in the
interviewer's console within seconds, follows the question on screen, and ends up in the report."""

import re

import pytest
from django.urls import reverse

from tests.data.builders import make_session, rate_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pad_typed_on_the_screen_shows_in_the_console_and_the_report(
    new_page, team, browser_login
):
    session = make_session(team.organisation, [team.interviewer])
    interviewer, candidate = new_page(), new_page()
    candidate.goto(f"/screen/{session.screen_token}/")
    assert candidate.locator("#pad-text").count() == 0  # no pad before the start
    browser_login(interviewer, team.interviewer.username)
    interviewer.goto(f"/sessions/{session.pk}/console/")
    interviewer.get_by_role("button", name="Start interview").click()

    # Question 1: the pad appears with the question and autosaves as the candidate types.
    candidate.get_by_label("Your pad for question 1").wait_for(timeout=4000)
    candidate.locator("#pad-text").fill("def handler(event, context):\n    return {'ok': True}")
    candidate.locator("#pad .saved", has_text=re.compile("^Saved$")).wait_for()
    interviewer.locator("#live-pad", has_text="def handler(event, context):").wait_for(timeout=5000)

    # Question 2: the candidate's pad follows the screen, and the first one is kept.
    interviewer.get_by_role("button", name="Next →").click()
    candidate.get_by_label("Your pad for question 2").wait_for(timeout=4000)
    assert candidate.locator("#pad-text").input_value() == ""
    candidate.locator("#pad-text").press_sequentially("1. logs\n2. traces")
    candidate.locator("#pad .saved", has_text=re.compile("^Saved$")).wait_for()
    interviewer.locator("#live-pad", has_text="2. traces").wait_for(timeout=5000)
    interviewer.goto(f"/sessions/{session.pk}/console/?q=0")
    assert "return {'ok': True}" in interviewer.locator("#live-pad").inner_text()

    # Submitted: the screen's pad closes, and the report shows each pad beside its question.
    rate_all(session, team.interviewer)
    candidate.locator("#stage").get_by_text("the interview is over").wait_for(timeout=4000)
    candidate.locator("#pad-text").wait_for(state="detached", timeout=4000)
    interviewer.goto(reverse("interviews:report_detail", args=[session.pk]))
    pads = interviewer.locator(".report-answer")
    assert pads.count() == 2
    assert "return {'ok': True}" in pads.nth(0).inner_text()
    assert "2. traces" in pads.nth(1).inner_text()


def test_the_pad_unsaved_when_the_lead_moves_on_is_kept_and_saved_after_an_outage(new_page, team):
    from interviews.models import Answer
    from interviews.sessions.services import session_move, session_start

    session = make_session(team.organisation, [team.interviewer])
    session_start(session=session, actor=team.interviewer)
    candidate = new_page()
    down = {"on": True}

    def outage(route):
        if route.request.method == "POST" and down["on"]:
            route.fulfill(status=503, body="Down for maintenance")
        else:
            route.continue_()

    candidate.route("**/pad/", outage)
    candidate.goto(f"/screen/{session.screen_token}/")
    candidate.get_by_label("Your pad for question 1").wait_for(timeout=4000)
    candidate.wait_for_function("document.readyState === 'complete' && !!window.htmx")
    candidate.locator("#pad-text").fill("SELECT region FROM cold_starts")
    candidate.locator("#pad .saved.failed", has_text="retrying").wait_for()

    # The lead moves on: the screen follows, and says the first pad is not saved yet.
    session_move(session=session, position=1, actor=team.interviewer)
    candidate.get_by_label("Your pad for question 2").wait_for(timeout=6000)
    state = candidate.locator("[data-save-state]")
    state.filter(has_text="pad for question 1 is not saved").wait_for()
    assert not Answer.objects.filter(session=session).exclude(text="").exists()

    down["on"] = False
    state.filter(has_text="pad for question 1 is saved").wait_for(timeout=45_000)
    answer = Answer.objects.get(session=session, session_question__position=0)
    assert answer.text == "SELECT region FROM cold_starts"
