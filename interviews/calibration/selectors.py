"""Calibration's reads for the debrief: every ready report on a plan side by side, and the
disagreement view: which candidates and which criteria the panels split on, and who said what,
from the same units the agreement numbers use (drills never appear)."""

from dataclasses import dataclass, field
from fractions import Fraction

from interviews import scoring
from interviews.calibration.agreement import CriterionAgreement, PlanAgreement, plan_agreement
from interviews.calibration.decisions import current_decisions
from interviews.models import InterviewPlan, Report, band_words
from interviews.reports.formats.display import category_label


@dataclass
class Split:
    """One criterion of one candidate's session: every panelist's level side by side."""

    question: str
    position: int
    criterion: str
    named: list[tuple[str, int | None]]
    spread: int
    disagreement: Fraction


@dataclass
class CandidateSplits:
    session_id: int
    candidate: str
    splits: list[Split] = field(default_factory=list)

    @property
    def disagreement(self) -> Fraction:
        return sum((s.disagreement for s in self.splits), Fraction(0))

    @property
    def wide(self) -> int:
        """Criteria rated two or more levels apart: the ones the report flags."""
        return sum(1 for s in self.splits if s.spread >= 2)


def candidates_by_disagreement(found: PlanAgreement | None) -> list[CandidateSplits]:
    """Candidates whose panel disagreed most first; within each, the criteria split widest."""
    if found is None:
        return []
    by_session: dict[int, CandidateSplits] = {}
    for criterion in found.criteria:
        for unit in criterion.sessions:
            entry = by_session.setdefault(
                unit.session_id, CandidateSplits(unit.session_id, unit.candidate)
            )
            if unit.disagreement > 0:
                entry.splits.append(
                    Split(
                        criterion.question,
                        criterion.position,
                        criterion.criterion,
                        unit.named,
                        unit.spread,
                        unit.disagreement,
                    )
                )
    for entry in by_session.values():
        entry.splits.sort(key=lambda s: (-s.disagreement, s.position))
    return sorted(by_session.values(), key=lambda c: (-c.disagreement, c.candidate))


def criteria_by_disagreement(found: PlanAgreement | None) -> list[CriterionAgreement]:
    """Criteria with the lowest alpha first; those alpha cannot judge (too few values) last."""
    if found is None:
        return []

    def key(criterion: CriterionAgreement) -> tuple:
        alpha = criterion.agreement.alpha
        return (alpha is None, alpha if alpha is not None else 0, criterion.position)

    return sorted(found.criteria, key=key)


def order_rows(rows: list[dict], candidates: list[CandidateSplits]) -> list[dict]:
    """The debrief's rows in the candidates' order of disagreement; rows with no panel last."""
    rank = {c.session_id: n for n, c in enumerate(candidates)}
    return sorted(rows, key=lambda r: rank.get(r["session_id"], len(rank)))


def attach_decisions(rows: list[dict], decisions: dict) -> None:
    for row in rows:
        row["decision"] = decisions.get(row["session_id"])


TOP_SPLITS = 3  # the disagreements a candidate's summary names; the rest wait in the detail


def widest_first(splits: list[Split]) -> list[Split]:
    """The criteria whose ratings lie furthest apart, the report's own flag (two levels or
    more) first; among equal spreads, the one that weighs most against agreement."""
    return sorted(splits, key=lambda s: (-s.spread, -s.disagreement, s.position))


def attach_splits(rows: list[dict], candidates: list[CandidateSplits]) -> None:
    """Each row's panel splits from the agreement units (no query): all of them, by
    disagreement, for the detail, and the widest few for the summary. A row without a panel
    (one interviewer) has no entry, so its page can say there was nobody to disagree with."""
    by_session = {c.session_id: c for c in candidates}
    for row in rows:
        found = by_session.get(row["session_id"])
        row["panel"] = found is not None
        row["splits"] = found.splits if found else []
        row["wide"] = found.wide if found else 0
        row["top_splits"] = widest_first(row["splits"])[:TOP_SPLITS]


def debrief_context(*, plan: InterviewPlan, by_disagreement: bool, is_owner: bool) -> dict:
    """Everything the debrief shows: every candidate's numbers and coverage, the decisions on
    record, each candidate's splits (the widest first for its summary), and the criteria the
    panels disagreed on most. Three queries over reports and decisions, whatever the count."""
    rows, categories = debrief_rows(plan=plan)
    found = plan_agreement(plan)
    candidates = candidates_by_disagreement(found)
    rows = order_rows(rows, candidates) if by_disagreement else rows
    attach_decisions(rows, current_decisions(row["session_id"] for row in rows))
    attach_splits(rows, candidates)
    return {
        "plan": plan,
        "rows": rows,
        "categories": categories,
        "same_questions": debrief_same_questions(rows),
        "candidates": [c for c in candidates if c.splits],
        "criteria": criteria_by_disagreement(found),
        "by_disagreement": by_disagreement,
        "is_owner": is_owner,
    }


# The debrief's rows ------------------------------------------------------------------------------


def debrief_rows(*, plan: InterviewPlan, limit: int = 500) -> tuple[list[dict], list[str]]:
    """Every ready report on a plan, best band first, with only the numbers the debrief shows
    (read from the report's stored display values and coverage), and the categories any of
    them scored."""
    rows = list(
        Report.objects.filter(plan=plan, status=Report.Status.READY)
        .order_by("band_rank", "-overall", "-submitted_at")
        .values(
            "session_id",
            "submitted_at",
            "overall",
            "band",
            "candidate_id",
            "candidate__name",
            "session__mode",
            "data__display",
            "data__recommendations",
            "data__coverage",
        )[:limit]
    )
    present = {
        name for row in rows for name in ((row["data__display"] or {}).get("categories") or {})
    }
    categories = scoring.category_order(present)
    for row in rows:
        display = row["data__display"] or {}
        row["overall_display"] = display.get("overall", "—")
        row["category_cells"] = [display.get("categories", {}).get(c, "—") for c in categories]
        row["band_label"] = band_words(row["band"], practice=row["session__mode"] == "practice")
        row["scorecards"] = row["data__recommendations"] or []
        row["recommendations"] = [r.get("label") for r in row["scorecards"]]
        row["category_pairs"] = list(
            zip((category_label(c) for c in categories), row["category_cells"], strict=True)
        )
        row["coverage"] = _coverage_cell(row["data__coverage"])
    _number_repeat_interviews(rows)
    return rows, [category_label(c) for c in categories]


def _number_repeat_interviews(rows: list[dict]) -> None:
    """A candidate interviewed more than once on the plan has a row per interview: each says
    which it is (`nth` of `of`, by date), so two rows of one name read as two interviews."""
    by_candidate: dict[int, list[dict]] = {}
    for row in rows:
        by_candidate.setdefault(row["candidate_id"], []).append(row)
    for same in by_candidate.values():
        for n, row in enumerate(sorted(same, key=lambda r: r["submitted_at"]), start=1):
            row["nth"], row["of"] = n, len(same)


def _coverage_cell(coverage: dict | None) -> dict | None:
    if not coverage:
        return None
    return {
        "asked": coverage["questions_asked"],
        "total": coverage["questions_total"],
        "complete": coverage["questions_asked"] == coverage["questions_total"],
        "provisional": coverage["provisional"],
    }


def debrief_same_questions(rows: list[dict]) -> bool:
    """Whether every candidate on the debrief was asked every question of the plan: only then
    do their numbers compare directly. A report without a coverage record proves nothing."""
    return all(row["coverage"] and row["coverage"]["complete"] for row in rows)
