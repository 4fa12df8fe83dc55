"""In a real browser on a 1366x768 laptop screen: the first candidate's summary (score, band,
coverage and a disagreement) is on the first screen, and the detail waits, folded, until asked."""

import pytest

from tests.calibration.test_debrief_summary import add_panel
from tests.data.builders import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_SCREEN = 768


@pytest.fixture
def plan(team, django_capture_on_commit_callbacks):
    plan = make_plan(team.organisation)
    for name in ("Avery", "Blake", "Casey"):
        add_panel(team, plan, django_capture_on_commit_callbacks, name)
    return plan


def test_the_first_screen_answers_and_the_detail_is_folded(new_page, browser_login, team, plan):
    page = new_page(1366, FIRST_SCREEN)
    browser_login(page, team.owner.username)
    page.wait_for_url("**/")
    page.goto(f"/plans/{plan.pk}/debrief/")
    first = page.locator("article.debrief-candidate").first
    for part in ("[data-field=score]", "[data-field=band]", "[data-field=coverage]"):
        box = first.locator(part).bounding_box()
        assert box["y"] + box["height"] <= FIRST_SCREEN, part
    line = first.locator("[data-disagreement]").first
    assert "levels apart" in line.text_content()
    box = line.bounding_box()
    assert box["y"] + box["height"] <= FIRST_SCREEN

    detail = first.locator("details.debrief-detail")
    assert detail.evaluate("d => d.open") is False
    assert first.locator(".debrief-detail-body").is_hidden()
    detail.locator("summary").focus()
    page.keyboard.press("Enter")  # a summary is a button: the keyboard opens it
    assert first.locator(".debrief-detail-body").is_visible()
    assert "Every criterion the panel rated differently" in detail.text_content()
