"""When a session ended and when its scorecard reminders fall due: plain date arithmetic."""

from datetime import datetime, timedelta

FIRST_AFTER = timedelta(hours=1)
BUSINESS_DAYS = (0, 1, 2, 3, 4)  # Monday to Friday, as date.weekday() numbers them


def session_ends_at(started_at: datetime | None, planned_minutes: int) -> datetime | None:
    """A session ends when its planned time is up; one never started has not been held."""
    if started_at is None:
        return None
    return started_at + timedelta(minutes=planned_minutes)


def reminder_due_at(
    ends_at: datetime, sequence: int, business_days: tuple[int, ...] = BUSINESS_DAYS
) -> datetime:
    """Reminder 1 an hour after the end, then one on each following business day at the same
    time of day: reminder n on the (n - 1)th business day after the first."""
    if sequence < 1:
        raise ValueError("reminders are numbered from 1")
    due = ends_at + FIRST_AFTER
    days = set(business_days)
    if not days:
        return due if sequence == 1 else datetime.max.replace(tzinfo=due.tzinfo)
    for _ in range(sequence - 1):
        due += timedelta(days=1)
        while due.weekday() not in days:
            due += timedelta(days=1)
    return due


def reminder_due(
    ends_at: datetime,
    now: datetime,
    *,
    sent: int,
    limit: int,
    business_days: tuple[int, ...] = BUSINESS_DAYS,
) -> int | None:
    """The sequence number to send now, or None. `sent` is the highest sequence already sent.
    After an outage only the latest due reminder goes out: missed days are skipped, not sent
    in a burst."""
    due = None
    for sequence in range(sent + 1, limit + 1):
        if reminder_due_at(ends_at, sequence, business_days) > now:
            break
        due = sequence
    return due
