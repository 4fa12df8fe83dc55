"""One lookup per kind of object, each scoped to the request's organisation and role.

Every view calls one of these first. Anything outside the user's reach is a 404, never a 403:
a stranger learns nothing about what exists.
"""

import copy
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.access import acting_membership, bounded_id, current_membership
from accounts.models import STAFF_ROLES, Membership, Role
from interviews.models import (
    Candidate,
    Drill,
    InterviewPlan,
    InterviewSession,
    RegradeRequest,
    Report,
    ReportVersion,
    Scorecard,
    SessionQuestion,
    WrittenPractice,
)
from questionbank.models import Criterion, GoldAnswer, QuestionSet, RubricVersion


def table_name(model) -> str:
    """A model's table, quoted, for the few plain-SQL statements of the hottest paths."""
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class RatingTarget:
    """One interviewer's scorecard on a session, and the criterion a click is about."""

    scorecard_id: int
    session_id: int
    organisation_id: int
    scorecard_submitted: bool
    session_closed: bool  # submitted or cancelled
    amending: bool  # a submitted scorecard reopened, with a reason, for an amendment
    criterion_found: bool
    max_points: int | None


def rating_target(
    *, session_id: int, user_id: int, session_question_id: int, criterion_id: int
) -> RatingTarget | None:
    """None unless the user is on the session's panel as an owner or interviewer of its
    organisation, or from a written practice's scoring seat; `criterion_found` is False when
    the criterion is not in that question's rubric."""
    sql = f"""
        SELECT sc.id, s.organisation_id, sc.submitted_at IS NOT NULL, sc.amend_reason, s.status,
               c.id, r.scale
        FROM {table_name(Scorecard)} sc
        JOIN {table_name(InterviewSession)} s ON s.id = sc.session_id
        LEFT JOIN {table_name(Membership)} m
          ON m.organisation_id = s.organisation_id AND m.user_id = %s AND m.role IN (%s, %s)
        LEFT JOIN {table_name(WrittenPractice)} w ON w.session_id = s.id AND w.scorer_id = %s
        LEFT JOIN {table_name(SessionQuestion)} sq ON sq.session_id = s.id AND sq.id = %s
        LEFT JOIN {table_name(Criterion)} c ON c.rubric_id = sq.rubric_id AND c.id = %s
        LEFT JOIN {table_name(RubricVersion)} r ON r.id = c.rubric_id
        WHERE sc.session_id = %s AND sc.interviewer_id = %s
          AND (m.id IS NOT NULL OR w.id IS NOT NULL)
    """
    params = [
        user_id,
        Role.OWNER,
        Role.INTERVIEWER,
        user_id,
        session_question_id,
        criterion_id,
        session_id,
        user_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    scorecard_id, organisation_id, submitted, amend_reason, status, found, scale = row
    if isinstance(scale, str):  # SQLite returns JSON as text
        scale = json.loads(scale)
    return RatingTarget(
        scorecard_id=scorecard_id,
        session_id=session_id,
        organisation_id=organisation_id,
        scorecard_submitted=bool(submitted),
        session_closed=status
        in (InterviewSession.Status.SUBMITTED, InterviewSession.Status.CANCELLED),
        amending=bool(submitted and amend_reason),
        criterion_found=found is not None,
        max_points=max(level["points"] for level in scale) if scale else None,
    )


def staff_membership(request: HttpRequest) -> Membership:
    return current_membership(request, roles=STAFF_ROLES)


def owner_membership(request: HttpRequest) -> Membership:
    """Pages about the organisation's people and records (calibration, the audit trail) are
    for its owners only."""
    return current_membership(request, roles=(Role.OWNER,))


def get_plan_for_user(request: HttpRequest, pk: int) -> InterviewPlan:
    membership = staff_membership(request)
    return get_object_or_404(InterviewPlan, pk=pk, organisation=membership.organisation)


def get_candidate_for_user(request: HttpRequest, pk: int) -> Candidate:
    membership = staff_membership(request)
    return get_object_or_404(Candidate, pk=pk, organisation=membership.organisation)


def sessions_for(membership: Membership) -> QuerySet[InterviewSession]:
    """Owners see every session of their organisation, an interviewer the sessions whose panel
    they sit on, a candidate member only their own."""
    sessions = InterviewSession.objects.filter(organisation=membership.organisation)
    if membership.role == Role.CANDIDATE:
        sessions = sessions.filter(candidate__user=membership.user)
    elif membership.role != Role.OWNER:
        sessions = sessions.filter(scorecards__interviewer=membership.user)
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
    """The caller's own scorecard on a session, in one query: panel members who are staff of
    the session's organisation, or the peer who took a written practice's scoring seat."""
    if not request.user.is_authenticated:
        raise Http404
    staff = Q(
        session__organisation__memberships__user=request.user,
        session__organisation__memberships__role__in=STAFF_ROLES,
    )
    scorecard = (
        Scorecard.objects.select_related("session")
        .filter(session_id=session_pk, interviewer=request.user)
        .filter(staff | Q(session__written__scorer=request.user))
        .first()
    )
    if scorecard is None:
        raise Http404("You are not on this session's panel.")
    return scorecard


def staff_of(request: HttpRequest) -> Membership | None:
    """The acting membership when it is an owner's or interviewer's, else None."""
    membership = acting_membership(request)
    return membership if membership is not None and membership.role in STAFF_ROLES else None


def _own_report_ids(user) -> list[int]:
    """The submitted reports of the sessions `user` was the candidate in or scored from a
    written practice's seat. Two branches under UNION, each walking its own index from the
    user; an OR across the two joins would make PostgreSQL join every report of the table."""
    submitted = Report.objects.filter(session__status=InterviewSession.Status.SUBMITTED)
    candidate = submitted.filter(candidate__user=user).order_by().values_list("pk", flat=True)
    scorer = submitted.filter(session__written__scorer=user).order_by().values_list("pk", flat=True)
    return list(candidate.union(scorer).order_by())


def reports_for(request: HttpRequest) -> QuerySet[Report]:
    """Staff read every report of their current organisation. Anyone reads the reports of the
    sessions they were the candidate in (a peer need not belong to the other's organisation),
    or scored from a written practice's seat, but only once the session is submitted.

    The caller's own candidate reports (a handful, usually none) are fetched by id first: an OR
    with a join on the candidate's account would stop PostgreSQL from walking the
    (organisation, -submitted_at) index in order on the reports list.
    """
    if not request.user.is_authenticated:
        return Report.objects.none()
    own = _own_report_ids(request.user)
    membership = staff_of(request)
    if membership is None:
        return Report.objects.filter(pk__in=own)
    if not own:
        return Report.objects.filter(organisation=membership.organisation)
    return Report.objects.filter(Q(organisation=membership.organisation) | Q(pk__in=own))


def get_report_for_user(request: HttpRequest, session_pk: int) -> Report:
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        reports_for(request).select_related("session", "candidate", "plan", "organisation"),
        session_id=session_pk,
    )


