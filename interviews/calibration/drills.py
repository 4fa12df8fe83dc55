"""Calibration drills on gold answers.

An owner records a reference answer to a question (a transcript) with the level each criterion
deserves and why. An interviewer scores it blind, then sees how far they were from the
reference on each criterion. An interviewer within one level on at least 80% of the criteria of
their last three drills is calibrated.

Drills are kept in their own tables and read only here: no report, percentile, agreement
number or debrief ever sees them.

Gold answers shipped with a bank are drills for every organisation that uses the bank or a copy
of it. They become rows of the organisation lazily, on the first blind scoring: until then the
gold answer itself is the drill, shown from the bank. A row is made only when there is something
to keep (an attempt, and the reference it was compared with), so a bank loaded before an
organisation existed, a copy made later and a reload that retires an answer all show at once,
without a hook from the bank into this package and without hundreds of rows per organisation
that would keep its copied questions from ever being deleted. One organisation has at most one
drill per gold answer (a unique constraint), however many interviewers score it at once.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from interviews.access import gold_answers_of
from interviews.errors import InterviewError
from interviews.models import AuditEvent, Drill, DrillAttempt
from questionbank.models import GoldAnswer, Question

CALIBRATED_SHARE = Fraction(8, 10)
WITHIN = 1  # levels
DRILLS_COUNTED = 3
TITLE_MAX = 200
REASONING_MAX = 2000


def _levels(rubric) -> set[int]:
    return {level["points"] for level in rubric.scale}


@transaction.atomic
def drill_create(
    *,
    organisation,
    question: Question,
    title: str,
    transcript: str,
    reference: Mapping[int, int],
    reasoning: Mapping[int, str],
    actor,
) -> Drill:
    """Record a gold answer against the question's current rubric; every criterion needs its
    reference level, so a drill can be compared on all of them."""
    rubric = question.current_rubric()
    if rubric is None:
        raise InterviewError("This question has no published rubric to drill against.")
    title, transcript = title.strip(), transcript.strip()
    if not title or len(title) > TITLE_MAX:
        raise InterviewError(f"Give the drill a title of at most {TITLE_MAX} characters.")
    if not transcript:
        raise InterviewError("Paste the answer's transcript: it is what interviewers score.")
    if len(transcript) > Drill.TRANSCRIPT_MAX:
        raise InterviewError(f"Keep the transcript under {Drill.TRANSCRIPT_MAX:,} characters.")
    criteria = list(rubric.criteria.order_by("position", "id"))
    levels = _levels(rubric)
    missing = [c.title for c in criteria if reference.get(c.pk) not in levels]
    if missing:
        raise InterviewError(f"Give a reference level for: {', '.join(missing)}.")
    if any(len(reasoning.get(c.pk, "")) > REASONING_MAX for c in criteria):
        raise InterviewError(f"Keep each reasoning under {REASONING_MAX:,} characters.")
    drill = Drill.objects.create(
        organisation=organisation,
        question=question,
        rubric=rubric,
        title=title,
        transcript=transcript,
        reference={str(c.pk): reference[c.pk] for c in criteria},
        reasoning={str(c.pk): reasoning.get(c.pk, "").strip() for c in criteria},
        created_by=actor,
    )
    AuditEvent.record(
        organisation_id=organisation.pk, actor=actor, action="drill_created", drill=drill.pk
    )
    return drill


def gold_drill(*, organisation, gold: GoldAnswer) -> Drill:
    """The organisation's drill on a gold answer: its row once someone has scored it, until
    then an unsaved drill made from the gold answer."""
    found = Drill.objects.filter(organisation=organisation, gold_answer=gold).first()
    return found or _drill_of(organisation, gold)


def _drill_of(organisation, gold: GoldAnswer) -> Drill:
    return Drill(
        organisation=organisation,
        question=gold.question,
        rubric=gold.rubric,
        title=gold.title,
        transcript=gold.answer,
        reference=gold.reference,
        reasoning=gold.reasoning,
        gold_answer=gold,
    )


def _materialised(drill: Drill) -> Drill:
    """Save a drill made from a gold answer, or take the row a concurrent scoring just saved."""
    try:
        with transaction.atomic():
            drill.save()
    except IntegrityError:
        return Drill.objects.get(organisation=drill.organisation, gold_answer=drill.gold_answer)
    return drill


@transaction.atomic
def drill_attempt_submit(
    *, drill: Drill, interviewer, ratings: Mapping[int, int | None]
) -> DrillAttempt:
    """Keep one blind scoring of a drill; the reference is shown only after this. A drill from
    a gold answer gets its row in the organisation now."""
    if drill.pk is None:
        drill = _materialised(drill)
    if drill.created_by_id == interviewer.pk:
        raise InterviewError("You wrote this drill's reference, so you cannot score it blind.")
    criteria = list(drill.rubric.criteria.order_by("position", "id"))
    levels = _levels(drill.rubric)
    unrated = [c.title for c in criteria if c.pk not in ratings]
    if unrated:
        raise InterviewError(f"Rate or mark not assessed: {', '.join(unrated)}.")
    if any(ratings[c.pk] is not None and ratings[c.pk] not in levels for c in criteria):
        raise InterviewError("A rating must be a level of the rubric's scale.")
    try:
        with transaction.atomic():
            return DrillAttempt.objects.create(
                drill=drill,
                interviewer=interviewer,
                ratings={str(c.pk): ratings[c.pk] for c in criteria},
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        raise InterviewError("You have scored this drill already.") from None


@dataclass(frozen=True)
class CriterionResult:
    title: str
    yours: int | None
    reference: int
    reasoning: str

    @property
    def deviation(self) -> int | None:
        return None if self.yours is None else self.yours - self.reference

    @property
    def within(self) -> bool:
        """Within one level of the reference; not assessing a rated criterion is a miss."""
        return self.deviation is not None and abs(self.deviation) <= WITHIN


def results(drill: Drill, attempt: DrillAttempt) -> list[CriterionResult]:
    criteria = drill.rubric.criteria.order_by("position", "id")
    return [
        CriterionResult(
            title=c.title,
            yours=attempt.ratings.get(str(c.pk)),
            reference=drill.reference[str(c.pk)],
            reasoning=drill.reasoning.get(str(c.pk), ""),
        )
        for c in criteria
        if str(c.pk) in drill.reference
    ]


def within_counts(ratings: Mapping[str, int | None], reference: Mapping[str, int]) -> tuple:
    """(criteria within one level, criteria compared) of one attempt."""
    compared = within = 0
    for key, expected in reference.items():
        compared += 1
        given = ratings.get(key)
        within += given is not None and abs(given - expected) <= WITHIN
    return within, compared


@dataclass(frozen=True)
class DrillStanding:
    drills: int
    within: int
    compared: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.within, self.compared) if self.compared else None

    @property
    def calibrated(self) -> bool:
        return (
            self.drills >= DRILLS_COUNTED
            and self.share is not None
            and self.share >= CALIBRATED_SHARE
        )

    @property
    def shown(self) -> str:
        return "—" if self.share is None else f"{float(self.share) * 100:.0f}%"


def standing(attempts: Iterable[tuple[Mapping, Mapping]]) -> DrillStanding:
    """From an interviewer's (ratings, reference) pairs, most recent first: the last three."""
    counted = list(attempts)[:DRILLS_COUNTED]
    within = compared = 0
    for ratings, reference in counted:
        w, c = within_counts(ratings, reference)
        within, compared = within + w, compared + c
    return DrillStanding(len(counted), within, compared)


