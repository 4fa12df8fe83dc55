"""The candidate screen follows the lead's move: pushed within 250 ms, or with the stream
blocked, by the conditional poll within its one-second interval."""

import pytest

from tests.conftest import login
from tests.data.builders import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records, in the candidate's page, the wall-clock time the stage first shows question 2.
WATCH = """() => {
  window.__shownAt = null;
  new MutationObserver(() => {
    const stage = document.getElementById("stage");
    if (!window.__shownAt && stage && stage.dataset.position === "1") {
      window.__shownAt = Date.now();
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


# Records, in the lead's console, when the browser sends the move (the form's submit event).
SUBMITTED = """() => {
  document.addEventListener("submit", () => {
    sessionStorage.setItem("submittedAt", Date.now());
  }, true);
}"""


def _setup(asgi_page, team):
    session = make_session(team.organisation, [team.interviewer])
    lead, candidate = asgi_page(), asgi_page()
    login(lead, team.interviewer.username)
    lead.goto(f"/sessions/{session.pk}/console/")
    lead.get_by_role("button", name="Start interview").click()
    return session, lead, candidate


def _move_and_time(lead, candidate) -> float:
    """Milliseconds from the lead's console sending the move to the candidate's screen showing
    Q2 (both pages read the same machine's clock)."""
    candidate.evaluate(WATCH)
    lead.evaluate(SUBMITTED)
    lead.get_by_role("button", name="Next →").click()
    candidate.wait_for_function("() => window.__shownAt !== null", timeout=5000)
    lead.wait_for_url("**/console/?q=1**")
    lead.wait_for_load_state()
    submitted = int(lead.evaluate("() => sessionStorage.getItem('submittedAt')"))
    return candidate.evaluate("() => window.__shownAt") - submitted


def test_the_screen_changes_within_250_ms_of_the_leads_move(asgi_page, team):
    session, lead, candidate = _setup(asgi_page, team)
    candidate.goto(f"/screen/{session.screen_token}/")
    candidate.locator('.live[data-live-open="1"]').wait_for()
    candidate.locator("#stage", has_text="Question 1 of 3").wait_for()
    delays = []
    for _ in range(3):  # the first move, then back and forth
        delays.append(_move_and_time(lead, candidate))
        lead.get_by_role("button", name="← Prev").click()
        candidate.locator("#stage", has_text="Question 1 of 3").wait_for()
    assert max(delays) <= 250, delays
    assert "Question 1 of 3" in candidate.locator("#stage").inner_text()


def test_with_the_stream_blocked_the_screen_follows_by_polling(asgi_page, team):
    session, lead, candidate = _setup(asgi_page, team)
    candidate.route("**/live/**", lambda route: route.abort())
    statuses = []
    candidate.on("response", lambda r: statuses.append(r.status) if "/screen/" in r.url else None)
    candidate.goto(f"/screen/{session.screen_token}/")
    candidate.locator("#stage", has_text="Question 1 of 3").wait_for()
    candidate.wait_for_timeout(2500)  # unchanged polls meanwhile are answered 304
    assert 304 in statuses
    delay = _move_and_time(lead, candidate)
    assert delay <= 1000 + 250, delay  # one poll interval, and the poll's own round trip
    assert candidate.locator(".live[data-live-open]").count() == 0