class SignInFirst(Http404):
    """A signed-out visitor of a screen that only its candidate's account may open: a page
    sends them to sign in, anything else is a plain 404."""


def get_session_by_screen_token(request: HttpRequest, token: str) -> InterviewSession:
    """The session of a candidate's screen link. The link is the credential, until a practice
    seat is taken by an account: the screen is then that account's only, signed in (and the
    link given out before was revoked when the seat was taken)."""
    if not token or len(token) > 64:
        raise Http404
    session = get_object_or_404(
        InterviewSession.objects.select_related("plan", "candidate"), screen_token=token
    )
    if session.screen_needs_account and request.user.pk != session.candidate.user_id:
        if not request.user.is_authenticated:
            raise SignInFirst
        raise Http404
    return session


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


def report_or_session_for_user(
    request: HttpRequest, session_pk: int
) -> tuple[Report | None, InterviewSession]:
    """The report of a session, or for staff a session still waiting for its report.

    Staff may open a session's report page before the panel submits: it waits and polls. Anyone
    else gets the report once it exists and is theirs to read, or a 404.
    """
    if not request.user.is_authenticated:
        raise Http404
    try:
        report = get_report_for_user(request, session_pk)
    except Http404:
        membership = staff_of(request)
        if membership is None:
            raise
        session = get_object_or_404(
            InterviewSession.objects.select_related("candidate", "plan"),
            pk=session_pk,
            organisation=membership.organisation,
        )
        if hasattr(session, "report"):  # exists but not readable here: never say so
            raise
        return None, session
    return report, report.session


def can_retry_report(request: HttpRequest, report: Report) -> bool:
    """Owners of the report's organisation may queue a failed report again."""
    membership = acting_membership(request)
    return (
        membership is not None
        and membership.role == Role.OWNER
        and membership.organisation_id == report.organisation_id
    )


