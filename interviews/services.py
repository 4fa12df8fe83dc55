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
from interviews import autosave
from interviews.models import (
    AuditEvent,
    Candidate,
    InterviewPlan,
    InterviewSession,
    PlanItem,
    QuestionNote,
    RaisedFlag,
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

    status = 400


class NotOnPanel(InterviewError):
    pass


class ScorecardLocked(InterviewError):
    status = 409  # a conflict with the state of the scorecard, not a malformed request


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
    if not 100 >= plan.strong_hire_min > plan.hire_min > plan.lean_no_hire_min >= 0:
        raise InterviewError(
            "Band thresholds must decrease within 0 to 100: strong hire > hire > lean no hire ≥ 0."
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
        title=_variant_title(plan.title, candidate.name),
        description=plan.description,
        lines=lines,
        user=user,
        thresholds={
            "strong_hire": plan.strong_hire_min,
            "hire": plan.hire_min,
            "lean_no_hire": plan.lean_no_hire_min,
        },
    )


def _variant_title(title: str, name: str) -> str:
    """'<plan> (variant for <name>)', without stacking suffixes, within the title's 200 chars."""
    base = title.split(" (variant for ", 1)[0]
    suffix = f" (variant for {name})"[:120]
    return base[: 200 - len(suffix)] + suffix


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
        # Only a confirmed address: anyone can sign up with any email.
        account = User.objects.filter(email__iexact=email, email_verified_at__isnull=False).first()
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


def _stop_question_clock(session: InterviewSession, now) -> None:
    """Add the time since the current question was shown to that question's total."""
    if session.question_started_at:
        spent = int((now - session.question_started_at).total_seconds())
        session.questions.filter(position=session.current_position).update(
            seconds_spent=F("seconds_spent") + spent
        )


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
    else:
        _stop_question_clock(session, now)
    session.current_position = position
    session.question_started_at = now
    session.save(update_fields=["status", "started_at", "current_position", "question_started_at"])
    session.questions.filter(position=position, asked=False).update(asked=True)
    return session


def rating_save(
    *,
    scorecard: Scorecard,
    session_question_id: int,
    criterion_id: int,
    points: int | None,
    not_assessed: bool = False,
    actor,
) -> None:
    """Record one level (or 'not assessed') for one criterion of the caller's own scorecard."""
    target = autosave.rating_target(
        session_id=scorecard.session_id,
        user_id=scorecard.interviewer_id,
        session_question_id=session_question_id,
        criterion_id=criterion_id,
    )
    if target is None:
        raise NotOnPanel("Only the session's panel can score it.")
    rating_record(
        target=target,
        session_question_id=session_question_id,
        criterion_id=criterion_id,
        points=points,
        not_assessed=not_assessed,
        actor=actor,
    )


def rating_record(
    *,
    target: "autosave.RatingTarget",
    session_question_id: int,
    criterion_id: int,
    points: int | None,
    not_assessed: bool,
    actor,
) -> None:
    """The rules of a rating, checked against what one lookup found; then one write."""
    if target.scorecard_submitted:
        raise ScorecardLocked("Your scorecard is submitted and locked.")
    if target.session_submitted:
        raise ScorecardLocked("This session is submitted; its scores are locked.")
    if not target.criterion_found:
        raise InterviewError("That criterion is not part of this question's rubric.")
    if not_assessed:
        points = None
    elif points is None or not 0 <= points <= target.max_points:
        raise InterviewError(f"A rating must be a level from 0 to {target.max_points}.")
    autosave.rating_write(
        target=target,
        session_question_id=session_question_id,
        criterion_id=criterion_id,
        points=points,
        not_assessed=not_assessed,
        actor_id=actor.pk,
    )


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
    if session.status == InterviewSession.Status.LIVE:
        _stop_question_clock(session, now)
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


# Plan builder ------------------------------------------------------------------------------------

PLAN_MINUTES_MAX = 120
PLAN_WEIGHT_MAX = Decimal(100)


def plan_question_choices(*, organisation: Organisation):
    """What a plan may hold: questions of the shared bank and of the organisation's own sets
    that have a published rubric, since a session cannot be scored without one."""
    from django.db.models import Exists, OuterRef

    published = RubricVersion.objects.filter(
        question=OuterRef("pk"), status=RubricVersion.Status.PUBLISHED
    )
    return Question.objects.filter(
        Q(question_set__organisation__isnull=True) | Q(question_set__organisation=organisation),
        Exists(published),
    )


def plan_thresholds_check(*, strong_hire: Decimal, hire: Decimal, lean_no_hire: Decimal) -> None:
    if not 100 >= strong_hire > hire > lean_no_hire >= 0:
        raise InterviewError(
            "Band thresholds must decrease: strong hire > hire > lean no hire ≥ 0, all at most 100."
        )


def _plan_fields_set(
    plan: InterviewPlan, *, title: str, description: str, thresholds: dict[str, Decimal]
) -> None:
    title = title.strip()
    if not title:
        raise InterviewError("Give the plan a title.")
    plan_thresholds_check(**thresholds)
    plan.title, plan.description = title, description.strip()
    plan.strong_hire_min = thresholds["strong_hire"]
    plan.hire_min = thresholds["hire"]
    plan.lean_no_hire_min = thresholds["lean_no_hire"]


def plan_create(
    *,
    organisation: Organisation,
    title: str,
    description: str = "",
    thresholds: dict[str, Decimal],
    user=None,
) -> InterviewPlan:
    """An empty plan, filled in the builder one question at a time."""
    plan = InterviewPlan(organisation=organisation, created_by=user)
    _plan_fields_set(plan, title=title, description=description, thresholds=thresholds)
    plan.save()
    return plan


def plan_details_update(
    *, plan: InterviewPlan, title: str, description: str = "", thresholds: dict[str, Decimal]
) -> InterviewPlan:
    """Sessions keep the thresholds they were scheduled with, so past bands never move."""
    _plan_fields_set(plan, title=title, description=description, thresholds=thresholds)
    plan.save()
    return plan


def _plan_lock(plan_id: int) -> None:
    # The UPDATE takes the plan's row lock, so two people editing one plan take turns.
    InterviewPlan.objects.filter(pk=plan_id).update(updated_at=timezone.now())


def _plan_renumber(items: list[PlanItem]) -> None:
    changed = []
    for n, item in enumerate(items):
        if item.position != n:
            item.position = n
            changed.append(item)
    PlanItem.objects.bulk_update(changed, ["position"])


def _plan_item_check(*, minutes: int, weight: Decimal) -> None:
    if not 1 <= minutes <= PLAN_MINUTES_MAX:
        raise InterviewError(f"Minutes must be a whole number from 1 to {PLAN_MINUTES_MAX}.")
    if not 0 < weight <= PLAN_WEIGHT_MAX:
        raise InterviewError(
            f"Weight must be a positive number up to {PLAN_WEIGHT_MAX}, like 1 or 2.5."
        )


@transaction.atomic
def plan_item_add(
    *,
    plan: InterviewPlan,
    question_id: int,
    minutes: int | None = None,
    weight: Decimal = Decimal(1),
) -> PlanItem:
    """Append a question at the end, with its own suggested minutes unless told otherwise."""
    _plan_lock(plan.pk)
    question = (
        Question.objects.filter(
            Q(question_set__organisation__isnull=True)
            | Q(question_set__organisation=plan.organisation_id),
            pk=question_id,
        )
        .select_related("question_set")
        .first()
    )
    if question is None:
        raise InterviewError(
            "That question is not in the shared bank or in your organisation's question sets."
        )
    if question.current_rubric() is None:
        raise InterviewError(
            f"“{question.summary}” has no published rubric yet, so it can't be planned."
        )
    if plan.items.filter(question=question).exists():
        raise InterviewError(f"“{question.summary}” is already in this plan.")
    minutes = minutes or max(1, min(question.minutes, PLAN_MINUTES_MAX))
    _plan_item_check(minutes=minutes, weight=weight)
    return PlanItem.objects.create(
        plan=plan, question=question, position=plan.items.count(), minutes=minutes, weight=weight
    )


@transaction.atomic
def plan_item_update(*, item: PlanItem, minutes: int, weight: Decimal) -> PlanItem:
    _plan_item_check(minutes=minutes, weight=weight)
    _plan_lock(item.plan_id)
    if not PlanItem.objects.filter(pk=item.pk).update(minutes=minutes, weight=weight):
        raise InterviewError("That question was removed from the plan in the meantime.")
    item.minutes, item.weight = minutes, weight
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem) -> None:
    _plan_lock(item.plan_id)
    item.delete()
    _plan_renumber(list(PlanItem.objects.filter(plan_id=item.plan_id).order_by("position", "id")))


