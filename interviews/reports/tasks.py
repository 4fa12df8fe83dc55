"""The report's work on the worker: generation, and the sweep that re-queues a lost one.

Task names keep their first home, `interviews.tasks.*`, so queued tasks and the beat schedule
still find them."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from interviews.models import Report
from interviews.reports.generation import report_generate, report_mark_failed

log = logging.getLogger(__name__)

# A pending report older than this is assumed lost (broker down at submit, worker killed):
# half the sweep's interval (REPORT_SWEEP_SECONDS), a minute by default.
STALE_AFTER = timedelta(seconds=settings.REPORT_SWEEP_SECONDS / 2)


@shared_task(
    name="interviews.tasks.generate_report",
    bind=True,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=6,
)
def generate_report(self, session_id: int) -> str:
    """Returns what came of it, "ready", "failed" or "skipped" (not a submitted session), which
    the worker's metrics count."""
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
        return Report.Status.FAILED.value
    return report.status if report else "skipped"


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


@shared_task(name="interviews.tasks.sweep_missing_reports")
def sweep_missing_reports() -> int:
    """Re-queue every submitted session whose report is missing or has been pending too long."""
    stale = timezone.now() - STALE_AFTER
    ids = list(Report.missing(submitted_before=stale).values_list("pk", flat=True)[:500])
    for session_id in ids:
        queue_report(session_id)
    if ids:
        log.info("sweep re-queued %d reports", len(ids))
    return len(ids)
