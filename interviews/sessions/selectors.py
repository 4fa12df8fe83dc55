"""Sessions' reads: what the interviewer's console shows, gathered in a fixed number of queries,
and the review of one scorecard before it is submitted."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q

from interviews import scoring
from interviews.models import (
    InterviewSession,
    QuestionNote,
    RaisedFlag,
    Rating,
    Scorecard,
    SessionQuestion,
)
from questionbank.models import Criterion, RedFlag


@dataclass
class CriterionRow:
    session_question: SessionQuestion
    criterion: Criterion
    levels: list[dict]
    rating: Rating | None = None
    locked: bool = False

    @property
    def dom_id(self) -> str:
        return f"crit-{self.session_question.pk}-{self.criterion.pk}"

    @property
    def points(self) -> int | None:
        return None if self.rating is None else self.rating.points

    @property
    def not_assessed(self) -> bool:
        return bool(self.rating and self.rating.not_assessed)

    @property
    def done(self) -> bool:
        return self.rating is not None and (
            self.rating.points is not None or self.rating.not_assessed
        )


@dataclass
class QuestionProgress:
    session_question: SessionQuestion
    total: int
    rated: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.rated >= self.total


@dataclass
class ConsoleState:
    session: InterviewSession
    scorecard: Scorecard
    current: SessionQuestion
    progress: list[QuestionProgress]
    rows: list[CriterionRow]
    red_flags: list[tuple[RedFlag, bool]]
    note: str
    question_count: int
    panel: list[Scorecard]
    rated_total: int = 0
    criteria_total: int = 0
    total_minutes: int = 0
    # What caps a rating in this question's category, shown beside every criterion's levels.
    rule: dict | None = None

    @property
    def is_lead(self) -> bool:
        return self.session.lead_id == self.scorecard.interviewer_id

    @property
    def locked(self) -> bool:
        return self.scorecard.is_locked or (
            not self.session.is_open and not self.scorecard.is_amending
        )

    @property
    def candidate_position(self) -> int | None:
        """Where the candidate is, once the interview has started."""
        return self.session.current_position if self.session.started_at else None


def progress_for(scorecard: Scorecard) -> list[QuestionProgress]:
    counts = dict(
        Rating.objects.filter(scorecard=scorecard)
        .filter(Q(points__isnull=False) | Q(not_assessed=True))
        .values_list("session_question_id")
        .annotate(n=Count("id"))
    )
    questions = scorecard.session.questions.annotate(total=Count("rubric__criteria")).order_by(
        "position"
    )
    return [QuestionProgress(sq, sq.total, counts.get(sq.pk, 0)) for sq in questions]


def console_state(scorecard: Scorecard, position: int) -> ConsoleState:
    session = scorecard.session
    progress = progress_for(scorecard)
    position = max(0, min(position, len(progress) - 1))
    current = SessionQuestion.objects.select_related("rubric", "question__question_set").get(
        session=session, position=position
    )
    ratings = {
        r.criterion_id: r
        for r in Rating.objects.filter(scorecard=scorecard, session_question=current)
    }
    locked = scorecard.is_locked or (not session.is_open and not scorecard.is_amending)
    rows = [
        CriterionRow(current, c, current.rubric.levels_for(c), ratings.get(c.pk), locked=locked)
        for c in Criterion.objects.filter(rubric_id=current.rubric_id).order_by("position", "id")
    ]
    raised = set(
        RaisedFlag.objects.filter(scorecard=scorecard, session_question=current).values_list(
            "red_flag_id", flat=True
        )
    )
    flags = [(f, f.pk in raised) for f in RedFlag.objects.filter(rubric_id=current.rubric_id)]
    note = (
        QuestionNote.objects.filter(scorecard=scorecard, session_question=current)
        .values_list("text", flat=True)
        .first()
    )
    return ConsoleState(
        session=session,
        scorecard=scorecard,
        current=current,
        progress=progress,
        rows=rows,
        red_flags=flags,
        note=note or "",
        question_count=len(progress),
        panel=list(session.scorecards.select_related("interviewer")),
        rated_total=sum(p.rated for p in progress),
        criteria_total=sum(p.total for p in progress),
        total_minutes=sum(p.session_question.minutes for p in progress),
        rule=current.question.question_set.rule_for(current.category),
    )


@dataclass
class PanelRow:
    criterion: Criterion
    cells: list[Rating | None]
    spread: int | None


def panel_grid(
    session: InterviewSession,
) -> tuple[list[Scorecard], list[tuple[SessionQuestion, list[PanelRow], list]]]:
    """Every submitted scorecard's ratings side by side, question by question, in five queries.
    A draft is never shown to anyone but its author, so drafts are not read at all."""
    scorecards = list(
        session.scorecards.filter(submitted_at__isnull=False)
        .select_related("interviewer")
        .order_by("created_at")
    )
    questions = list(session.questions.select_related("rubric").order_by("position"))
    criteria: dict[int, list[Criterion]] = {}
    for c in Criterion.objects.filter(rubric_id__in={q.rubric_id for q in questions}).order_by(
        "position", "id"
    ):
        criteria.setdefault(c.rubric_id, []).append(c)
    ratings = {
        (r.scorecard_id, r.session_question_id, r.criterion_id): r
        for r in Rating.objects.filter(scorecard__in=scorecards)
    }
    notes: dict[int, list] = {}
    for note in (
        QuestionNote.objects.filter(scorecard__in=scorecards)
        .exclude(text="")
        .select_related("scorecard__interviewer")
    ):
        notes.setdefault(note.session_question_id, []).append(note)
    grid = []
    for sq in questions:
        rows = []
        for c in criteria.get(sq.rubric_id, []):
            cells = [ratings.get((card.pk, sq.pk, c.pk)) for card in scorecards]
            given = [cell.points for cell in cells if cell and cell.points is not None]
            rows.append(PanelRow(c, cells, max(given) - min(given) if len(given) > 1 else None))
        grid.append((sq, rows, notes.get(sq.pk, [])))
    return scorecards, grid


# The review before submitting ---------------------------------------------------------------
# What one scorecard says, question by question, and the score it will produce, computed by the
# same engine as the report.


@dataclass
class ReviewedCriterion:
    title: str
    points: int | None
    label: str  # the level's label, "Not assessed", or "" when not rated yet
    rated: bool


@dataclass
class ReviewedQuestion:
    session_question: SessionQuestion
    asked: bool
    criteria: list[ReviewedCriterion]
    flags: list[str] = field(default_factory=list)
    note: str = ""
    score: str = "—"

    @property
    def unrated(self) -> list[str]:
        return [c.title for c in self.criteria if not c.rated]

    @property
    def not_assessed(self) -> list[str]:
        return [c.title for c in self.criteria if c.rated and c.points is None]


@dataclass
class Review:
    questions: list[ReviewedQuestion]
    overall: str
    categories: dict[str, str]

    @property
    def unasked(self) -> list[ReviewedQuestion]:
        return [q for q in self.questions if not q.asked]


def scorecard_review(scorecard: Scorecard) -> Review:
    """Seven queries whatever the plan's size. A question counts as asked once it was shown to
    the candidate or this scorecard rated one of its criteria; unasked ones score nothing."""
    questions = list(scorecard.session.questions.select_related("rubric").order_by("position"))
    criteria: dict[int, list[Criterion]] = {}
    for c in Criterion.objects.filter(rubric__in={sq.rubric_id for sq in questions}).order_by(
        "position", "id"
    ):
        criteria.setdefault(c.rubric_id, []).append(c)
    ratings = {
        (r.session_question_id, r.criterion_id): r
        for r in Rating.objects.filter(scorecard=scorecard)
    }
    flags: dict[int, list] = {}
    for raised in RaisedFlag.objects.filter(scorecard=scorecard).select_related("red_flag"):
        flags.setdefault(raised.session_question_id, []).append(raised.red_flag)
    notes = dict(
        QuestionNote.objects.filter(scorecard=scorecard).values_list("session_question_id", "text")
    )
    reviewed, engine = [], []
    for sq in questions:
        labels = {level["points"]: level["label"] for level in sq.rubric.scale}
        top = max(labels)
        rows, engine_criteria = [], []
        for c in criteria.get(sq.rubric_id, []):
            rating = ratings.get((sq.pk, c.pk))
            rated = rating is not None and (rating.points is not None or rating.not_assessed)
            points = None if not rated or rating.not_assessed else rating.points
            label = "" if not rated else "Not assessed" if points is None else labels[points]
            rows.append(ReviewedCriterion(c.title, points, label, rated))
            engine_criteria.append(
                scoring.Criterion(
                    id=str(c.pk), title=c.title, weight=c.weight, max_points=top, points=points
                )
            )
        touched = any(row.rated for row in rows)
        item = ReviewedQuestion(
            sq,
            sq.asked or touched,
            rows,
            [f.title for f in flags.get(sq.pk, [])],
            notes.get(sq.pk, ""),
        )
        reviewed.append(item)
        if item.asked:
            engine.append(
                scoring.Question(
                    id=str(sq.pk),
                    category=sq.category,
                    weight=Fraction(sq.weight),
                    criteria=tuple(engine_criteria),
                    red_flags=tuple(
                        scoring.RedFlag(id=str(f.pk), title=f.title, penalty=f.penalty)
                        for f in flags.get(sq.pk, [])
                    ),
                )
            )
    card = scoring.score_card(scoring.Scorecard(interviewer="me", questions=tuple(engine)))
    by_id = {q.question.id: q for q in card.questions}
    for item in reviewed:
        result = by_id.get(str(item.session_question.pk))
        if result is not None:
            item.score = scoring.display(result.score)
    categories = {name: scoring.display(value) for name, value in card.categories.items()}
    return Review(reviewed, scoring.display(card.overall), categories)
