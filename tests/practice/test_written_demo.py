"""The demo data has one written practice, answered by one demo peer and scored by another."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from interviews.management.commands.load_demo import PASSWORD, WRITTEN_PEERS
from interviews.models import Report

pytestmark = pytest.mark.django_db


def test_the_demo_written_practice_is_scored_and_readable_by_both(
    client, django_capture_on_commit_callbacks
):
    call_command("load_bank", "questionbank/banks/serverless.yaml")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    report = Report.objects.get(session__written__isnull=False)
    assert report.status == Report.Status.READY
    assert report.session.written.scorer.username == WRITTEN_PEERS[1]
    assert report.session.candidate.user.username == WRITTEN_PEERS[0]
    for username in WRITTEN_PEERS:
        client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        response = client.get(reverse("interviews:report_json", args=[report.session_id]))
        data = json.loads(response.content)
        answers = [q["answer_text"] for q in data["questions"] if q["asked"]]
        assert len(answers) == 3 and all(answers)
        assert data["coverage"]["questions_asked"] == 3
        client.post("/accounts/logout/")