def standings_for(organisation) -> dict[str, DrillStanding]:
    """Every interviewer's drill standing in the organisation, by username, in one query."""
    pairs: dict[str, list] = defaultdict(list)
    rows = (
        DrillAttempt.objects.filter(drill__organisation=organisation)
        .order_by("interviewer_id", "-submitted_at", "-id")
        .values_list("interviewer__username", "ratings", "drill__reference")
    )
    for username, ratings, reference in rows:
        pairs[username].append((ratings, reference))
    return {username: standing(found) for username, found in pairs.items()}


def drill_board(*, organisation, user) -> list[Drill]:
    """Every drill the organisation's interviewers can score: the team's own, newest first, then
    the bank's gold answers in bank order (a row where someone scored it), then rows of gold
    answers the bank has since replaced. Each has ``scored_at``: when ``user`` scored it."""
    rows = list(
        Drill.objects.filter(organisation=organisation).select_related(
            "question", "created_by", "gold_answer"
        )
    )
    by_gold = {drill.gold_answer_id: drill for drill in rows if drill.gold_answer_id}
    offered = (
        gold_answers_of(organisation)
        .select_related("question")
        .defer("answer", "levels")
        .order_by(
            F("question__question_set__organisation_id").desc(nulls_last=True),
            "question__question_set__title",
            "question__position",
            "question_id",
            "position",
            "id",
        )
    )
    shipped = []
    for gold in offered:
        drill = by_gold.pop(gold.pk, None)
        shipped.append(drill or Drill(question=gold.question, title=gold.title, gold_answer=gold))
    for drill in by_gold.values():
        drill.replaced = True
    board = [d for d in rows if not d.gold_answer_id] + shipped + list(by_gold.values())
    mine = dict(
        DrillAttempt.objects.filter(interviewer=user, drill__organisation=organisation).values_list(
            "drill_id", "submitted_at"
        )
    )
    for drill in board:
        drill.scored_at = mine.get(drill.pk) if drill.pk else None
    return board
