"""Workflows of an interview: plans, scheduling, the live console, scoring and submission.

Views and tasks call these; none of them holds a business rule of its own.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from interviews.models import (
    AuditEvent,
    Candidate,
    InterviewPlan,
    InterviewSession,
    PlanItem,
    QuestionNote,
    RaisedFlag,
    Rating,
    Recommendation,
    Report,
    Scorecard,
    SessionQuestion,
)
from questionbank.models import Category, Criterion, Question, RedFlag, RubricVersion

User = get_user_model()

DEFAULT_PLAN_TITLE = "Serverless developer loop (60 min)"
# Questions per category and minutes each: 18 + 18 + 12 + 12 = 60 minutes, all four categories.
DEFAULT_PLAN_MIX = (
    (Category.TECHNICAL, 3, 6),
    (Category.SCENARIO, 2, 9),
    (Category.BEHAVIORAL, 2, 6),
    (Category.SYSTEM_DESIGN, 1, 12),
)


class InterviewError(ValueError):
    """A request the rules refuse; the message is shown to the person as it is."""


class NotOnPanel(InterviewError):
    pass


class ScorecardLocked(InterviewError):
    pass


class IncompleteScorecard(InterviewError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("Not ready to submit: " + "; ".join(missing))


def audit(
    *, organisation_id: int, action: str, actor=None, session_id: int | None = None, **detail
) -> AuditEvent:
    return AuditEvent.objects.create(
        organisation_id=organisation_id,
        session_id=session_id,
        actor=actor,
        action=action,
        detail=detail,
    )


# Plans -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanLine:
    question: Question
    minutes: int
    weight: Decimal = Decimal(1)


@transaction.atomic
def plan_save(
    *,
    organisation: Organisation,
    title: str,
    lines: Sequence[PlanLine],
    user=None,
    plan: InterviewPlan | None = None,
    description: str = "",
    thresholds: dict[str, Decimal] | None = None,
) -> InterviewPlan:
    """Create a plan, or replace an existing plan's questions. Sessions already scheduled keep
    their own frozen copy, so editing a plan never changes a past interview."""
    if not lines:
        raise InterviewError("A plan needs at least one question.")
    if len({line.question.pk for line in lines}) != len(lines):
        raise InterviewError("A question can appear only once in a plan.")
    plan = plan or InterviewPlan(organisation=organisation, created_by=user)
    plan.title, plan.description = title, description
    if thresholds:
        plan.strong_hire_min = thresholds["strong_hire"]
        plan.hire_min = thresholds["hire"]
        plan.lean_no_hire_min = thresholds["lean_no_hire"]
    if not plan.strong_hire_min > plan.hire_min > plan.lean_no_hire_min >= 0:
        raise InterviewError(
            "Band thresholds must decrease: strong hire > hire > lean no hire ≥ 0."
        )
    plan.save()
    plan.items.all().delete()
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan, question=line.question, position=n, minutes=line.minutes, weight=line.weight
        )
        for n, line in enumerate(lines)
    )
    return plan


def default_plan_ensure(*, organisation: Organisation, user=None) -> InterviewPlan | None:
    """The ready-made 60-minute loop over the shared serverless bank, created once per org."""
    existing = organisation.plans.filter(title=DEFAULT_PLAN_TITLE).first()
    if existing:
        return existing
    lines = []
    for category, count, minutes in DEFAULT_PLAN_MIX:
        questions = (
            Question.objects.filter(
                question_set__slug="serverless",
                question_set__organisation__isnull=True,
                category=category,
                rubric_versions__status=RubricVersion.Status.PUBLISHED,
            )
            .distinct()
            .order_by("position")[:count]
        )
        lines += [PlanLine(question=q, minutes=minutes) for q in questions]
    if not lines:
        return None
    return plan_save(
        organisation=organisation,
        title=DEFAULT_PLAN_TITLE,
        description="Technical, troubleshooting, behavioral (STAR) and system design questions "
        "from the serverless guide, in one hour.",
        lines=lines,
        user=user,
    )


def plan_variant_suggest(
    *, plan: InterviewPlan, candidate: Candidate
) -> list[tuple[Question, Question | None]]:
    """For each plan question the candidate has already been asked, a fresh question of the same
    category (same difficulty when possible) from the same set, or None when none is left."""
    seen = set(
        SessionQuestion.objects.filter(session__candidate=candidate).values_list(
            "question_id", flat=True
        )
    )
    items = list(plan.items.select_related("question"))
    taken = seen | {item.question_id for item in items}
    swaps = []
    for item in items:
        if item.question_id not in seen:
            continue
        pool = (
            Question.objects.filter(
                question_set_id=item.question.question_set_id,
                category=item.question.category,
                rubric_versions__status=RubricVersion.Status.PUBLISHED,
            )
            .exclude(pk__in=taken)
            .distinct()
        )
        fresh = (
            pool.filter(difficulty=item.question.difficulty).order_by("position").first()
            or pool.order_by("position").first()
        )
        if fresh:
            taken.add(fresh.pk)
        swaps.append((item.question, fresh))
    return swaps


@transaction.atomic
def plan_variant_create(*, plan: InterviewPlan, candidate: Candidate, user=None) -> InterviewPlan:
    replacements = {
        old.pk: new for old, new in plan_variant_suggest(plan=plan, candidate=candidate) if new
    }
    if not replacements:
        raise InterviewError("There are no unseen questions to swap in for this candidate.")
    lines = [
        PlanLine(
            question=replacements.get(item.question_id, item.question),
            minutes=item.minutes,
            weight=item.weight,
        )
        for item in plan.items.select_related("question")
    ]
    return plan_save(
        organisation=plan.organisation,
        title=f"{plan.title} (variant for {candidate.name})",
        description=plan.description,
        lines=lines,
        user=user,
        thresholds={
            "strong_hire": plan.strong_hire_min,
            "hire": plan.hire_min,
            "lean_no_hire": plan.lean_no_hire_min,
        },
    )


# Candidates and scheduling -----------------------------------------------------------------------


def candidate_get_or_create(*, organisation: Organisation, name: str, email: str = "") -> Candidate:
    """Reuse the candidate with that email in the organisation; link any account with it."""
    email = email.strip().lower()
    candidate = organisation.candidates.filter(email__iexact=email).first() if email else None
    if candidate is None:
        candidate = Candidate.objects.create(
            organisation=organisation, name=name.strip(), email=email
        )
    if email and candidate.user_id is None:
        account = User.objects.filter(email__iexact=email).first()
        if account:
            candidate.user = account
            candidate.save(update_fields=["user"])
    return candidate


@transaction.atomic
def session_schedule(
    *,
    plan: InterviewPlan,
    candidate: Candidate,
    interviewers: Iterable,
    user,
    mode: str = InterviewSession.Mode.PRACTICE,
    scheduled_at=None,
    meeting_link: str = "",
) -> InterviewSession:
    """Freeze the plan into the session: each question with the rubric version current today."""
    organisation = plan.organisation
    interviewers = list(dict.fromkeys(interviewers))
    if not interviewers:
        raise InterviewError("Choose at least one interviewer.")
    staff = set(
        Membership.objects.filter(
            organisation=organisation,
            user__in=interviewers,
            role__in=(Role.OWNER, Role.INTERVIEWER),
        ).values_list("user_id", flat=True)
    )
    outsiders = [str(u) for u in interviewers if u.pk not in staff]
    if outsiders:
        raise InterviewError(f"Not an interviewer in {organisation}: {', '.join(outsiders)}.")
    if candidate.organisation_id != organisation.pk:
        raise InterviewError("That candidate belongs to another organisation.")
    session = InterviewSession.objects.create(
        organisation=organisation,
        plan=plan,
        candidate=candidate,
        mode=mode,
        scheduled_at=scheduled_at or timezone.now(),
        meeting_link=meeting_link,
        thresholds=plan.thresholds,
        created_by=user,
    )
    rows = []
    for n, item in enumerate(plan.items.select_related("question")):
        rubric = item.question.current_rubric()
        if rubric is None:
            raise InterviewError(f"“{item.question.summary}” has no published rubric yet.")
        rows.append(
            SessionQuestion(
                session=session,
                position=n,
                question=item.question,
                rubric=rubric,
                category=item.question.category,
                prompt=item.question.prompt,
                minutes=item.minutes,
                weight=item.weight,
            )
        )
    if not rows:
        raise InterviewError("The plan has no questions.")
    SessionQuestion.objects.bulk_create(rows)
    Scorecard.objects.bulk_create(Scorecard(session=session, interviewer=u) for u in interviewers)
    audit(
        organisation_id=organisation.pk,
        session_id=session.pk,
        actor=user,
        action="session_scheduled",
        interviewers=[u.pk for u in interviewers],
        plan=plan.pk,
    )
    return session


# The live console --------------------------------------------------------------------------------


def _require_open(session: InterviewSession) -> None:
    if session.status == InterviewSession.Status.SUBMITTED:
        raise ScorecardLocked("This session is submitted; its scores are locked.")


@transaction.atomic
def session_move(*, session: InterviewSession, position: int, actor) -> InterviewSession:
    """Show another question: the candidate's screen follows; time is kept per question."""
    _require_open(session)
    last = session.questions.count() - 1
    position = max(0, min(position, last))
    now = timezone.now()
    if session.status == InterviewSession.Status.SCHEDULED:
        session.status = InterviewSession.Status.LIVE
        session.started_at = now
        audit(
            organisation_id=session.organisation_id,
            session_id=session.pk,
            actor=actor,
            action="session_started",
        )
    elif session.question_started_at:
        spent = int((now - session.question_started_at).total_seconds())
        session.questions.filter(position=session.current_position).update(
            seconds_spent=F("seconds_spent") + spent
        )
    session.current_position = position
    session.question_started_at = now
    session.save(update_fields=["status", "started_at", "current_position", "question_started_at"])
    session.questions.filter(position=position, asked=False).update(asked=True)
    return session


