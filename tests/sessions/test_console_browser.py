"""Two people, two browsers: the interviewer scores in the console while the candidate's screen
follows along, and the submitted scores are the ones computed by hand."""

import re

import pytest

from interviews.models import Report
from tests.data.builders import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Saved$")
SECRETS = [
    "Listen for events",
    "Expect logs",
    "Statelessness",
    "Evidence first",
    "Situation",
    "Thinks functions keep memory",
    "Correct and complete",
]
# The test server is WSGI, where a stream answers what is new and closes, and the page
# reconnects two seconds later (the browser test in tests/live times push under ASGI).
FOLLOW_MS = 6000


def _rate(page, row_title, points):
    row = page.locator(".criterion", has_text=row_title)
    row.locator(f'button.level[data-points="{points}"]').click()
    row.locator(".saved", has_text=SAVED).wait_for()


def test_interviewer_runs_a_session_while_the_candidate_follows(new_page, team, browser_login):
    session = make_session(team.organisation, [team.interviewer])
    interviewer, candidate = new_page(), new_page()
    seen = []

    candidate.goto(f"/screen/{session.screen_token}/")
    assert "Waiting for your interviewer" in candidate.content()
    browser_login(interviewer, team.interviewer.username)
    interviewer.goto(f"/sessions/{session.pk}/console/")

    # Question 1: the candidate sees it within two seconds of the lead starting the interview.
    interviewer.get_by_role("button", name="Start interview").click()
    candidate.locator("#stage").get_by_text("What is FaaS?").wait_for(timeout=FOLLOW_MS)
    seen.append(candidate.content())
    _rate(interviewer, "Events", 4)
    interviewer.locator(".criterion", has_text="Statelessness").focus()
    interviewer.keyboard.press("2")  # digits rate the focused criterion
    interviewer.locator(".criterion", has_text="Statelessness").locator(
        ".saved", has_text=SAVED
    ).wait_for()
    interviewer.locator("label", has_text="Thinks functions keep memory").click()
    interviewer.locator(".flags .saved", has_text=SAVED).wait_for()

    # Ratings survive a reload.
    interviewer.reload()
    assert (
        interviewer.locator(".criterion", has_text="Events")
        .locator('button[aria-pressed="true"]')
        .inner_text()
        .startswith("4")
    )
    assert (
        interviewer.locator(".criterion", has_text="Statelessness")
        .locator('button[aria-pressed="true"]')
        .inner_text()
        .startswith("2")
    )

    # Question 2, with the keyboard's N for "not assessed" on one criterion.
    interviewer.get_by_role("button", name="Next →").click()
    candidate.locator("#stage").get_by_text("p99 latency doubled").wait_for(timeout=FOLLOW_MS)
    seen.append(candidate.content())
    _rate(interviewer, "Evidence first", 3)
    interviewer.locator(".criterion", has_text="Fix and verify").focus()
    interviewer.keyboard.press("n")
    interviewer.locator(".criterion", has_text="Fix and verify").locator(
        ".saved", has_text=SAVED
    ).wait_for()

    # Question 3.
    interviewer.get_by_role("button", name="Next →").click()
    outage = candidate.locator("#stage").get_by_text("production outage you handled")
    outage.wait_for(timeout=FOLLOW_MS)
    seen.append(candidate.content())
    for title, label in (("Situation", 2), ("Action", 3), ("Result", 1)):
        _rate(interviewer, title, label)
    assert "7/7" in interviewer.locator("#progress-total").inner_text()

    interviewer.get_by_role("link", name="Review & submit").first.click()
    interviewer.get_by_label("Yes", exact=True).check()
    interviewer.get_by_label("I have reviewed this scorecard").check()
    interviewer.get_by_role("button", name="Submit scorecard").click()
    interviewer.get_by_text("Scorecard submitted").wait_for()
    candidate.locator("#stage").get_by_text("the interview is over").wait_for(timeout=FOLLOW_MS)
    seen.append(candidate.content())

    # By hand: Q1 100*(2*4 + 1*2)/(3*4) - 10 = 73.33; Q2 100*3/4 = 75 (one criterion not
    # assessed); Q3 100*(2 + 2*3 + 1)/16 = 56.25; overall (73.33 + 75 + 56.25)/3 = 68.19.
    report = Report.objects.get(session=session)
    assert report.status == Report.Status.READY
    assert report.data["categories"] == pytest.approx(
        {"technical": 220 / 3, "scenario": 75.0, "behavioral": 56.25}
    )
    assert report.data["overall"] == pytest.approx((220 / 3 + 75 + 56.25) / 3)
    assert report.data["band"] == "lean_no_hire"
    for html in seen:
        for secret in SECRETS:
            assert secret not in html


def test_a_second_panelist_sees_no_ratings_before_submitting(
    new_page, team, browser_login, user_factory
):
    second = user_factory(username="panelist")
    session = make_session(team.organisation, [team.interviewer, second])
    first = new_page()
    browser_login(first, team.interviewer.username)
    first.goto(f"/sessions/{session.pk}/console/")
    _rate(first, "Events", 4)

    other = new_page()
    browser_login(other, "panelist")
    other.goto(f"/sessions/{session.pk}/console/")
    assert other.locator('button.level[aria-pressed="true"]').count() == 0
    other.goto(f"/sessions/{session.pk}/panel/")
    assert "Submit your own scorecard first" in other.content()


def test_a_failed_save_is_shown_retried_and_kept(new_page, team, browser_login):
    from interviews.models import Rating

    session = make_session(team.organisation, [team.interviewer])
    page = new_page()
    browser_login(page, team.interviewer.username)
    page.goto(f"/sessions/{session.pk}/console/")
    failures = {"left": 2}

    def flaky(route):
        if failures["left"]:
            failures["left"] -= 1
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/rate/", flaky)
    row = page.locator(".criterion", has_text="Events")
    row.locator('button.level[data-points="3"]').click()
    row.locator(".saved.failed", has_text="retrying").wait_for()
    assert row.locator('button[aria-pressed="true"]').inner_text().startswith("3")
    row.locator(".saved", has_text=SAVED).wait_for(timeout=15_000)
    assert failures["left"] == 0
    assert Rating.objects.get(scorecard__interviewer=team.interviewer).points == 3
