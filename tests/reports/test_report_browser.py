"""In a real browser: the report area polls while the report is generated, turns ready without a
reload, and the page shows exactly the numbers the downloaded JSON recomputes to."""

import json
from pathlib import Path
from unittest import mock

import pytest

from interviews import scoring
from interviews.models import InterviewSession, Report
from interviews.reports.generation import report_generate
from interviews.sessions import services as session_services
from tests.builders import make_plan, make_session, raise_first_flag, rate_all
from tests.reports.test_report_json import assert_consistent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rated(team):
    """A hiring panel of two, fully rated, not submitted; one red flag and one gap."""
    plan = make_plan(team.organisation, weights={"faas-basics": "1.5"})
    session = make_session(
        team.organisation,
        [team.owner, team.interviewer],
        plan=plan,
        mode=InterviewSession.Mode.HIRING,
    )
    raise_first_flag(session, team.owner)
    rate_all(session, team.owner, points_for=lambda n: (n * 3) % 5, submit=False)
    rate_all(
        session, team.interviewer, points_for=lambda n: None if n == 3 else 4 - n % 3, submit=False
    )
    return session


def submit_all(session, team) -> None:
    for user, recommendation in ((team.owner, "no"), (team.interviewer, "strong_yes")):
        session_services.scorecard_submit(
            scorecard=session.scorecards.get(interviewer=user),
            recommendation=recommendation,
            actor=user,
        )


def shown(page, key: str) -> str:
    return page.locator(f'[data-score="{key}"]').first.text_content().strip()


def test_status_turns_ready_and_the_page_matches_the_json(page, browser_login, team, rated):
    browser_login(page, team.owner.username)
    page.wait_for_url("**/")
    page.goto(f"/reports/{rated.pk}/")
    status = page.locator("#report-status")
    status.get_by_text("Waiting for the panel").wait_for()
    page.evaluate("window.notReloaded = true")

    with mock.patch("interviews.reports.tasks.queue_report"):  # the worker has not picked it up yet
        submit_all(rated, team)
    assert Report.objects.get(session=rated).status == Report.Status.PENDING
    status.get_by_text("Generating report…").wait_for()

    report_generate(session_id=rated.pk)
    link = page.get_by_role("link", name="Open the report")
    link.wait_for(timeout=15_000)
    assert page.evaluate("window.notReloaded") is True
    assert status.get_attribute("hx-trigger") is None  # polling has stopped
    link.click()
    page.locator('[data-score="overall"]').wait_for()

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON").click()
    data = json.loads(Path(download.value.path()).read_text())

    mine = assert_consistent(data)
    assert shown(page, "overall") == scoring.display(mine["overall"])
    assert page.locator(".band-pill").text_content().strip() == data["band_label"]
    assert data["band"] == mine["band"]
    for name, value in mine["categories"].items():
        assert shown(page, f"category:{name}") == scoring.display(value)
    for q in data["questions"]:
        assert shown(page, f"question:{q['position']}") == scoring.display(
            mine["questions"][q["id"]]
        )
    positions = {q["id"]: q["position"] for q in data["questions"]}
    for who, card in mine["cards"].items():
        assert shown(page, f"interviewer:{who}:overall") == scoring.display(card["overall"])
        for name, value in card["categories"].items():
            assert shown(page, f"interviewer:{who}:{name}") == scoring.display(value)
        for qid, value in card["questions"].items():
            assert shown(page, f"interviewer:{who}:question:{positions[qid]}") == (
                scoring.display(value)
            )
    assert data["percentile"] == 50.0
    recommendations = page.locator(".recommendations").text_content()
    assert "Strong yes" in recommendations and "No" in recommendations
