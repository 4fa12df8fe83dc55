"""The peer's scoring console of a written practice runs without a script error (it once
opened the panel's live stream, which the peer, outside the writer's space, may not, and the
refused stream logged "[object Event]" every few seconds)."""

import pytest

from interviews.practice import services as practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_scoring_console_logs_no_error(handed_in, peer, new_page, browser_login):
    practice.written_invite(written=handed_in, actor=handed_in.session.created_by)
    practice.written_seat_take(written=handed_in, user=peer)
    page = new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    browser_login(page, peer.username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/sessions/{handed_in.session_id}/console/")
    page.wait_for_function("document.readyState === 'complete' && !!window.htmx")
    page.wait_for_timeout(4000)  # a refused stream retries within that
    page.goto(f"/sessions/{handed_in.session_id}/console/?q=1")
    page.wait_for_timeout(4000)
    assert errors == []