@transaction.atomic
def plan_item_move(*, item: PlanItem, offset: int) -> PlanItem:
    """Swap with the neighbour above (offset -1) or below (+1); at either end nothing moves."""
    _plan_lock(item.plan_id)
    items = list(PlanItem.objects.filter(plan_id=item.plan_id).order_by("position", "id"))
    index = next((n for n, other in enumerate(items) if other.pk == item.pk), None)
    target = -1 if index is None else index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _plan_renumber(items)
    return item


@transaction.atomic
def plan_duplicate(*, plan: InterviewPlan, user=None) -> InterviewPlan:
    """A copy to change freely, e.g. the next version of a loop that sessions already use."""
    title_max = InterviewPlan._meta.get_field("title").max_length
    copy = InterviewPlan.objects.create(
        organisation=plan.organisation,
        title=f"Copy of {plan.title}"[:title_max],
        description=plan.description,
        strong_hire_min=plan.strong_hire_min,
        hire_min=plan.hire_min,
        lean_no_hire_min=plan.lean_no_hire_min,
        created_by=user,
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=copy,
            question_id=item.question_id,
            position=n,
            minutes=item.minutes,
            weight=item.weight,
        )
        for n, item in enumerate(plan.items.order_by("position", "id"))
    )
    return copy


@transaction.atomic
def plan_delete(*, plan: InterviewPlan) -> None:
    """Only an unused plan goes: sessions and their reports keep pointing at theirs."""
    from django.db.models import ProtectedError

    used = plan.sessions.count()
    if used:
        raise InterviewError(
            f"“{plan.title}” is used by {used} session{'s' if used != 1 else ''}, so it is kept "
            "for their reports. Duplicate it to make a new version instead."
        )
    try:
        plan.delete()
    except ProtectedError:
        raise InterviewError(
            f"“{plan.title}” was just used for a session, so it is kept for its report."
        ) from None


@transaction.atomic
def report_requeue(*, report: Report, actor) -> Report:
    """Put a failed report back in the queue; its attempts count is kept as the record."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.FAILED:
        return report
    previous_error = report.error
    report.status, report.error = Report.Status.PENDING, ""
    report.save(update_fields=["status", "error"])
    audit(
        organisation_id=report.organisation_id,
        session_id=report.session_id,
        actor=actor,
        action="report_retried",
        attempts=report.attempts,
        error=previous_error[:500],
    )
    from interviews.tasks import queue_report

    transaction.on_commit(lambda: queue_report(report.session_id))
    return report
