from datetime import UTC, datetime, timedelta

import pytest

from interviews.calibration.schedule import reminder_due, reminder_due_at, session_ends_at

FRIDAY_END = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)  # a Friday afternoon


def test_it_ends_a_session_when_its_planned_time_is_up():
    assert session_ends_at(FRIDAY_END, 45) == FRIDAY_END + timedelta(minutes=45)


def test_a_session_never_started_has_not_ended():
    assert session_ends_at(None, 45) is None


def test_the_first_comes_an_hour_after_the_end_then_one_each_business_day():
    assert reminder_due_at(FRIDAY_END, 1) == datetime(2026, 3, 6, 16, 0, tzinfo=UTC)
    # The weekend is skipped: Monday, then Tuesday.
    assert reminder_due_at(FRIDAY_END, 2) == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    assert reminder_due_at(FRIDAY_END, 3) == datetime(2026, 3, 10, 16, 0, tzinfo=UTC)


def test_business_days_are_the_organisations():
    every_day = (0, 1, 2, 3, 4, 5, 6)
    assert reminder_due_at(FRIDAY_END, 2, every_day).weekday() == 5


@pytest.mark.parametrize(
    ("now", "sent", "expected"),
    [
        (FRIDAY_END + timedelta(minutes=59), 0, None),
        (FRIDAY_END + timedelta(hours=1), 0, 1),
        (FRIDAY_END + timedelta(hours=5), 1, None),
        (datetime(2026, 3, 9, 16, 0, tzinfo=UTC), 1, 2),
        # After an outage only the latest due reminder goes, not a burst of the missed ones.
        (datetime(2026, 3, 12, 17, 0, tzinfo=UTC), 1, 5),
        # One plus ten daily ones at most.
        (datetime(2026, 6, 1, 17, 0, tzinfo=UTC), 3, 11),
        (datetime(2026, 6, 1, 17, 0, tzinfo=UTC), 11, None),
    ],
)
def test_it_says_which_reminder_is_due(now, sent, expected):
    assert reminder_due(FRIDAY_END, now, sent=sent, limit=11) == expected


def test_reminders_are_numbered_from_one():
    with pytest.raises(ValueError):
        reminder_due_at(FRIDAY_END, 0)
