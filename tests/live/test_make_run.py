"""`make run` as a newcomer starts it (SQLite, no Redis, tasks in process): its own server, not
the test server, pushes the lead's move to the candidate screen within 250 ms."""

import os
import signal
import sqlite3
import subprocess
import time
from contextlib import suppress

import httpx
import pytest

from bench.production import free_port
from tests.conftest import ROOT, need_sqlite
from tests.live.test_live_browser import SUBMITTED, WATCH

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "practise-serverless-2026"


@pytest.fixture
def make_run(tmp_path):
    """`make run` on a free port over a fresh SQLite file; the server's URL and database. It is
    the embedded default whatever the suite's DATABASE_URL says, so the run on the embedded
    default covers it: the run on PostgreSQL would repeat it to the byte."""
    need_sqlite("`make run`, the embedded default,")
    database = tmp_path / "run.sqlite3"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {"DATABASE_URL": f"sqlite:///{database}", "PORT": str(port), "HOST": "127.0.0.1"}
    log = tmp_path / "make-run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # migrate, the bank and the demo come first
        while True:
            assert process.poll() is None, log.read_text(errors="replace")[-4000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-4000:]
            with suppress(httpx.HTTPError):
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            time.sleep(0.5)
        yield url, database
    finally:
        # Ctrl-C; and again, as the server asks, should it wait for a stream still open.
        for stop, grace in ((signal.SIGINT, 3), (signal.SIGINT, 15), (signal.SIGKILL, 5)):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, stop)
            with suppress(subprocess.TimeoutExpired):
                process.wait(grace)
                break


def _demo_session(database) -> tuple[int, str, str]:
    """The demo's scheduled interview: its id, screen token and its lead's login."""
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT s.id, s.screen_token, u.username FROM interviews_interviewsession s"
            " JOIN accounts_user u ON u.id = s.lead_id"
            " WHERE s.status = 'scheduled' ORDER BY s.id LIMIT 1"
        ).fetchone()


def test_the_candidate_screen_follows_the_lead_by_push_on_make_run(browser, make_run):
    url, database = make_run
    assert httpx.get(f"{url}/accounts/login/").headers["server"] == "uvicorn"
    session_id, token, lead_login = _demo_session(database)
    lead = browser.new_context(base_url=url).new_page()
    candidate = browser.new_context(base_url=url).new_page()
    lead.goto("/accounts/login/")
    lead.fill("input[name=username]", lead_login)
    lead.fill("input[name=password]", DEMO_PASSWORD)
    lead.click("button[type=submit]")
    lead.goto(f"/sessions/{session_id}/console/")
    lead.get_by_role("button", name="Start interview").click()
    candidate.goto(f"/screen/{token}/")
    candidate.locator('.live[data-live-open="1"]').wait_for()  # the stream holds: push, no poll
    candidate.evaluate(WATCH)
    lead.evaluate(SUBMITTED)
    lead.get_by_role("button", name="Next →").click()
    candidate.wait_for_function("() => window.__shownAt !== null", timeout=5000)
    lead.wait_for_url("**/console/?q=1**")
    lead.wait_for_load_state()
    submitted = int(lead.evaluate("() => sessionStorage.getItem('submittedAt')"))
    delay = candidate.evaluate("() => window.__shownAt") - submitted
    assert delay <= 250, delay
    assert candidate.locator('.live[data-live-open="1"]').count() == 1  # still pushed
