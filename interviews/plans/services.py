"""Workflows of plans and candidates: the ready loop, the plan builder, variant plans and the
candidate records that sessions are scheduled for."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q
from django.utils import timezone

from accounts.models import Organisation
from config.ordering import renumber, swap
from interviews.errors import InterviewError
from interviews.models import Candidate, InterviewPlan, PlanItem, Report, SessionQuestion
from questionbank.models import Category, Question, QuestionSet, RubricVersion

DEFAULT_PLAN_TITLE = "Serverless developer loop (60 min)"
# Questions per category and minutes each: 18 + 18 + 12 + 12 = 60 minutes, all four categories.
DEFAULT_PLAN_MIX = (
    (Category.TECHNICAL, 3, 6),
    (Category.SCENARIO, 2, 9),
    (Category.BEHAVIORAL, 2, 6),
    (Category.SYSTEM_DESIGN, 1, 12),
)


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
    plan_thresholds_check(
        strong_hire=plan.strong_hire_min, hire=plan.hire_min, lean_no_hire=plan.lean_no_hire_min
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
    """For each plan question the candidate was already asked (shown to them in a session), a
    fresh question of the same category (same difficulty when possible) from the same set, or
    None when none is left."""
    seen = set(
        SessionQuestion.objects.filter(session__candidate=candidate)
        .asked()
        .values_list("question_id", flat=True)
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


def candidates_link_account(*, user) -> int:
    """Attach every unlinked candidate record that carries the user's now confirmed address, so
    the reports shared with that address reach the account."""
    return Candidate.objects.filter(email__iexact=user.email, user__isnull=True).update(user=user)


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
        account = (
            get_user_model()
            .objects.filter(email__iexact=email, email_verified_at__isnull=False)
            .first()
        )
        if account:
            candidate.user = account
            candidate.save(update_fields=["user"])
    return candidate


# Plan builder ------------------------------------------------------------------------------------

PLAN_MINUTES_MAX = 120
PLAN_WEIGHT_MAX = Decimal(100)


def plan_question_choices(*, organisation: Organisation):
    """What a plan may hold: questions of the shared bank and of the organisation's own sets
    that have a published rubric, since a session cannot be scored without one. A shared set
    the organisation has copied is left out: its copy stands in for it, so no question is
    offered twice."""
    published = RubricVersion.objects.filter(
        question=OuterRef("pk"), status=RubricVersion.Status.PUBLISHED
    )
    copied = QuestionSet.objects.filter(organisation=organisation, copied_from__isnull=False)
    return Question.objects.filter(
        Q(question_set__organisation__isnull=True) | Q(question_set__organisation=organisation),
        Exists(published),
    ).exclude(question_set__in=copied.values("copied_from"))


def plan_copies_available(plan: InterviewPlan) -> list[QuestionSet]:
    """The organisation's copies of shared sets this plan still draws questions from."""
    used = plan.items.filter(question__question_set__organisation__isnull=True).values(
        "question__question_set"
    )
    return list(
        QuestionSet.objects.filter(organisation=plan.organisation_id, copied_from__in=used)
        .select_related("copied_from")
        .order_by("title", "pk")
    )


@transaction.atomic
def plan_questions_switch(*, plan: InterviewPlan, copy: QuestionSet) -> int:
    """Point the plan's questions from the shared set at the organisation's copy of it, question
    by question (same key), keeping each line's place, minutes and weight. Sessions already
    scheduled keep the questions and rubric versions they were given. Returns how many lines
    moved; a question the copy no longer has (or has no published rubric for) stays as it was."""
    _plan_lock(plan.pk)
    if copy.organisation_id != plan.organisation_id or copy.copied_from_id is None:
        raise InterviewError("Choose a copy of a shared set that your organisation owns.")
    published = RubricVersion.objects.filter(
        question=OuterRef("pk"), status=RubricVersion.Status.PUBLISHED
    )
    replacements = {
        q.key: q for q in Question.objects.filter(question_set=copy).filter(Exists(published))
    }
    in_plan = set(plan.items.values_list("question_id", flat=True))
    moved = 0
    items = plan.items.filter(question__question_set=copy.copied_from_id).select_related("question")
    for item in items:
        replacement = replacements.get(item.question.key)
        if replacement is None or replacement.pk in in_plan:
            continue
        item.question = replacement
        item.save(update_fields=["question"])
        in_plan.add(replacement.pk)
        moved += 1
    return moved


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


@transaction.atomic
def plan_details_update(
    *, plan: InterviewPlan, title: str, description: str = "", thresholds: dict[str, Decimal]
) -> InterviewPlan:
    """Sessions keep the thresholds they were scheduled with, so past bands never move."""
    _plan_fields_set(plan, title=title, description=description, thresholds=thresholds)
    plan.save()
    # The reports list sorts by the reports' copy of the title and searches it.
    renamed = Report.objects.filter(plan=plan).exclude(plan_title=plan.title)
    if renamed.update(plan_title=plan.title):
        Report.search_text_refresh(Report.objects.filter(plan=plan))
    return plan


def _plan_lock(plan_id: int) -> None:
    # The UPDATE takes the plan's row lock, so two people editing one plan take turns.
    InterviewPlan.objects.filter(pk=plan_id).update(updated_at=timezone.now())


def _plan_renumber(items: list[PlanItem]) -> None:
    PlanItem.objects.bulk_update(renumber(items), ["position"])


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
    index = next((n for n, other in enumerate(items) if other.pk == item.pk), -1)
    swap(items, index, offset)
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
