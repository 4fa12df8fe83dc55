"""The main pages under the Content-Security-Policy: the browser reports no violation (the
policy is report-only in tests, so a violation is caught here rather than breaking a page in
production), and htmx still works."""

import re

import pytest

from tests.data.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# securitypolicyviolation fires for report-only policies too; keep every one on the page.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber
  );
});
"""


def _watch(page) -> list[str]:
    messages: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: (
            messages.append(m.text)
            if "Refused to" in m.text or "Content Security Policy" in m.text
            else None
        ),
    )
    return messages


def _violations(page, console: list[str]) -> list[str]:
    return console + page.evaluate("window.__csp || []")


def test_main_pages_raise_no_csp_violation(page, browser_login):
    world = build_world()
    console = _watch(page)
    problems = []
    page.goto("/accounts/login/")
    problems += _violations(page, console)
    browser_login(page, "owner", PASSWORD)
    page.wait_for_url("**/")
    urls = [
        "/",
        "/bank/",
        f"/bank/questions/{world.question.pk}/",
        f"/bank/questions/{world.question.pk}/rubric/draft/",
        "/plans/",
        f"/plans/{world.plan.pk}/",
        f"/plans/{world.plan.pk}/edit/",
        "/candidates/",
        f"/candidates/{world.candidate.pk}/",
        "/sessions/",
        f"/sessions/{world.session.pk}/",
        f"/reports/{world.submitted.pk}/",
        "/reports/",
        "/accounts/members/",
        f"/screen/{world.session.screen_token}/",
    ]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        found = _violations(page, console)
        problems += [f"{url}: {v}" for v in found]
        console.clear()
    assert problems == []


def test_htmx_autosave_works_under_the_policy(page, browser_login):
    world = build_world()
    console = _watch(page)
    browser_login(page, "panelist", PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/sessions/{world.session.pk}/console/")
    row = page.locator(".criterion").first
    row.locator("button.level").nth(2).click()
    row.locator(".saved", has_text=re.compile(r"^Saved$")).wait_for()
    page.fill("#note-text", "Mentions events and cold starts.")
    page.locator("form", has=page.locator("#note-text")).locator(".saved").filter(
        has_text=re.compile(r"^Saved$")
    ).wait_for()
    assert _violations(page, console) == []
