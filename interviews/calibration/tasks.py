"""Calibration's work on the worker (its task name keeps its first home, `interviews.tasks`)."""

from celery import shared_task

from interviews.calibration.services import reminders_sweep


@shared_task(name="interviews.tasks.send_scorecard_reminders", acks_late=True)
def send_scorecard_reminders() -> int:
    """Mail every scorecard reminder due now (see interviews.calibration.services)."""
    return reminders_sweep()
