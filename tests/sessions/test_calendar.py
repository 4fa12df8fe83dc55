"""Scheduling mails carry an iCalendar event that calendars update and cancel in place."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from interviews.plans.services import candidate_get_or_create
from interviews.sessions import services
from tests.data.builders import make_plan, make_session

pytestmark = pytest.mark.django_db


def events(message):
    """The VEVENT of a mail's calendar attachment, with the calendar's METHOD."""
    (name, content, mimetype) = message.attachments[0]
    assert name == "invite.ics" and mimetype.startswith("text/calendar; method=")
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


@pytest.fixture
def scheduled(team, django_capture_on_commit_callbacks):
    team.interviewer.email = "ivy@example.com"
    team.interviewer.save()
    team.owner.email = "owen@example.com"
    team.owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        session = make_session(
            team.organisation, [team.interviewer, team.owner], email="casey@example.com"
        )
    return session


def test_scheduling_mails_the_panel_and_the_candidate_an_invitation(scheduled):
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == ["casey@example.com", "ivy@example.com", "owen@example.com"]
    method, event = events(mail.outbox[0])
    assert method == "REQUEST"
    assert str(event["UID"]).startswith(f"session-{scheduled.pk}@")
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == scheduled.scheduled_at.replace(microsecond=0)
    minutes = sum(q.minutes for q in scheduled.questions.all())
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=minutes)
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == [f"mailto:{name}@example.com" for name in ("casey", "ivy", "owen")]
    panel_mail = next(m for m in mail.outbox if m.to == ["ivy@example.com"])
    assert f"/sessions/{scheduled.pk}/console/" in panel_mail.body
    candidate_mail = next(m for m in mail.outbox if m.to == ["casey@example.com"])
    assert f"/screen/{scheduled.screen_token}/" in candidate_mail.body
    assert "/console/" not in candidate_mail.body


def test_rescheduling_sends_the_same_event_with_a_higher_sequence(
    scheduled, team, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    when = (timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=scheduled,
            scheduled_at=when,
            meeting_link="https://meet.example.com/room",
            candidate_name="Casey Candidate",
            actor=team.owner,
        )
    assert len(mail.outbox) == 3
    method, event = events(mail.outbox[0])
    assert method == "REQUEST"
    assert str(event["UID"]).startswith(f"session-{scheduled.pk}@")
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == when
    assert str(event["LOCATION"]) == "https://meet.example.com/room"
    assert mail.outbox[0].subject.startswith("Interview changed:")


def test_renaming_the_candidate_alone_sends_nothing(
    scheduled, team, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=scheduled,
            scheduled_at=scheduled.scheduled_at,
            meeting_link="",
            candidate_name="Casey C. Candidate",
            actor=team.owner,
        )
    assert mail.outbox == []


def test_cancelling_sends_a_cancel_with_the_reason(
    scheduled, team, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=scheduled, reason="Role filled", actor=team.owner)
    assert len(mail.outbox) == 3
    method, event = events(mail.outbox[0])
    assert method == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert all("Role filled" in m.body for m in mail.outbox)
    assert all("/console/" not in m.body and "/screen/" not in m.body for m in mail.outbox)


def test_deleting_a_scheduled_session_removes_the_event(
    scheduled, team, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    uid = f"session-{scheduled.pk}@"
    with django_capture_on_commit_callbacks(execute=True):
        services.session_delete(session=scheduled, actor=team.owner)
    assert len(mail.outbox) == 3
    method, event = events(mail.outbox[0])
    assert method == "CANCEL" and str(event["UID"]).startswith(uid)


def test_a_refused_schedule_mails_nobody(team, django_capture_on_commit_callbacks):
    plan = make_plan(team.organisation)
    candidate = candidate_get_or_create(
        organisation=team.organisation, name="Casey", email="casey@example.com"
    )
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.InterviewError, match="Not an interviewer"),
    ):
        services.session_schedule(
            plan=plan, candidate=candidate, interviewers=[team.outsider], user=team.owner
        )
    assert mail.outbox == []


def test_people_without_an_address_get_no_mail(team, django_capture_on_commit_callbacks):
    team.interviewer.email = ""
    team.interviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_session(team.organisation, [team.interviewer])
    assert mail.outbox == []
