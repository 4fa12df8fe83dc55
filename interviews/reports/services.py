"""Workflows of reports beyond generation: asking for one, retrying a failed one, a new version."""

from django.db import transaction

from interviews.errors import InterviewError
from interviews.live.events import REPORT, session_changed
from interviews.models import (
    AuditEvent,
    InterviewSession,
    Report,
    ReportVersion,
)
from interviews.reports import tasks


def report_request(*, session: InterviewSession) -> Report:
    """A submitted session's report, pending, queued for generation once the submission commits."""
    report, _ = Report.objects.get_or_create(session=session, defaults=Report.fields_of(session))
    transaction.on_commit(lambda: tasks.queue_report(session.pk))
    return report


@transaction.atomic
def report_requeue(*, report: Report, actor) -> Report:
    """Put a failed report back in the queue; its attempts count is kept as the record."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.FAILED:
        return report
    previous_error = report.error
    report.status, report.error = Report.Status.PENDING, ""
    report.save(update_fields=["status", "error"])
    AuditEvent.record(
        organisation_id=report.organisation_id,
        session_id=report.session_id,
        actor=actor,
        action="report_retried",
        attempts=report.attempts,
        error=previous_error[:500],
    )
    transaction.on_commit(lambda: tasks.queue_report(report.session_id))
    session_changed(report.session_id, REPORT)
    return report


REASON_MAX = 500


@transaction.atomic
def report_new_version(*, session: InterviewSession, reason: str, actor) -> Report:
    """Regenerate a session's report, keeping what it said until now as a numbered version.

    Called when a submitted scorecard is amended or a regrade is granted: the scores change, but
    whoever read the report before can still open the version they read, and why it was replaced
    is on record.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise InterviewError("Say why the report is regenerated.")
    if len(reason) > REASON_MAX:
        raise InterviewError(f"Keep the reason under {REASON_MAX} characters.")
    report = Report.objects.select_for_update().filter(session_id=session.pk).first()
    if report is None:
        raise InterviewError("This session has no report yet, so there is nothing to regenerate.")
    kept = None
    if report.status == Report.Status.READY:
        kept = ReportVersion.objects.create(
            report=report,
            number=report.version,
            data=report.data,
            overall=report.overall,
            band=report.band,
            generated_at=report.generated_at,
            reason=reason,
            created_by=actor,
        )
        report.version += 1
    report.status, report.error = Report.Status.PENDING, ""
    report.save(update_fields=["status", "error", "version"])
    AuditEvent.record(
        organisation_id=report.organisation_id,
        session_id=report.session_id,
        actor=actor,
        action="report_new_version",
        reason=reason,
        kept_version=kept.number if kept else None,
        version=report.version,
    )
    transaction.on_commit(lambda: tasks.queue_report(report.session_id))
    session_changed(report.session_id, REPORT)
    return report
