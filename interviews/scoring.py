"""Rubric scoring engine: plain functions over frozen dataclasses, no Django, no I/O.

Every number is kept as an exact Fraction so that a report can be recomputed by anyone
from the ratings alone; rounding happens only when a number is shown (``display``).
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

Number = int | Fraction | Decimal | str

CATEGORY_ORDER = ("technical", "scenario", "behavioral", "system_design")
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
DEFAULT_THRESHOLDS: Mapping[str, Fraction] = MappingProxyType(
    {
        "strong_hire": Fraction(85),
        "hire": Fraction(70),
        "lean_no_hire": Fraction(50),
        "no_hire": Fraction(0),
    }
)
DISAGREEMENT_SPREAD = 2  # ratings this many points apart (max - min) are worth a discussion


def _fraction(value: Number, name: str) -> Fraction:
    """Convert an accepted number exactly; floats are refused because they are not exact."""
    if type(value) is Fraction:  # already exact, and immutable: every weight of every report
        return value
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal | str):
        raise TypeError(f"{name} must be an int, Fraction, Decimal or str, not {value!r}")
    try:
        return Fraction(value)
    except (ValueError, OverflowError, ZeroDivisionError) as error:
        raise ValueError(f"{name} is not a finite number: {value!r}") from error


def _whole(value: object, name: str) -> int:
    """Rubric points are whole numbers; bool is refused even though it is an int."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {value!r}")
    return value


def _unique(ids: Iterable[str], what: str) -> None:
    """Ids key panel comparisons and report rows, so a repeated id would silently merge."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} id {item!r}")
        seen.add(item)


# --- Inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """One rubric line; points None means the interviewer did not assess it."""

    id: str
    title: str
    weight: Fraction
    max_points: int
    points: int | None = None
    source: str = ""

    def __post_init__(self) -> None:
        weight = _fraction(self.weight, "weight")
        if weight <= 0:
            raise ValueError(f"criterion {self.id!r}: weight must be > 0, got {weight}")
        if _whole(self.max_points, "max_points") < 1:
            raise ValueError(f"criterion {self.id!r}: max_points must be >= 1")
        if self.points is not None and not 0 <= _whole(self.points, "points") <= self.max_points:
            raise ValueError(
                f"criterion {self.id!r}: points must be 0..{self.max_points}, got {self.points}"
            )
        object.__setattr__(self, "weight", weight)


@dataclass(frozen=True)
class RedFlag:
    """A red flag raised on a question; its penalty is in points of the 0..100 scale."""

    id: str
    title: str
    penalty: Fraction

    def __post_init__(self) -> None:
        penalty = _fraction(self.penalty, "penalty")
        if penalty < 0:
            raise ValueError(f"red flag {self.id!r}: penalty must be >= 0, got {penalty}")
        object.__setattr__(self, "penalty", penalty)


@dataclass(frozen=True)
class Question:
    """A question as rated by one interviewer; red_flags holds only the raised ones."""

    id: str
    category: str
    criteria: tuple[Criterion, ...]
    weight: Fraction = Fraction(1)
    red_flags: tuple[RedFlag, ...] = ()

    def __post_init__(self) -> None:
        weight = _fraction(self.weight, "weight")
        if weight <= 0:
            raise ValueError(f"question {self.id!r}: weight must be > 0, got {weight}")
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "criteria", tuple(self.criteria))
        object.__setattr__(self, "red_flags", tuple(self.red_flags))
        _unique((c.id for c in self.criteria), f"criterion in question {self.id!r}")
        _unique((f.id for f in self.red_flags), f"red flag in question {self.id!r}")


@dataclass(frozen=True)
class Scorecard:
    """One interviewer's ratings; their own recommendation is reported, never blended in."""

    interviewer: str
    questions: tuple[Question, ...]
    recommendation: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", tuple(self.questions))
        _unique((q.id for q in self.questions), f"question in scorecard of {self.interviewer!r}")
        if self.recommendation is not None and self.recommendation not in RECOMMENDATIONS:
            raise ValueError(
                f"recommendation must be one of {RECOMMENDATIONS}, got {self.recommendation!r}"
            )


