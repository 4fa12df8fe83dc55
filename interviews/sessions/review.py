"""The review before submitting: what one scorecard says, question by question, and the score
it will produce, computed by the same engine as the report."""

from dataclasses import dataclass, field
from fractions import Fraction

from interviews import scoring
from interviews.models import QuestionNote, RaisedFlag, Rating, Scorecard, SessionQuestion
from questionbank.models import Criterion


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
