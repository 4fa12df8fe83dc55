"""A console left open while the session ends: its clocks stop where they stood."""

import pytest

from interviews.sessions import services
from tests.data.builders import make_session, rate_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW_MS = 8000  # the WSGI test server's stream reconnects every two seconds


def test_the_clocks_stop_when_the_session_is_submitted(new_page, team, browser_login):
    session = make_session(team.organisation, [team.interviewer, team.owner])
    services.session_start(session=session, actor=team.interviewer)
    page = new_page()
    browser_login(page, team.owner.username)
    page.goto(f"/sessions/{session.pk}/console/")
    where = page.locator("#console-where")
    clocks = where.locator(".timer")
    first = clocks.nth(1).inner_text()
    page.wait_for_function(
        f"document.querySelectorAll('#console-where .timer')[1].textContent !== {first!r}"
    )

    rate_all(session, team.interviewer, lambda n: 3)
    rate_all(session, team.owner, lambda n: 2)
    where.get_by_text("Ended on").wait_for(timeout=FOLLOW_MS)
    stopped = [clocks.nth(i).inner_text() for i in range(2)]
    page.wait_for_timeout(2500)
    assert [clocks.nth(i).inner_text() for i in range(2)] == stopped
    assert page.locator(".timer:not(.stopped)").count() == 0
