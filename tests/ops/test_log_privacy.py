"""Logs and error reports name people by id: no frame locals, no query strings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from interviews.plans import services as plan_services
from observability.sentry import without_query

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NAME = "Bartłomiej Żółć"
EMAIL = "zolc@example.org"


@pytest.fixture
def candidate(team):
    return plan_services.candidate_get_or_create(
        organisation=team.organisation, name=NAME, email=EMAIL
    )


def test_a_failing_view_logs_its_traceback_without_the_locals(
    team, candidate, json_log, monkeypatch
):
    def fail(candidate, *args):  # the view's frame holds the candidate, this one their e-mail
        email = candidate.email
        raise RuntimeError(f"report store unavailable ({len(email)})")

    monkeypatch.setattr("interviews.plans.views._candidate_sessions", fail)
    client = Client(raise_request_exception=False)
    client.force_login(team.owner)
    response = client.get(reverse("interviews:candidate_detail", args=[candidate.pk]))
    assert response.status_code == 500
    [failed] = json_log.events("request_failed")
    frames = [frame for error in failed["exception"] for frame in error["frames"]]
    assert {"candidate_detail", "fail"} <= {frame["name"] for frame in frames}
    assert all("locals" not in frame for frame in frames)
    text = json_log.stream.getvalue()
    assert "report store unavailable" in text
    assert "Żółć" not in text and "\\u017b" not in text and EMAIL not in text


def test_a_search_is_logged_without_its_words(client, team, candidate, json_log):
    client.force_login(team.owner)
    client.get(reverse("interviews:candidate_list"), {"q": "Żółć"})
    [started] = json_log.events("request_started")
    [finished] = json_log.events("request_finished")
    assert started["request"] == finished["request"] == "GET /candidates/"
    assert "q=" not in json_log.stream.getvalue()


SENTRY_EVENT = """
import json, sentry_sdk
from sentry_sdk.transport import Transport

class Keep(Transport):
    events = []
    def capture_envelope(self, envelope):
        self.events += [item.payload.json for item in envelope.items if item.payload.json]

client = sentry_sdk.get_client()
client.transport = Keep(client.options)

def handle(candidate_name="Bartłomiej Żółć"):
    email = "zolc@example.org"
    raise RuntimeError("report store unavailable")

try:
    handle()
except RuntimeError:
    sentry_sdk.capture_exception()
sentry_sdk.flush()
print(json.dumps(Keep.events))
"""


def test_sentry_gets_the_traceback_without_the_locals():
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{SENTRY_EVENT}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "SENTRY_DSN": "https://public@127.0.0.1:9/1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    [event] = json.loads(result.stdout)
    frames = event["exception"]["values"][0]["stacktrace"]["frames"]
    assert frames[-1]["function"] == "handle"
    assert all("vars" not in frame for frame in frames)
    assert "\\u017b" not in result.stdout and "zolc@" not in result.stdout


def test_sentry_events_leave_the_query_string_out():
    event = {
        "request": {
            "url": "https://interviews.example.com/candidates/?q=%C5%BB%C3%B3%C5%82%C4%87",
            "query_string": "q=%C5%BB%C3%B3%C5%82%C4%87",
            "method": "GET",
        }
    }
    request = without_query(event, {})["request"]
    assert request == {"url": "https://interviews.example.com/candidates/", "method": "GET"}