# --- Outputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionScore:
    """Keeps the sums behind a score so the score can be explained, not just shown."""

    question: Question
    earned: Fraction
    possible: Fraction
    raw: Fraction | None
    penalty: Fraction
    score: Fraction | None


@dataclass(frozen=True)
class CardScore:
    """Everything computed for one interviewer."""

    interviewer: str
    recommendation: str | None
    questions: tuple[QuestionScore, ...]
    categories: dict[str, Fraction]
    overall: Fraction | None


@dataclass(frozen=True)
class Disagreement:
    """A criterion the panel rated far apart, worth discussing in the debrief."""

    question_id: str
    criterion_id: str
    title: str
    points: dict[str, int]
    spread: int


@dataclass(frozen=True)
class PanelScore:
    """Panel values are plain means of the interviewers' own values."""

    cards: tuple[CardScore, ...]
    questions: dict[str, Fraction]
    categories: dict[str, Fraction]
    overall: Fraction | None
    band: str | None
    thresholds: dict[str, Fraction]
    disagreements: tuple[Disagreement, ...]


# --- Scoring ------------------------------------------------------------------------------


def weighted_mean(pairs: Iterable[tuple[Fraction | None, Fraction]]) -> Fraction | None:
    """Mean of (value, weight) pairs; None values count nowhere, so nothing scored gives None."""
    total = weights = Fraction(0)
    for value, weight in pairs:
        if value is not None:
            total += value * weight
            weights += weight
    return total / weights if weights else None


def _mean(values: Iterable[Fraction | None]) -> Fraction | None:
    """Plain mean over the values that exist (panel values: one vote per interviewer)."""
    return weighted_mean((value, Fraction(1)) for value in values)


def category_order(names: Iterable[str]) -> list[str]:
    """Known categories in plan order first, any others alphabetically, for stable reports."""
    present = set(names)
    known = [name for name in CATEGORY_ORDER if name in present]
    return known + sorted(present - set(CATEGORY_ORDER))


