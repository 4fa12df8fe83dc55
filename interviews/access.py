"""One lookup per kind of object, each scoped to the request's organisation and role.

Every view calls one of these first. Anything outside the user's reach is a 404, never a 403:
a stranger learns nothing about what exists.
"""

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.access import acting_membership, bounded_id, current_membership
from accounts.models import Membership, Role
from interviews.autosave import RatingTarget, rating_target
from interviews.models import Candidate, InterviewPlan, InterviewSession, Report, Scorecard

STAFF = (Role.OWNER, Role.INTERVIEWER)


def staff_membership(request: HttpRequest) -> Membership:
    return current_membership(request, roles=STAFF)


def get_plan_for_user(request: HttpRequest, pk: int) -> InterviewPlan:
    membership = staff_membership(request)
    return get_object_or_404(InterviewPlan, pk=pk, organisation=membership.organisation)


def get_candidate_for_user(request: HttpRequest, pk: int) -> Candidate:
    membership = staff_membership(request)
    return get_object_or_404(Candidate, pk=pk, organisation=membership.organisation)


def sessions_for(membership: Membership) -> QuerySet[InterviewSession]:
    """Staff see every session of their organisation; a candidate member only their own."""
    sessions = InterviewSession.objects.filter(organisation=membership.organisation)
    if membership.role == Role.CANDIDATE:
        sessions = sessions.filter(candidate__user=membership.user)
    return sessions


def get_session_for_user(request: HttpRequest, pk: int, *, staff: bool = True) -> InterviewSession:
    membership = staff_membership(request) if staff else current_membership(request)
    return get_object_or_404(
        sessions_for(membership).select_related("plan", "candidate", "organisation"), pk=pk
    )


def get_rating_target_for_user(
    request: HttpRequest, session_pk: int, session_question_id: int, criterion_id: int
) -> RatingTarget:
    """The caller's scorecard and the criterion a console click is about, in one query."""
    target = None
    for value in (session_pk, session_question_id, criterion_id):
        bounded_id(value)
    if request.user.is_authenticated:
        target = rating_target(
            session_id=session_pk,
            user_id=request.user.pk,
            session_question_id=session_question_id,
            criterion_id=criterion_id,
        )
    if target is None:
        raise Http404("You are not on this session's panel.")
    return target


def get_scorecard_for_user(request: HttpRequest, session_pk: int) -> Scorecard:
    """The caller's own scorecard on a session, in one query: only panel members who are staff
    of the session's organisation have one."""
    if not request.user.is_authenticated:
        raise Http404
    bounded_id(session_pk)
    scorecard = (
        Scorecard.objects.select_related("session")
        .filter(
            session_id=session_pk,
            interviewer=request.user,
            session__organisation__memberships__user=request.user,
            session__organisation__memberships__role__in=STAFF,
        )
        .first()
    )
    if scorecard is None:
        raise Http404("You are not on this session's panel.")
    return scorecard


def staff_of(request: HttpRequest) -> Membership | None:
    """The acting membership when it is an owner's or interviewer's, else None."""
    membership = acting_membership(request)
    return membership if membership is not None and membership.role in STAFF else None


def reports_for(request: HttpRequest) -> QuerySet[Report]:
    """Staff read every report of their current organisation. Anyone reads the reports of the
    sessions they were the candidate in (a peer need not belong to the other's organisation),
    but only once the session is submitted.

    The caller's own candidate reports (a handful, usually none) are fetched by id first: an OR
    with a join on the candidate's account would stop PostgreSQL from walking the
    (organisation, -submitted_at) index in order on the reports list.
    """
    if not request.user.is_authenticated:
        return Report.objects.none()
    own = list(
        Report.objects.filter(
            candidate__user=request.user, session__status=InterviewSession.Status.SUBMITTED
        ).values_list("pk", flat=True)
    )
    membership = staff_of(request)
    if membership is None:
        return Report.objects.filter(pk__in=own)
    if not own:
        return Report.objects.filter(organisation=membership.organisation)
    return Report.objects.filter(Q(organisation=membership.organisation) | Q(pk__in=own))


def get_report_for_user(request: HttpRequest, session_pk: int) -> Report:
    if not request.user.is_authenticated:
        raise Http404
    bounded_id(session_pk)
    return get_object_or_404(
        reports_for(request).select_related("session", "candidate", "plan", "organisation"),
        session_id=session_pk,
    )


def get_session_by_screen_token(token: str) -> InterviewSession:
    return get_object_or_404(InterviewSession.objects.select_related("plan"), screen_token=token)


def get_candidate_for_reader(request: HttpRequest, pk: int) -> Candidate:
    """A candidate whose history the user may read: staff of the candidate's organisation, or
    the candidate's own linked account."""
    if not request.user.is_authenticated:
        raise Http404
    mine = Q(user=request.user)
    membership = staff_of(request)
    if membership is not None:
        mine |= Q(organisation=membership.organisation)
    return get_object_or_404(Candidate.objects.filter(mine), pk=pk)
