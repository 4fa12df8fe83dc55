"""Pages of the calibration package: a plan's agreement, the interviewers' calibration,
hiring decisions and drills."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from interviews import scoring
from interviews.access import get_plan_for_user, get_report_for_owner, owner_membership
from interviews.calibration import decisions
from interviews.calibration.agreement import plan_agreement
from interviews.calibration.forms import DecisionForm, ReminderPolicyForm
from interviews.calibration.interviewers import LEANING_AT, calibration_for
from interviews.calibration.services import reminder_policy_save
from interviews.errors import InterviewError
from interviews.models import ReminderPolicy, Report


def _weak_first(criterion) -> tuple:
    """Criteria below .667 first (worst first), then the rest in plan order, undefined last."""
    alpha = criterion.agreement.alpha
    if alpha is None:
        return (2, 0, criterion.position)
    if alpha < scoring.TENTATIVE_AT:
        return (0, alpha, criterion.position)
    return (1, 0, criterion.position)


@require_GET
@login_required
def plan_agreement_view(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the panels on one plan agree, and where they do not."""
    plan = get_plan_for_user(request, pk)
    found = plan_agreement(plan)
    criteria = sorted(found.criteria, key=_weak_first) if found else []
    return render(
        request,
        "interviews/calibration/plan_agreement.html",
        {
            "plan": plan,
            "found": found,
            "criteria": criteria,
        },
    )


@require_GET
@login_required
def interviewer_calibration(request: HttpRequest) -> HttpResponse:
    """For owners: how each interviewer rates beside the rest of their panels."""
    membership = owner_membership(request)
    return render(
        request,
        "interviews/calibration/interviewers.html",
        {
            "organisation": membership.organisation,
            "people": calibration_for(membership.organisation),
            "leaning_at": float(LEANING_AT),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """For owners: whether and how often the organisation's missing scorecards are chased."""
    membership = owner_membership(request)
    policy = ReminderPolicy.objects.filter(organisation=membership.organisation).first()
    policy = policy or ReminderPolicy(organisation=membership.organisation)
    initial = {f: getattr(policy, f) for f in ("enabled", "business_days", "daily_limit")}
    form = ReminderPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reminder_policy_save(organisation=membership.organisation, **form.cleaned_data)
        messages.success(request, "Reminder settings saved.")
        return redirect("interviews:reminder_settings")
    return render(request, "interviews/calibration/reminders.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def report_decision(request: HttpRequest, session_pk: int) -> HttpResponse:
    """For owners: the decision on one candidate, its history, and a new entry."""
    report = get_report_for_owner(request, session_pk)
    history = list(report.session.decisions.select_related("decided_by"))
    ready = report.status == Report.Status.READY
    choices = decisions.evidence_choices(report.data) if ready else []
    form = DecisionForm(request.POST or None, evidence_choices=choices, changing=bool(history))
    if request.method == "POST" and form.is_valid():
        try:
            decisions.decision_record(report=report, actor=request.user, **form.cleaned_data)
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Decision recorded. It is locked; a change needs a reason.")
            return redirect("interviews:report_decision", session_pk)
    context = {"report": report, "session": report.session, "form": form, "history": history}
    context["ready"] = ready
    status = 422 if form.errors else 200
    return render(request, "interviews/calibration/decision.html", context, status=status)
