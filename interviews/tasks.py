"""Work on the worker: thin tasks over report generation and the scorecard reminders (mail is
sent by outbox.tasks)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from interviews.calibration.services import reminders_sweep
from interviews.models import InterviewSession, Report
from interviews.reports.generation import report_generate, report_mark_failed
from interviews.sessions import calendar

log = logging.getLogger(__name__)

# A pending report older than this is assumed lost (broker down at submit, worker killed):
# half the sweep's interval (REPORT_SWEEP_SECONDS), a minute by default.
STALE_AFTER = timedelta(seconds=settings.REPORT_SWEEP_SECONDS / 2)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=6,
)
def generate_report(self, session_id: int) -> str | None:
    try:
        report = report_generate(session_id=session_id)
    except DatabaseError:
        if self.request.retries >= self.max_retries:
            report_mark_failed(
                session_id=session_id, error="The database was unavailable; retry later."
            )
        raise
    except Exception as exc:
        # A bug, not a passing fault: retrying cannot help, so say so on the session page.
        log.exception("report for session %s failed", session_id)
        report_mark_failed(session_id=session_id, error=f"{exc.__class__.__name__}: {exc}")
        return None
    return report.status if report else None


def queue_report(session_id: int) -> bool:
    """Queue generation; if the broker is down, the periodic sweep will queue it later."""
    try:
        generate_report.delay(session_id)
    except BrokerError as exc:
        log.warning(
            "could not queue the report of session %s (%s); the sweep will retry", session_id, exc
        )
        return False
    return True


@shared_task
def sweep_missing_reports() -> int:
    """Re-queue every submitted session whose report is missing or has been pending too long."""
    stale = timezone.now() - STALE_AFTER
    ids = list(Report.missing(submitted_before=stale).values_list("pk", flat=True)[:500])
    for session_id in ids:
        queue_report(session_id)
    if ids:
        log.info("sweep re-queued %d reports", len(ids))
    return len(ids)


@shared_task(acks_late=True)
def send_scorecard_reminders() -> int:
    """Mail every scorecard reminder due now (see interviews.calibration.services)."""
    return reminders_sweep()


@shared_task
def send_invitations(session_id: int, kind: str) -> int:
    """Only for tasks queued before scheduling mails went through the outbox: write them there."""
    session = InterviewSession.objects.filter(pk=session_id).first()
    if session is None:
        return 0  # deleted before the mail went out: nobody needs the event any more
    with transaction.atomic():
        return calendar.invitations_queue(session, kind=kind)
