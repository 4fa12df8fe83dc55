"""The plan builder in a real browser: htmx changes the plan in place, and the order persists."""

import pytest
from django.conf import settings

from interviews.models import InterviewPlan
from questionbank.bankfile import read_bank
from questionbank.services import bank_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def picker_shows_only(page, category: str) -> None:
    """The picker has settled on this one category (the pushed URL says so) and shows it."""
    page.wait_for_function(
        """(category) => {
            const wanted = new URLSearchParams(location.search).getAll('category');
            const pills = [...document.querySelectorAll('#picker .pick .pill')];
            return wanted.length === 1 && wanted[0] === category
                && pills.length > 0 && pills.every(p => p.classList.contains(category));
        }""",
        arg=category,
    )


def wait_for_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => document.querySelector(s)?.textContent.trim() === t", arg=[selector, text]
    )


def add_first_free_question(page, count: int) -> str:
    row = page.locator("#picker .pick", has=page.get_by_role("button", name="Add")).first
    summary = row.locator(".pick-summary").inner_text()
    row.get_by_role("button", name="Add").click()
    wait_for_text(page, "#plan-question-count", str(count))
    return summary


def test_an_interviewer_builds_a_plan_with_htmx(page, team, browser_login):
    bank_load(spec=read_bank(settings.BASE_DIR / "questionbank/banks/serverless.yaml"))
    browser_login(page, team.interviewer.username)
    page.wait_for_url("**/")

    page.goto("/plans/new/")
    page.fill("input[name=title]", "Platform engineer loop")
    page.get_by_role("button", name="Create and pick questions").click()
    page.wait_for_selector("h1:has-text('Platform engineer loop')")
    page.evaluate("window.builderMarker = 'no reload'")

    page.get_by_label("Behavioral", exact=True).check()
    picker_shows_only(page, "behavioral")
    first = add_first_free_question(page, 1)
    second = add_first_free_question(page, 2)
    page.get_by_label("Behavioral", exact=True).uncheck()
    page.get_by_label("Technical", exact=True).check()
    picker_shows_only(page, "technical")
    technical = add_first_free_question(page, 3)
    assert page.locator("#picker .pill.added").count() == 1

    plan = InterviewPlan.objects.get(title="Platform engineer loop")
    total = sum(plan.items.values_list("minutes", flat=True))
    assert page.locator("#plan-total-minutes").inner_text() == str(total)
    minutes = page.locator(".plan-item").first.locator("input[name=minutes]")
    old = int(minutes.input_value())
    new = 17 if old != 17 else 18
    minutes.fill(str(new))
    minutes.press("Tab")
    wait_for_text(page, "#plan-total-minutes", str(total - old + new))

    page.get_by_role("button", name="Move question 3 up").click()
    page.wait_for_function(
        "(t) => document.querySelectorAll('.plan-item-summary')[1]?.textContent === t",
        arg=technical,
    )
    assert page.evaluate("window.builderMarker") == "no reload"

    page.reload()
    assert page.locator(".plan-item-summary").all_inner_texts() == [first, technical, second]
    assert page.locator(".plan-item").first.locator("input[name=minutes]").input_value() == str(new)
    assert page.locator("#plan-total-minutes").inner_text() == str(total - old + new)
    assert page.evaluate("window.builderMarker") is None
