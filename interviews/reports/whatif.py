"""What-if: every past session of a plan rescored under a draft rubric or other band thresholds.

The ratings come from each stored report's JSON (the per-interviewer numbers it keeps so any
number can be recomputed) and go through the pure scoring engine; nothing is written, so no
stored report, band or percentile moves.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from interviews import scoring
from interviews.models import InterviewPlan, InterviewSession, Report, band_words
from questionbank.models import RubricVersion


@dataclass(frozen=True)
class DraftRubric:
    """What a draft changes, by title: criteria weights (a criterion the draft drops is left
    out, a new one was never rated) and red-flag penalties."""

    number: int
    weights: Mapping[str, Fraction]
    penalties: Mapping[str, Fraction]


@dataclass(frozen=True)
class WhatIfRow:
    session_id: int
    candidate: str
    before: Fraction | None
    before_band: str
    after: Fraction | None
    after_band: str
    practice: bool = False  # a peer's session: its bands read in a peer's words

    @property
    def before_shown(self) -> str:
        return scoring.display(self.before)

    @property
    def after_shown(self) -> str:
        return scoring.display(self.after)

    @property
    def change(self) -> str:
        if self.before is None or self.after is None:
            return "—"
        shown = scoring.rounded(self.after - self.before)
        return f"{shown:+}"

    @property
    def band_changed(self) -> bool:
        return self.before_band != self.after_band

    @property
    def before_label(self) -> str:
        return band_words(self.before_band, practice=self.practice) or "—"

    @property
    def after_label(self) -> str:
        return band_words(self.after_band, practice=self.practice) or "—"


def _exact(value) -> Fraction:
    # The report keeps weights and penalties as floats of exact decimals: read them back as
    # the decimals they were (2 dp in the database), not as binary fractions.
    return Fraction(str(value)).limit_denominator(10_000)


def rescored_cards(data: dict, drafts: Mapping[str, DraftRubric]) -> list[scoring.Scorecard]:
    """The report's scorecards for the engine, with each drafted question's rubric swapped."""
    keys = {q["id"]: q.get("key") for q in data.get("questions") or []}
    cards = []
    for card in data.get("interviewers") or []:
        questions = []
        for q in card["questions"]:
            draft = drafts.get(keys.get(q["id"]) or "")
            criteria = []
            for c in q["criteria"]:
                weight = _exact(c["weight"])
                if draft is not None:
                    if c["title"] not in draft.weights:
                        continue
                    weight = draft.weights[c["title"]]
                criteria.append(
                    scoring.Criterion(
                        id=c["id"],
                        title=c["title"],
                        weight=weight,
                        max_points=c["max"],
                        points=c["points"],
                    )
                )
            flags = []
            for f in q["red_flags"]:
                penalty = _exact(f["penalty"])
                if draft is not None:
                    if f["title"] not in draft.penalties:
                        continue
                    penalty = draft.penalties[f["title"]]
                flags.append(scoring.RedFlag(id=f["id"], title=f["title"], penalty=penalty))
            questions.append(
                scoring.Question(
                    id=q["id"],
                    category=q["category"],
                    weight=_exact(q["weight"]),
                    criteria=tuple(criteria),
                    red_flags=tuple(flags),
                )
            )
        cards.append(scoring.Scorecard(interviewer=card["interviewer"], questions=questions))
    return cards


def rescore(
    data: dict, thresholds: Mapping[str, Fraction], drafts: Mapping[str, DraftRubric]
) -> tuple[Fraction | None, str]:
    panel = scoring.score_panel(rescored_cards(data, drafts), thresholds)
    return panel.overall, panel.band or ""


def what_if(
    reports: Iterable[tuple[int, str, dict]],
    thresholds: Mapping[str, Fraction],
    drafts: Mapping[str, DraftRubric],
) -> list[WhatIfRow]:
    """Before (as stored) and after, per candidate, best after-score first."""
    rows = []
    for session_id, candidate, data in reports:
        before = data.get("overall")
        after, band = rescore(data, thresholds, drafts)
        stored = None
        if before is not None:
            kept = {band: _exact(value) for band, value in data["thresholds"].items()}
            stored = rescore(data, kept, {})[0]
        rows.append(
            WhatIfRow(
                session_id,
                candidate,
                stored,
                data.get("band") or "",
                after,
                band,
                practice=bool(data.get("practice")),
            )
        )
    return sorted(rows, key=lambda r: (r.after is None, -(r.after or 0), r.candidate))


def plan_drafts(plan: InterviewPlan) -> list[RubricVersion]:
    """The newest draft of each question on the plan, with its criteria and flags, in three
    queries."""
    drafts = (
        RubricVersion.objects.filter(
            question__in=plan.items.values("question"), status=RubricVersion.Status.DRAFT
        )
        .select_related("question")
        .prefetch_related("criteria", "red_flags")
        .order_by("question_id", "-number")
    )
    newest: dict[int, RubricVersion] = {}
    for draft in drafts:
        newest.setdefault(draft.question_id, draft)
    return list(newest.values())


def draft_rubric(version: RubricVersion) -> DraftRubric:
    return DraftRubric(
        number=version.number,
        weights={c.title: Fraction(c.weight) for c in version.criteria.all()},
        penalties={f.title: Fraction(f.penalty) for f in version.red_flags.all()},
    )


def plan_reports(plan: InterviewPlan, limit: int = 500) -> Iterable[tuple[int, str, dict]]:
    """The ready reports' ratings, one query, only the parts of the JSON the engine needs, and
    whether each was practice (`practice`)."""
    parts = ("interviewers", "questions", "thresholds", "overall", "band")
    rows = (
        Report.objects.filter(plan=plan, status=Report.Status.READY)
        .order_by("-submitted_at")
        .values_list(
            "session_id", "candidate__name", "session__mode", *(f"data__{p}" for p in parts)
        )[:limit]
    )
    for session_id, candidate, mode, *values in rows:
        data = dict(zip(parts, values, strict=True))
        data["practice"] = mode == InterviewSession.Mode.PRACTICE
        yield session_id, candidate, data