def score_question(question: Question) -> QuestionScore:
    """Weighted share of possible points over assessed criteria, minus raised penalties."""
    assessed = [
        (c.weight, c.points, c.max_points) for c in question.criteria if c.points is not None
    ]
    # Summed in whole numbers over the weights' common denominator, then one Fraction each: the
    # same exact values without reducing a Fraction at every step (hundreds per report).
    unit = math.lcm(*(weight.denominator for weight, _, _ in assessed))
    shares = [
        (weight.numerator * (unit // weight.denominator), points, top)
        for weight, points, top in assessed
    ]
    earned_units = sum(share * points for share, points, _ in shares)
    possible_units = sum(share * top for share, _, top in shares)
    earned, possible = Fraction(earned_units, unit), Fraction(possible_units, unit)
    if not assessed:
        # Nothing was assessed: no score, and red flags have nothing to subtract from.
        return QuestionScore(question, earned, possible, None, Fraction(0), None)
    raw = Fraction(100 * earned_units, possible_units)
    penalty = sum((flag.penalty for flag in question.red_flags), Fraction(0))
    return QuestionScore(question, earned, possible, raw, penalty, max(Fraction(0), raw - penalty))


def score_card(card: Scorecard) -> CardScore:
    """Category and overall scores are plan-weighted means of the scored questions."""
    questions = tuple(score_question(q) for q in card.questions)
    categories: dict[str, Fraction] = {}
    for name in category_order(q.category for q in card.questions):
        mean = weighted_mean(
            (qs.score, qs.question.weight) for qs in questions if qs.question.category == name
        )
        if mean is not None:
            categories[name] = mean
    overall = weighted_mean((qs.score, qs.question.weight) for qs in questions)
    return CardScore(card.interviewer, card.recommendation, questions, categories, overall)


def _validated_thresholds(thresholds: Mapping[str, Number]) -> dict[str, Fraction]:
    """Thresholds as exact Fractions ordered high to low, so the first match is the best."""
    if not thresholds:
        raise ValueError("thresholds must not be empty")
    exact = {band: _fraction(value, f"threshold {band!r}") for band, value in thresholds.items()}
    for band, value in exact.items():
        if not 0 <= value <= 100:
            raise ValueError(f"threshold {band!r} must be within 0..100, got {value}")
    return dict(sorted(exact.items(), key=lambda item: item[1], reverse=True))


def band_for(
    overall: Fraction | None, thresholds: Mapping[str, Number] = DEFAULT_THRESHOLDS
) -> str | None:
    """Highest band whose threshold the score reaches (inclusive); below all, the lowest band."""
    ordered = _validated_thresholds(thresholds)
    if overall is None:
        return None
    for band, threshold in ordered.items():
        if overall >= threshold:
            return band
    return list(ordered)[-1]


def _check_same_plan(cards: Iterable[Scorecard]) -> None:
    """A panel compares ratings of one plan; differing weights or scales would mix units."""
    seen: dict[tuple[str, ...], tuple[object, ...]] = {}

    def same(key: tuple[str, ...], value: tuple[object, ...]) -> None:
        if seen.setdefault(key, value) != value:
            raise ValueError(f"panel cards disagree on the plan for {'/'.join(key)}: {value}")

    for card in cards:
        for q in card.questions:
            same((q.id,), (q.category, q.weight))
            for c in q.criteria:
                same((q.id, c.id), (c.weight, c.max_points))
            for f in q.red_flags:
                same((q.id, "red_flag", f.id), (f.penalty,))


def _disagreements(cards: tuple[Scorecard, ...]) -> tuple[Disagreement, ...]:
    """Criteria whose assessed ratings across the panel spread by DISAGREEMENT_SPREAD or more."""
    titles: dict[tuple[str, str], str] = {}
    ratings: dict[tuple[str, str], dict[str, int]] = {}
    for card in cards:
        for q in card.questions:
            for c in q.criteria:
                key = (q.id, c.id)
                titles.setdefault(key, c.title)
                points = ratings.setdefault(key, {})
                if c.points is not None:
                    points[card.interviewer] = c.points
    found = []
    for (question_id, criterion_id), points in ratings.items():
        spread = max(points.values()) - min(points.values()) if points else 0
        if spread >= DISAGREEMENT_SPREAD:
            found.append(
                Disagreement(
                    question_id, criterion_id, titles[question_id, criterion_id], points, spread
                )
            )
    return tuple(found)


def score_panel(
    cards: Iterable[Scorecard], thresholds: Mapping[str, Number] = DEFAULT_THRESHOLDS
) -> PanelScore:
    """Score each interviewer alone, then average what each one has (one vote each)."""
    cards = tuple(cards)
    _unique((card.interviewer for card in cards), "interviewer")
    _check_same_plan(cards)
    ordered_thresholds = _validated_thresholds(thresholds)
    scored = tuple(score_card(card) for card in cards)

    question_ids = dict.fromkeys(q.id for card in cards for q in card.questions)
    per_question: dict[str, list[Fraction | None]] = {qid: [] for qid in question_ids}
    for card_score in scored:
        for qs in card_score.questions:
            per_question[qs.question.id].append(qs.score)
    questions = {
        qid: mean for qid, values in per_question.items() if (mean := _mean(values)) is not None
    }

    categories: dict[str, Fraction] = {}
    for name in category_order(name for cs in scored for name in cs.categories):
        mean = _mean(cs.categories.get(name) for cs in scored)
        if mean is not None:
            categories[name] = mean

    overall = _mean(cs.overall for cs in scored)
    return PanelScore(
        cards=scored,
        questions=questions,
        categories=categories,
        overall=overall,
        band=band_for(overall, ordered_thresholds),
        thresholds=ordered_thresholds,
        disagreements=_disagreements(cards),
    )


# --- Presentation -------------------------------------------------------------------------


def rounded(value: Fraction | None) -> Decimal | None:
    """One decimal, half up (away from zero), computed exactly so 84.95 never shows as 84.9."""
    if value is None:
        return None
    exact = value if type(value) is Fraction else _fraction(value, "value")
    # floor(|n/d| * 10 + 1/2) in whole numbers (d > 0): a report rounds thousands of these.
    n, d = exact.numerator, exact.denominator
    tenths = (20 * abs(n) + d) // (2 * d)
    return Decimal(tenths if n >= 0 else -tenths).scaleb(-1)


def display(value: Fraction | None) -> str:
    """The one way a score is shown to people: '85.0', or an em dash when there is none."""
    shown = rounded(value)
    return "—" if shown is None else str(shown)


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _floats(values: Mapping[str, Fraction]) -> dict[str, float]:
    return {key: float(value) for key, value in values.items()}


def _card_numbers(card: CardScore) -> dict[str, Any]:
    """One interviewer's numbers, with every rating needed to recompute them."""
    return {
        "interviewer": card.interviewer,
        "recommendation": card.recommendation,
        "overall": _float(card.overall),
        "categories": _floats(card.categories),
        "questions": [
            {
                "id": qs.question.id,
                "category": qs.question.category,
                "weight": float(qs.question.weight),
                "score": _float(qs.score),
                "raw": _float(qs.raw),
                "penalty": float(qs.penalty),
                "red_flags": [
                    {"id": f.id, "title": f.title, "penalty": float(f.penalty)}
                    for f in qs.question.red_flags
                ],
                "criteria": [
                    {
                        "id": c.id,
                        "title": c.title,
                        "weight": float(c.weight),
                        "points": c.points,
                        "max": c.max_points,
                    }
                    for c in qs.question.criteria
                ],
            }
            for qs in card.questions
        ],
    }


def _panel_questions(panel: PanelScore) -> list[dict[str, Any]]:
    """Panel view of each question (first-seen order): everyone's ratings side by side."""
    rows: dict[str, dict[str, Any]] = {}
    for card in panel.cards:
        for qs in card.questions:
            q = qs.question
            row = rows.setdefault(
                q.id,
                {
                    "id": q.id,
                    "category": q.category,
                    "weight": float(q.weight),
                    "score": _float(panel.questions.get(q.id)),
                    "criteria": {},
                    "red_flags": {},
                },
            )
            for c in q.criteria:
                criterion = row["criteria"].setdefault(
                    c.id,
                    {
                        "id": c.id,
                        "title": c.title,
                        "weight": float(c.weight),
                        "max": c.max_points,
                        "points": None,
                        "points_by_interviewer": {},
                    },
                )
                criterion["points_by_interviewer"][card.interviewer] = c.points
            for f in q.red_flags:
                flag = row["red_flags"].setdefault(
                    f.id,
                    {"id": f.id, "title": f.title, "penalty": float(f.penalty), "raised_by": []},
                )
                flag["raised_by"].append(card.interviewer)
    for row in rows.values():
        for criterion in row["criteria"].values():
            # One interviewer: their rating as given. A panel: the mean of the assessed ratings,
            # with each interviewer's own rating beside it.
            given = [p for p in criterion["points_by_interviewer"].values() if p is not None]
            if len(criterion["points_by_interviewer"]) == 1:
                criterion["points"] = given[0] if given else None
            elif given:
                criterion["points"] = float(Fraction(sum(given), len(given)))
        row["criteria"] = list(row["criteria"].values())
        row["red_flags"] = list(row["red_flags"].values())
    return list(rows.values())


def report_numbers(panel: PanelScore) -> dict[str, Any]:
    """JSON-ready numbers as unrounded floats, so every number can be recomputed from the file."""
    return {
        "overall": _float(panel.overall),
        "band": panel.band,
        "thresholds": _floats(panel.thresholds),
        "categories": _floats(panel.categories),
        "questions": _panel_questions(panel),
        "disagreements": [
            {
                "question_id": d.question_id,
                "criterion_id": d.criterion_id,
                "title": d.title,
                "points": dict(d.points),
                "spread": d.spread,
            }
            for d in panel.disagreements
        ],
        "interviewers": [_card_numbers(card) for card in panel.cards],
    }


# --- Agreement ----------------------------------------------------------------------------
#
# Krippendorff's alpha with the ordinal metric (Krippendorff, "Computing Krippendorff's
# Alpha-Reliability", 2011). A unit is one thing several coders rated; each coder's value is
# a rubric level or None when not assessed. Only pairable values (units with two or more
# values) enter the numbers, so any number of coders and any pattern of gaps is allowed.

RELIABLE_AT = Fraction(800, 1000)
TENTATIVE_AT = Fraction(667, 1000)


@dataclass(frozen=True)
class Agreement:
    """Alpha with the counts behind it; alpha None when the data cannot define it (fewer than
    two pairable values, or every pairable value the same, so there is no disagreement to
    expect). `disagreement` gives each input unit's observed disagreement, aligned with the
    input, 0 for a unit that cannot be paired; it ranks the units worth discussing."""

    alpha: Fraction | None
    units: int
    values: int
    disagreement: tuple[Fraction, ...]


def _ordinal_distances(frequency: Mapping[int, Fraction]) -> dict[tuple[int, int], Fraction]:
    """delta^2(c, k) = (sum of n_g for g from c to k - (n_c + n_k) / 2)^2 over ranked values."""
    ranked = sorted(frequency)
    distances: dict[tuple[int, int], Fraction] = {}
    for i, low in enumerate(ranked):
        between = Fraction(0)
        for high in ranked[i:]:
            between += frequency[high]
            delta = (between - (frequency[low] + frequency[high]) / 2) ** 2
            distances[low, high] = distances[high, low] = delta
    return distances


def ordinal_alpha(units: Iterable[Iterable[int | None]]) -> Agreement:
    """Krippendorff's alpha, ordinal metric, over units of coder values (None = missing)."""
    counted: list[dict[int, int]] = []
    for unit in units:
        counts: dict[int, int] = {}
        for value in unit:
            if value is not None:
                counts[_whole(value, "value")] = counts.get(value, 0) + 1
        counted.append(counts)
    pairable = [counts for counts in counted if sum(counts.values()) >= 2]

    # Coincidences: every ordered pair of values from different coders in a unit, each unit
    # weighing 1 / (m_u - 1) so that a unit's pairs add up to its m_u values.
    coincidence: dict[tuple[int, int], Fraction] = {}
    for counts in pairable:
        share = Fraction(1, sum(counts.values()) - 1)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    coincidence[c, k] = coincidence.get((c, k), Fraction(0)) + pairs * share
    frequency: dict[int, Fraction] = {}
    for (c, _), o in coincidence.items():
        frequency[c] = frequency.get(c, Fraction(0)) + o
    n = sum(frequency.values(), Fraction(0))
    distances = _ordinal_distances(frequency)

    def observed(counts: dict[int, int]) -> Fraction:
        m = sum(counts.values())
        if m < 2:
            return Fraction(0)
        pairs = sum(
            (
                n_c * n_k * distances.get((c, k), Fraction(0))
                for c, n_c in counts.items()
                for k, n_k in counts.items()
            ),
            Fraction(0),
        )
        return pairs / (m - 1)

    disagreement = tuple(observed(counts) for counts in counted)
    alpha = None
    if n >= 2:
        observed_total = sum(
            (o * distances[c, k] for (c, k), o in coincidence.items()), Fraction(0)
        )
        expected_total = sum(
            (frequency[c] * frequency[k] * distances[c, k] for c in frequency for k in frequency),
            Fraction(0),
        )
        if expected_total:
            alpha = 1 - (n - 1) * observed_total / expected_total
    return Agreement(alpha, len(pairable), int(n), disagreement)


def agreement_reading(alpha: Fraction | None) -> str:
    """Krippendorff's own rule of thumb: rely on .800 or more, draw tentative conclusions from
    .667 up, and nothing below that."""
    if alpha is None:
        return "undefined"
    if alpha >= RELIABLE_AT:
        return "reliable"
    if alpha >= TENTATIVE_AT:
        return "tentative"
    return "not reliable"