@dataclass(frozen=True)
class RatingResult:
    rating: Rating
    criterion: Criterion


def rating_save(
    *,
    scorecard: Scorecard,
    session_question_id: int,
    criterion_id: int,
    points: int | None,
    not_assessed: bool = False,
    actor,
) -> RatingResult:
    """Record one level (or 'not assessed') for one criterion: the autosave of every click.

    A constant three queries whatever the rubric's size: validate, upsert, audit.
    """
    if scorecard.is_submitted:
        raise ScorecardLocked("Your scorecard is submitted and locked.")
    _require_open(scorecard.session)
    criterion = (
        Criterion.objects.select_related("rubric")
        .filter(
            pk=criterion_id,
            rubric__in=SessionQuestion.objects.filter(
                pk=session_question_id, session_id=scorecard.session_id
            ).values("rubric"),
        )
        .first()
    )
    if criterion is None:
        raise InterviewError("That criterion is not part of this question's rubric.")
    if not_assessed:
        points = None
    elif points is None or not 0 <= points <= criterion.rubric.max_points:
        raise InterviewError(f"A rating must be a level from 0 to {criterion.rubric.max_points}.")
    now = timezone.now()
    with transaction.atomic():
        (rating,) = Rating.objects.bulk_create(
            [
                Rating(
                    scorecard=scorecard,
                    session_question_id=session_question_id,
                    criterion=criterion,
                    points=points,
                    not_assessed=not_assessed,
                    updated_at=now,
                )
            ],
            update_conflicts=True,
            unique_fields=["scorecard", "session_question", "criterion"],
            update_fields=["points", "not_assessed", "updated_at"],
        )
        AuditEvent.objects.create(
            organisation_id=scorecard.session.organisation_id,
            session_id=scorecard.session_id,
            actor=actor,
            action="rating_saved",
            detail={
                "scorecard": scorecard.pk,
                "question": session_question_id,
                "criterion": criterion.pk,
                "points": points,
                "not_assessed": not_assessed,
            },
        )
    return RatingResult(rating=rating, criterion=criterion)