def reads_whole_report(request: HttpRequest, report: Report) -> bool:
    """The organisation's staff and practising peers read everything; a hiring candidate does
    not see the panel's notes, recommendations or where they stand among other candidates."""
    membership = staff_of(request)
    return bool(
        (membership and membership.organisation_id == report.organisation_id)
        or report.session.mode == InterviewSession.Mode.PRACTICE
    )


def get_report_version_for_user(
    request: HttpRequest, session_pk: int, number: int
) -> ReportVersion:
    """An earlier version of a report, readable by whoever may read the report itself."""
    report = get_report_for_user(request, session_pk)
    version = get_object_or_404(ReportVersion, report=report, number=number)
    version.report = report
    return version


def report_data_for_reader(request: HttpRequest, report: Report) -> dict:
    """The report's data as this reader may see it."""
    return data_for_reader(request, report, report.data)


def data_for_reader(request: HttpRequest, report: Report, data: dict) -> dict:
    """Some data of the report (current or an earlier version) as this reader may see it."""
    if reads_whole_report(request, report):
        return data
    data = copy.deepcopy(data)
    data["recommendations"] = []
    for question in data.get("questions", []):
        question["notes"] = {}
    for card in data.get("interviewers", []):
        card["recommendation"] = None
    return data


# The panel ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelAccess:
    """What one member of staff may see of a session's panel: their own scorecard, if on the
    panel, and whether the others' scorecards are open to them yet."""

    session: InterviewSession
    membership: Membership
    own: Scorecard | None

    @property
    def is_owner(self) -> bool:
        return self.membership.role == Role.OWNER

    @property
    def on_panel(self) -> bool:
        """Only the panel drives a session (starts, moves, hands the lead over); an owner off
        the panel looks, and manages it as the organisation's owner."""
        return self.own is not None

    @property
    def has_submitted(self) -> bool:
        return self.own is not None and self.own.is_submitted

    @property
    def can_see_panel(self) -> bool:
        """Panel members score independently: the others' scorecards open once one's own is
        submitted. An owner may look earlier, and that look is put on record."""
        return self.is_owner or self.has_submitted

    @property
    def show_recommendations(self) -> bool:
        return self.session.is_submitted or self.has_submitted


def get_panel_access_for_user(request: HttpRequest, pk: int) -> PanelAccess:
    """A session for its panel and the organisation's owners; anyone else gets a 404."""
    session = get_session_for_user(request, pk)
    membership = staff_membership(request)
    own = session.scorecards.filter(interviewer=request.user).first()
    return PanelAccess(session=session, membership=membership, own=own)


def waiting_scorecards_for(membership: Membership) -> QuerySet[Scorecard]:
    """The member's own scorecards still to submit, on sessions of their organisation."""
    return (
        Scorecard.objects.filter(
            interviewer=membership.user,
            submitted_at__isnull=True,
            session__organisation=membership.organisation,
        )
        .exclude(session__status=InterviewSession.Status.SUBMITTED)
        .select_related("session__candidate", "session__plan")
    )


def sessions_as_candidate(user) -> QuerySet[InterviewSession]:
    """Sessions not yet submitted in which the user is the candidate, in any organisation;
    a written practice has no screen to open, so it is listed with written practice."""
    return (
        InterviewSession.objects.filter(candidate__user=user, written__isnull=True)
        .exclude(status=InterviewSession.Status.SUBMITTED)
        .select_related("plan", "organisation")
    )


# Decisions, regrades and drills ------------------------------------------------------------------


def get_report_for_owner(request: HttpRequest, session_pk: int) -> Report:
    """A report of the owner's organisation: decisions are theirs to record."""
    membership = owner_membership(request)
    return get_object_or_404(
        Report.objects.select_related("session__candidate", "session__plan", "candidate", "plan"),
        session_id=session_pk,
        organisation=membership.organisation,
    )


