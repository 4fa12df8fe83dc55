"""Every link in a page or a mail starts with one origin: the request's, else SITE_URL."""

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from config.links import absolute
from interviews.calibration.services import reminders_sweep
from interviews.models import InterviewSession
from tests.calibration.reminders import held_session
from tests.data.builders import make_plan
from tests.mail import committed

pytestmark = pytest.mark.django_db

ORIGIN = "http://127.0.0.1:8123"


def description(message) -> str:
    (_, content, _) = message.attachments[0]
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    return str(event["DESCRIPTION"])


def test_scheduling_mails_link_the_site_the_scheduler_is_on(
    client, team, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://interviews.example.org"  # a stale setting must not win
    plan = make_plan(team.organisation)
    client.force_login(team.owner)
    client.post("/accounts/organisations/switch/", {"organisation": team.organisation.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/sessions/new/",
            {
                "plan": plan.pk,
                "candidate_name": "Ελένη Παπαδοπούλου",
                "candidate_email": "eleni@example.com",
                "interviewers": [team.owner.pk],
                "mode": "hiring",
            },
            HTTP_HOST="127.0.0.1:8123",
        )
    assert response.status_code == 302
    session = InterviewSession.objects.get()
    panel = next(m for m in mail.outbox if m.to == [team.owner.email])
    candidate = next(m for m in mail.outbox if m.to == ["eleni@example.com"])
    console = f"{ORIGIN}/sessions/{session.pk}/console/"
    screen = f"{ORIGIN}/screen/{session.screen_token}/"
    assert console in panel.body and console in description(panel)
    # The candidate's mail and calendar event link their own screen, never a staff page.
    assert screen in candidate.body and screen in description(candidate)
    assert "/sessions/" not in description(candidate) and "/sessions/" not in candidate.body
    assert "interviews.example.org" not in panel.body + candidate.body


def test_a_mail_written_outside_a_request_links_site_url(team, settings):
    settings.SITE_URL = "http://interviews.example.org/"
    assert absolute("/reports/") == "http://interviews.example.org/reports/"
    session = held_session(team, panel=[team.owner])
    with committed():
        assert reminders_sweep(now=timezone.now()) == 1
    assert f"http://interviews.example.org/sessions/{session.pk}/console/" in mail.outbox[0].body
