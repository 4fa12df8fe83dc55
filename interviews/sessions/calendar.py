"""Calendar invitations: every scheduling e-mail carries an iCalendar event (RFC 5545).

One event per session, identified by a stable UID, so a calendar updates the entry it already
holds when the session is rescheduled (a higher SEQUENCE) and removes it when it is cancelled
(METHOD:CANCEL). The panel's mail links to the console, the candidate's to their screen.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from config.links import absolute
from interviews.models import AuditEvent, InterviewSession
from outbox.services import mail_queue

PRODID = "-//Rubric interviews//Scheduling//EN"
# Changes a calendar must hear about: each one raises the event's SEQUENCE by one.
_UPDATES = ("session_updated", "session_cancelled")


def _uid(session: InterviewSession) -> str:
    return f"session-{session.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def _address(user_or_candidate, *, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{user_or_candidate.email}")
    address.params["cn"] = vText(_display_name(user_or_candidate))
    address.params["role"] = vText(role)
    return address


def _display_name(person) -> str:
    if hasattr(person, "get_full_name"):
        return person.get_full_name() or person.username
    return str(person)


def invitation(session: InterviewSession, *, link: str, cancelled: bool = False) -> bytes:
    """The session as an iCalendar file: REQUEST while it stands, CANCEL once called off.
    `link` is where this reader goes: the console for the panel, the screen for the candidate."""
    start = session.scheduled_at or session.created_at or timezone.now()
    minutes = session.questions.aggregate(total=Sum("minutes"))["total"] or 0
    sequence = AuditEvent.objects.filter(session_id=session.pk, action__in=_UPDATES).count()

    event = Event()
    event.add("uid", _uid(session))
    event.add("dtstamp", timezone.now())
    event.add("sequence", sequence)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=max(minutes, 15)))
    event.add("summary", f"Interview: {session.candidate} — {session.plan}")
    lines = [f"Structured interview on the plan “{session.plan}”, {minutes} minutes."]
    if session.meeting_link:
        event.add("location", session.meeting_link)
        event.add("url", session.meeting_link)
        lines.append(f"Meeting: {session.meeting_link}")
    lines.append(f"Join here: {link}")
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser = session.created_by or session.lead
    if organiser is not None and organiser.email:
        event.add("organizer", _address(organiser, role="CHAIR"))
    for person in session.interviewers.all():
        if person.email:
            event.add("attendee", _address(person, role="REQ-PARTICIPANT"))
    if session.candidate.email:
        event.add("attendee", _address(session.candidate, role="REQ-PARTICIPANT"))

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    calendar.add_component(event)
    return calendar.to_ical()


def _when(session: InterviewSession) -> str:
    if session.scheduled_at is None:
        return "now"
    local = timezone.localtime(session.scheduled_at)
    return local.strftime("%A %-d %B %Y at %H:%M ") + local.tzname()


def invitations_queue(session: InterviewSession, *, kind: str) -> int:
    """Write the panel's and the candidate's mails, each with the event, in the transaction of
    the change (a rollback sends nothing, and a deleted session's mails are written while it
    still exists); the outbox sends them once it commits, retried while the mail server is
    down. `kind`: "scheduled", "updated" or "cancelled". Returns how many were written."""
    cancelled = kind == "cancelled"
    method = "CANCEL" if cancelled else "REQUEST"
    subject = {
        "scheduled": f"Interview scheduled: {session.candidate}, {_when(session)}",
        "updated": f"Interview changed: {session.candidate}, now {_when(session)}",
        "cancelled": f"Interview cancelled: {session.candidate}",
    }[kind]
    meeting = f"Meeting link: {session.meeting_link}\n" if session.meeting_link else ""
    reason = f"Reason: {session.cancel_reason}\n" if cancelled and session.cancel_reason else ""
    console = absolute(reverse("interviews:console", args=[session.pk]))
    screen = absolute(reverse("interviews:candidate_screen", args=[session.screen_token]))
    recipients = []
    for person in session.interviewers.all():
        if person.email:
            link = "" if cancelled else f"Your console: {console}\n"
            recipients.append(
                (
                    person.email,
                    f"You are on the panel for {session.candidate} ({session.plan}), "
                    f"{_when(session)}.\n{meeting}{reason}{link}",
                    console,
                )
            )
    if session.candidate.email:
        state = "cancelled" if cancelled else f"set for {_when(session)}"
        link = "" if cancelled else f"Your question screen: {screen}\n"
        recipients.append(
            (
                session.candidate.email,
                f"Hello {session.candidate},\n\nYour interview “{session.plan}” is {state}.\n"
                f"{meeting}{reason}{link}",
                screen,
            )
        )
    for address, body, link in recipients:
        ics = invitation(session, link=link, cancelled=cancelled)
        attachment = ("invite.ics", ics, f"text/calendar; method={method}; charset=utf-8")
        mail_queue(
            kind=f"calendar_{kind}",
            to=address,
            subject=subject,
            body=body,
            attachments=[attachment],
        )
    return len(recipients)