def get_own_report_as_candidate(request: HttpRequest, session_pk: int) -> Report:
    """The caller's own ready report as its candidate: only they may contest its ratings."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Report.objects.select_related("session", "candidate"),
        session_id=session_pk,
        candidate__user=request.user,
        session__status=InterviewSession.Status.SUBMITTED,
        status=Report.Status.READY,
    )


def get_regrade_for_owner(request: HttpRequest, pk: int) -> RegradeRequest:
    membership = owner_membership(request)
    return get_object_or_404(
        RegradeRequest.objects.select_related(
            "session__candidate", "session__plan", "session_question", "criterion", "requested_by"
        ),
        pk=pk,
        organisation=membership.organisation,
    )


def regrades_for_owner(request: HttpRequest) -> QuerySet[RegradeRequest]:
    membership = owner_membership(request)
    return RegradeRequest.objects.filter(organisation=membership.organisation)


def drills_for(request: HttpRequest) -> QuerySet[Drill]:
    """Drills are for the organisation's staff; a candidate never learns one exists."""
    membership = staff_membership(request)
    return Drill.objects.filter(organisation=membership.organisation)


def get_drill_for_user(request: HttpRequest, pk: int) -> Drill:
    return get_object_or_404(
        drills_for(request).select_related("question", "rubric", "created_by"), pk=pk
    )


def gold_answers_of(organisation) -> QuerySet[GoldAnswer]:
    """The live gold answers of the banks an organisation uses: its own sets and the shared
    ones. A shared set it has copied is left out: its copy's answers stand in for them."""
    copied = QuestionSet.objects.filter(organisation=organisation, copied_from__isnull=False)
    used = QuestionSet.objects.filter(
        Q(organisation=organisation) | Q(organisation__isnull=True)
    ).exclude(pk__in=copied.values("copied_from"))
    return GoldAnswer.objects.live().filter(question__question_set__in=used)


def get_gold_answer_for_user(request: HttpRequest, pk: int) -> GoldAnswer:
    """A gold answer offered as a drill to the caller's organisation, for its staff only."""
    membership = staff_membership(request)
    return get_object_or_404(
        gold_answers_of(membership.organisation).select_related("question", "rubric"), pk=pk
    )


# Answers and written practice --------------------------------------------------------------------


def written_for(user) -> QuerySet[WrittenPractice]:
    """Written practices the user took as the candidate or holds the scoring seat of."""
    if not user.is_authenticated:
        return WrittenPractice.objects.none()
    return WrittenPractice.objects.filter(
        Q(session__candidate__user=user) | Q(scorer=user)
    ).select_related("session__plan", "session__candidate", "scorer")


def get_written_for_reader(request: HttpRequest, pk: int) -> WrittenPractice:
    """A written practice for its candidate or its seated scorer; anyone else gets a 404."""
    return get_object_or_404(written_for(request.user), session_id=pk)


def get_written_for_candidate(request: HttpRequest, pk: int) -> WrittenPractice:
    """A written practice for the person who writes it: only they answer, submit and invite."""
    written = get_written_for_reader(request, pk)
    if written.session.candidate.user_id != request.user.pk:
        raise Http404("Only the candidate answers a written practice.")
    return written


def get_written_by_scoring_token(request: HttpRequest, token: str) -> WrittenPractice:
    """The written practice a scoring link opens. The link is the credential, so a wrong or
    withdrawn one is a 404; whether it can still be taken is the service's to say."""
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(
        WrittenPractice.objects.select_related("session__plan", "session__candidate", "scorer"),
        scoring_token=token,
    )


# Peer practice -----------------------------------------------------------------------------------


def get_practice_session_for_peer(request: HttpRequest, pk: int) -> InterviewSession:
    """A practice session the caller is a side of: its candidate's account or its interviewer."""
    if not request.user.is_authenticated:
        raise Http404
    peers = Q(candidate__user=request.user) | Q(scorecards__interviewer=request.user)
    sessions = InterviewSession.objects.filter(peers, mode=InterviewSession.Mode.PRACTICE)
    return get_object_or_404(
        InterviewSession.objects.select_related("candidate", "plan", "organisation", "lead"),
        pk=pk,
        pk__in=sessions.values("pk"),
    )


def get_practice_session_by_screen_token(request: HttpRequest, token: str) -> InterviewSession:
    """The practice session of a candidate's screen link. Once the candidate has an account,
    only that account may act on it (the caller signs in first); a guest's link is enough."""
    session = get_object_or_404(
        InterviewSession.objects.select_related("candidate", "plan", "lead"),
        screen_token=token,
        mode=InterviewSession.Mode.PRACTICE,
    )
    account = session.candidate.user_id
    if account is not None and request.user.is_authenticated and request.user.pk != account:
        raise Http404
    return session
