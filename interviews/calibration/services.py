"""Scorecard reminders: who is due one now, and sending each exactly once."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from config.links import absolute
from interviews.calibration.schedule import (
    BUSINESS_DAYS,
    FIRST_AFTER,
    reminder_due,
    session_ends_at,
)
from interviews.models import (
    InterviewSession,
    ReminderPolicy,
    Scorecard,
    ScorecardReminder,
    SessionQuestion,
)
from observability.metrics import reminder_sent
from outbox.services import mail_queue

log = logging.getLogger(__name__)
DEFAULT_DAILY = 10


@dataclass(frozen=True)
class DueReminder:
    scorecard_id: int
    sequence: int


def _open_scorecards():
    """Unsubmitted scorecards of sessions that were held and are still open. A session not yet
    started has not been held; a submitted one (or any status a cancelled session may get) is
    no longer waiting for anyone, so only live sessions are chased."""
    return Scorecard.objects.filter(
        submitted_at__isnull=True,
        session__status=InterviewSession.Status.LIVE,
        session__started_at__isnull=False,
    ).exclude(session__organisation__reminder_policy__enabled=False)


def _planned_minutes():
    return Subquery(
        SessionQuestion.objects.filter(session=OuterRef("session"))
        .values("session")
        .annotate(total=Sum("minutes"))
        .values("total")
    )


def _last_sent():
    return Subquery(
        ScorecardReminder.objects.filter(scorecard=OuterRef("pk"))
        .values("scorecard")
        .annotate(last=Max("sequence"))
        .values("last")
    )


def _policy(days, daily) -> tuple[tuple[int, ...], int]:
    days = tuple(days) if days is not None else BUSINESS_DAYS
    return days, DEFAULT_DAILY if daily is None else daily


def reminders_due(*, now: datetime) -> list[DueReminder]:
    """Every reminder that should go out now, in one query."""
    rows = (
        _open_scorecards()
        .filter(session__started_at__lte=now - FIRST_AFTER)
        .annotate(planned=_planned_minutes(), sent=_last_sent())
        .values_list(
            "pk",
            "session__started_at",
            "planned",
            "sent",
            "session__organisation__reminder_policy__business_days",
            "session__organisation__reminder_policy__daily_limit",
        )
        .order_by("pk")
    )
    due = []
    for pk, started_at, planned, sent, days, daily in rows:
        days, daily = _policy(days, daily)
        ends_at = session_ends_at(started_at, planned or 0)
        sequence = reminder_due(ends_at, now, sent=sent or 0, limit=1 + daily, business_days=days)
        if sequence is not None:
            due.append(DueReminder(pk, sequence))
    return due


def console_link(session_id: int) -> str:
    return absolute(reverse("interviews:console", args=[session_id]))


def scorecard_remind(*, scorecard_id: int, sequence: int, now: datetime) -> bool:
    """Claim reminder `sequence` of a scorecard and mail it; False when it is not to be sent
    (already sent by another sweep, submitted or closed meanwhile). The mail is written in the
    claiming transaction, so the claim and the mail stand or fall together; the outbox sends it
    once that commits and retries it while the mail server is down."""
    try:
        with transaction.atomic():
            card = (
                _open_scorecards()
                .select_for_update(of=("self",))
                .select_related("session__candidate", "session__plan", "interviewer")
                .filter(pk=scorecard_id)
                .first()
            )
            if card is None:
                return False
            # Under the row lock: a sweep that read before another one sent sees it now.
            last = card.reminders.aggregate(last=Max("sequence"))["last"] or 0
            if last >= sequence:
                return False
            ScorecardReminder.objects.create(scorecard=card, sequence=sequence, sent_at=now)
            _mail(card, sequence)
    except IntegrityError:
        return False
    reminder_sent()
    return True


def _mail(card: Scorecard, sequence: int) -> None:
    session = card.session
    when = "" if sequence == 1 else f" (reminder {sequence})"
    mail_queue(
        kind="scorecard_reminder",
        to=card.interviewer.email,
        subject=f"Your scorecard for {session.candidate} is waiting{when}",
        body=(
            f"Hello {card.interviewer.get_full_name() or card.interviewer.username},\n\n"
            f"Your scorecard for {session.candidate} on {session.plan} is not submitted yet. "
            "The panel's report waits for it, and ratings are most accurate while the "
            f"interview is fresh:\n{console_link(session.pk)}\n"
        ),
    )


def reminders_sweep(*, now: datetime | None = None) -> int:
    """Send every reminder due now; safe to run from any number of processes at once."""
    now = now or timezone.now()
    sent = 0
    for due in reminders_due(now=now):
        try:
            sent += scorecard_remind(scorecard_id=due.scorecard_id, sequence=due.sequence, now=now)
        except Exception:
            # One bad address must not stop everyone else's reminders; the next sweep retries.
            log.exception("reminder %s for scorecard %s failed", due.sequence, due.scorecard_id)
    return sent


@transaction.atomic
def reminder_policy_save(
    *, organisation: Organisation, enabled: bool, business_days: list[int], daily_limit: int
) -> ReminderPolicy:
    if any(not 0 <= day <= 6 for day in business_days):
        raise ValueError("Business days are weekday numbers from 0 (Monday) to 6 (Sunday).")
    if not 0 <= daily_limit <= 30:
        raise ValueError("Daily reminders must be between 0 and 30.")
    policy, _ = ReminderPolicy.objects.update_or_create(
        organisation=organisation,
        defaults={
            "enabled": enabled,
            "business_days": sorted(set(business_days)),
            "daily_limit": daily_limit,
        },
    )
    return policy