@transaction.atomic
def flag_set(
    *, scorecard: Scorecard, session_question_id: int, red_flag_id: int, raised: bool, actor
) -> RedFlag:
    if scorecard.is_submitted:
        raise ScorecardLocked("Your scorecard is submitted and locked.")
    _require_open(scorecard.session)
    flag = RedFlag.objects.filter(
        pk=red_flag_id,
        rubric__in=SessionQuestion.objects.filter(
            pk=session_question_id, session_id=scorecard.session_id
        ).values("rubric"),
    ).first()
    if flag is None:
        raise InterviewError("That red flag is not part of this question's rubric.")
    if raised:
        RaisedFlag.objects.get_or_create(
            scorecard=scorecard, session_question_id=session_question_id, red_flag=flag
        )
    else:
        RaisedFlag.objects.filter(
            scorecard=scorecard, session_question_id=session_question_id, red_flag=flag
        ).delete()
    audit(
        organisation_id=scorecard.session.organisation_id,
        session_id=scorecard.session_id,
        actor=actor,
        action="red_flag_raised" if raised else "red_flag_cleared",
        scorecard=scorecard.pk,
        question=session_question_id,
        red_flag=flag.pk,
    )
    return flag


def note_save(*, scorecard: Scorecard, session_question_id: int, text: str) -> QuestionNote:
    if scorecard.is_submitted:
        raise ScorecardLocked("Your scorecard is submitted and locked.")
    if not SessionQuestion.objects.filter(
        pk=session_question_id, session_id=scorecard.session_id
    ).exists():
        raise InterviewError("That question is not part of this session.")
    note, _ = QuestionNote.objects.update_or_create(
        scorecard=scorecard, session_question_id=session_question_id, defaults={"text": text}
    )
    return note


