"""What practice adds to a session's pages and to its report (see interviews.sessions.hooks and
interviews.reports.hooks)."""

from django.dispatch import receiver

from interviews.dashboard import hooks as dashboard_hooks
from interviews.models import InterviewSession, Report
from interviews.practice.contexts import feedback_progress, screen_context, session_context
from interviews.practice.forms import PracticeForm
from interviews.practice.selectors import (
    feedback_comment,
    feedback_items,
    sessions_waiting_feedback,
)
from interviews.practice.services import report_ready_notify
from interviews.reports import hooks as report_hooks
from interviews.sessions import hooks as session_hooks


@receiver(session_hooks.session_page, sender=InterviewSession)
def session_page_practice(sender, *, session, user, request, **kwargs) -> dict:
    base_url = request.build_absolute_uri("/")
    return {"practice": session_context(session=session, user=user, base_url=base_url)}


@receiver(session_hooks.screen_end, sender=InterviewSession)
def screen_end_practice(sender, *, session, user, **kwargs) -> dict:
    return {"end": screen_context(session=session, user=user)}


@receiver(report_hooks.report_building, sender=InterviewSession)
def add_interviewer_feedback(sender, *, session, data, **kwargs) -> None:
    if session.mode == InterviewSession.Mode.PRACTICE:
        data["interviewer_feedback"] = feedback_items(session)
        data["interviewer_feedback_comment"] = feedback_comment(session)


@receiver(report_hooks.report_ready, sender=InterviewSession)
def tell_the_candidate(sender, *, session, **kwargs) -> None:
    if session.mode == InterviewSession.Mode.PRACTICE:
        report_ready_notify(session_id=session.pk)


@receiver(report_hooks.progress_page, sender=Report)
def progress_as_interviewer(sender, *, user, **kwargs) -> dict:
    return {"as_interviewer": feedback_progress(user)}


@receiver(dashboard_hooks.dashboard_page)
def dashboard_practice(sender, *, request, **kwargs) -> dict:
    return {
        "practice_form": PracticeForm(),
        "feedback_due": sessions_waiting_feedback(request.user)[:5],
    }
