"""axe-core over every page the demo data leads to, as every kind of visitor: each person signs
in, follows same-origin links breadth-first, and every page met (one per URL pattern: a second
report or candidate adds nothing) must have no serious or critical violation."""

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.a11y.conftest import sign_in, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES = 60
# What each crawl must at least reach, so a broken sign-in cannot pass as "no violations".
MIN_PAGES = {"demo-owner": 30, "demo-interviewer": 20, "demo-candidate": 10, "anonymous": 4}
# Downloads and fragments are not pages; signing out would end the crawl.
NOT_PAGES = ("healthz", "accounts:logout", "interviews:report_status")
DOWNLOADS = ("_csv", "_json", "_pdf", "_export")


def _pattern(path: str) -> str | None:
    """The URL pattern a path belongs to, or None for what is not a page to check."""
    try:
        name = resolve(path).view_name
    except Resolver404:
        return None
    if name.startswith("admin:") or name in NOT_PAGES or name.endswith(DOWNLOADS):
        return None
    return name


def crawl(page, base: str, start: list[str]) -> dict[str, list[str]]:
    """Pages met from `start`, breadth-first, as {url: [violation, ...]}."""
    queue = deque(start)
    seen_patterns: set[str] = set()
    found: dict[str, list[str]] = {}
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        pattern = _pattern(urlsplit(url).path) or ("404" if "no-such-page" in url else None)
        if pattern is None or pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        page.goto(url)
        found[page.url] = violations(page)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            href = urldefrag(href).url
            if href.startswith(base) and not href.endswith(DOWNLOADS):
                queue.append(href.removeprefix(base) or "/")
    return found


ROLES = ["demo-owner", "demo-interviewer", "demo-candidate", "anonymous"]


def test_every_page_reached_has_no_serious_violation(new_page, live_server, demo):
    """One test for every role, so the demo is loaded once; it reports every role's pages."""
    failing: dict[str, dict[str, list[str]]] = {}
    for username in ROLES:
        page = new_page()
        start = ["/", "/no-such-page/"]
        if username == "anonymous":
            start += ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
        else:
            sign_in(page, username)
            start.append(f"/sessions/{demo.session.pk}/console/")
        found = crawl(page, live_server.url, start)
        assert len(found) >= MIN_PAGES[username], f"{username} met only {sorted(found)}"
        failing[username] = {url: lines for url, lines in found.items() if lines}
        page.context.close()
    guest = new_page()
    guest.goto(demo.screen)
    guest.locator("#stage .prompt").wait_for()
    failing["guest candidate"] = {demo.screen: lines} if (lines := violations(guest)) else {}

    report = "\n".join(
        f"{who} · {url}\n  " + "\n  ".join(lines)
        for who, pages in failing.items()
        for url, lines in pages.items()
    )
    assert not report, f"serious or critical axe-core violations:\n{report}"
