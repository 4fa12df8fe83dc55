"""The dashboard page, drawn by its own view and by practice's start form when it has errors."""

from django.http import HttpRequest
from django.shortcuts import render

from accounts.access import acting_membership
from interviews.access import (
    reports_for,
    sessions_as_candidate,
    sessions_for,
    waiting_scorecards_for,
)
from interviews.dashboard import hooks
from interviews.models import InterviewSession, Report
from interviews.reports.selectors import label_roles


def render_dashboard(request: HttpRequest, extra: dict | None = None, status: int = 200):
    """The dashboard, with what the capabilities above it add, then `extra` (a form with its
    errors, say) over that."""
    membership = acting_membership(request)
    context = {"membership": membership}
    if membership is not None and membership.can_interview:
        context["upcoming"] = (
            sessions_for(membership)
            .select_related("candidate", "plan")
            .filter(status__in=(InterviewSession.Status.SCHEDULED, InterviewSession.Status.LIVE))
            .order_by("-status", "scheduled_at")[:10]
        )
        context["waiting"] = waiting_scorecards_for(membership)[:10]
    context["recent_reports"] = label_roles(
        reports_for(request)
        .filter(status=Report.Status.READY)
        .select_related("candidate", "plan")[:8],
        request.user,
    )
    context["my_sessions"] = sessions_as_candidate(request.user)[:5]
    for _, part in hooks.dashboard_page.send(sender=None, request=request):
        context.update(part or {})
    context.update(extra or {})
    return render(request, "interviews/dashboard.html", context, status=status)
