"""What reports do when a session's life moves on (see interviews.sessions.hooks)."""

from django.dispatch import receiver

from interviews.models import InterviewSession
from interviews.reports.services import report_new_version, report_request
from interviews.sessions import hooks


@receiver(hooks.session_submitted, sender=InterviewSession)
def request_report(sender, *, session, **kwargs) -> None:
    report_request(session=session)


@receiver(hooks.scorecard_amended, sender=InterviewSession)
def regenerate_report(sender, *, session, reason, actor, **kwargs) -> None:
    report_new_version(session=session, reason=f"{actor}: {reason}", actor=actor)
