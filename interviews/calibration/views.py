"""Pages of the calibration package: a plan's agreement, the interviewers' calibration."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from interviews import scoring
from interviews.access import get_plan_for_user, owner_membership
from interviews.calibration.agreement import plan_agreement
from interviews.calibration.interviewers import LEANING_AT, calibration_for


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
