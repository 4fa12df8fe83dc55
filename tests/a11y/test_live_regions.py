"""Live changes are announced, politely: the candidate screen reads out each new question from a
live region that stays in place, the console's "Saved" marks and the report status are polite
status regions whose text changes, and nothing on these pages interrupts (assertive)."""

from unittest import mock

import pytest

from interviews.models import InterviewSession, Report
from interviews.reports.generation import report_generate
from interviews.sessions import services as session_services
from tests.data.builders import make_session, rate_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE_REGIONS = """() => Array.from(document.querySelectorAll('[aria-live], [role=status]'))
  .map(el => ({role: el.getAttribute('role'), live: el.getAttribute('aria-live'),
               id: el.id, cls: el.className}))"""


def assert_polite(page) -> None:
    regions = page.evaluate(LIVE_REGIONS)
    assert regions
    for region in regions:
        if region["role"] == "timer":
            assert region["live"] == "off", region  # a ticking clock is never read out
            continue
        assert region["role"] == "status" or region["live"] == "polite", region
        assert region["live"] in (None, "polite"), region


def test_the_candidate_screen_announces_each_new_question(new_page, team):
    session = make_session(team.organisation, [team.interviewer])
    page = new_page()
    page.goto(f"/screen/{session.screen_token}/")
    announcer = page.locator("#screen-announcer")
    assert announcer.get_attribute("role") == "status"
    assert announcer.get_attribute("aria-live") == "polite"
    assert announcer.text_content() == ""  # the page itself is read on arrival
    assert_polite(page)
    page.evaluate("window.region = document.getElementById('screen-announcer')")

    session_services.session_start(session=session, actor=team.interviewer)
    page.wait_for_function(
        "document.getElementById('screen-announcer').textContent.startsWith('Question 1 of 3')"
    )
    assert "What is FaaS?" in announcer.text_content()
    assert page.locator("#stage").get_attribute("aria-live") is None  # replaced, never live
    assert page.locator("#stage .timer").get_attribute("role") == "timer"
    assert_polite(page)

    session.refresh_from_db()
    session_services.session_move(session=session, position=1, actor=team.interviewer)
    page.wait_for_function(
        "document.getElementById('screen-announcer').textContent.startsWith('Question 2 of 3')"
    )
    assert "p99 latency" in announcer.text_content()
    assert page.evaluate("window.region === document.getElementById('screen-announcer')")


def test_the_end_is_announced_once_then_the_page_says_it_once(new_page, team):
    session = make_session(team.organisation, [team.interviewer], mode="hiring")
    session_services.session_start(session=session, actor=team.interviewer)
    page = new_page()
    page.goto(f"/screen/{session.screen_token}/")
    rate_all(session, team.interviewer)
    page.wait_for_function(
        "document.getElementById('screen-announcer').textContent"
        " === 'Thank you — the interview is over.'"
    )
    page.wait_for_function("document.getElementById('screen-announcer').textContent === ''")
    assert page.inner_text("body").lower().count("the interview is over") == 1


def test_saved_marks_in_the_console_are_polite_status_regions(new_page, team, browser_login):
    session = make_session(team.organisation, [team.interviewer])
    session_services.session_start(session=session, actor=team.interviewer)
    page = new_page()
    browser_login(page, team.interviewer.username)
    page.goto(f"/sessions/{session.pk}/console/")
    assert_polite(page)
    row = page.locator(".criterion", has_text="Events")
    mark = row.locator(".saved")
    assert mark.get_attribute("role") == "status"
    assert mark.get_attribute("aria-live") == "polite"
    assert mark.text_content().strip() == ""
    row.locator('button.level[data-points="4"]').click()
    mark.filter(has_text="Saved").wait_for()
    assert mark.get_attribute("role") == "status"  # the same element, its text changed


def test_the_report_status_is_announced_as_it_changes(new_page, team, browser_login):
    session = make_session(team.organisation, [team.interviewer], mode=InterviewSession.Mode.HIRING)
    rate_all(session, team.interviewer, submit=False)
    page = new_page()
    browser_login(page, team.interviewer.username)
    page.goto(f"/sessions/{session.pk}/")
    live = page.locator(".report-status-live")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    assert_polite(page)

    with mock.patch("interviews.reports.tasks.queue_report"):  # the worker has not picked it up yet
        session_services.scorecard_submit(
            scorecard=session.scorecards.get(interviewer=team.interviewer),
            recommendation="yes",
            actor=team.interviewer,
        )
    assert Report.objects.get(session=session).status == Report.Status.PENDING
    page.reload()
    live.get_by_text("Generating report…").wait_for()
    page.evaluate("window.region = document.querySelector('.report-status-live')")
    report_generate(session_id=session.pk)
    live.get_by_text("The report is ready").wait_for(timeout=15_000)
    # The same region, its content changed: a screen reader hears the change.
    assert page.evaluate("window.region === document.querySelector('.report-status-live')")
    assert_polite(page)