def scorecard_missing(scorecard: Scorecard) -> list[str]:
    """What stops a submit, in words: unrated criteria of asked questions, no recommendation."""
    missing = []
    rated = set(
        scorecard.ratings.filter(Q(points__isnull=False) | Q(not_assessed=True)).values_list(
            "session_question_id", "criterion_id"
        )
    )
    touched = {sq for sq, _ in rated}
    questions = scorecard.session.questions.annotate(n=Count("rubric__criteria")).order_by(
        "position"
    )
    criteria = {}
    for c in Criterion.objects.filter(rubric__in=questions.values("rubric")).order_by("position"):
        criteria.setdefault(c.rubric_id, []).append(c)
    for sq in questions:
        if not (sq.asked or sq.pk in touched):
            continue
        unrated = [c.title for c in criteria.get(sq.rubric_id, []) if (sq.pk, c.pk) not in rated]
        if unrated:
            missing.append(f"Q{sq.position + 1}: rate or mark not assessed — {', '.join(unrated)}")
    if not scorecard.recommendation:
        missing.append("choose your overall recommendation")
    return missing


@transaction.atomic
def scorecard_submit(
    *, scorecard: Scorecard, recommendation: str, summary: str = "", actor
) -> Scorecard:
    """Lock one interviewer's scorecard; the session is submitted once the whole panel has."""
    scorecard = Scorecard.objects.select_for_update().select_related("session").get(pk=scorecard.pk)
    if scorecard.is_submitted:
        raise ScorecardLocked("Your scorecard is already submitted.")
    _require_open(scorecard.session)
    if recommendation and recommendation not in Recommendation.values:
        raise InterviewError("Choose one of: strong no, no, yes, strong yes.")
    scorecard.recommendation = recommendation
    scorecard.summary = summary
    missing = scorecard_missing(scorecard)
    if missing:
        raise IncompleteScorecard(missing)
    scorecard.submitted_at = timezone.now()
    scorecard.save(update_fields=["recommendation", "summary", "submitted_at"])
    session = scorecard.session
    audit(
        organisation_id=session.organisation_id,
        session_id=session.pk,
        actor=actor,
        action="scorecard_submitted",
        scorecard=scorecard.pk,
        recommendation=recommendation,
    )
    if not session.scorecards.filter(submitted_at__isnull=True).exists():
        session_finish(session=session, actor=actor)
    return scorecard


@transaction.atomic
def panel_close(*, session: InterviewSession, actor) -> InterviewSession:
    """An owner ends the panel with the scorecards submitted so far; the rest stay out."""
    session = InterviewSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    if not session.scorecards.filter(submitted_at__isnull=False).exists():
        raise InterviewError("No scorecard is submitted yet, so there is nothing to report.")
    session.panel_closed_at = timezone.now()
    session.save(update_fields=["panel_closed_at"])
    audit(
        organisation_id=session.organisation_id,
        session_id=session.pk,
        actor=actor,
        action="panel_closed",
    )
    return session_finish(session=session, actor=actor)


def session_finish(*, session: InterviewSession, actor=None) -> InterviewSession:
    """Mark the session submitted and queue its report once this transaction commits."""
    from interviews.tasks import queue_report

    now = timezone.now()
    if session.question_started_at and session.status == InterviewSession.Status.LIVE:
        spent = int((now - session.question_started_at).total_seconds())
        session.questions.filter(position=session.current_position).update(
            seconds_spent=F("seconds_spent") + spent
        )
    session.status = InterviewSession.Status.SUBMITTED
    session.submitted_at = now
    session.save(update_fields=["status", "submitted_at"])
    Report.objects.get_or_create(
        session=session,
        defaults={
            "organisation_id": session.organisation_id,
            "candidate_id": session.candidate_id,
            "plan_id": session.plan_id,
            "submitted_at": now,
        },
    )
    audit(
        organisation_id=session.organisation_id,
        session_id=session.pk,
        actor=actor,
        action="session_submitted",
    )
    transaction.on_commit(lambda: queue_report(session.pk))
    return session
