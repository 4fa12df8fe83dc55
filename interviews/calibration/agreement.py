"""Agreement of a plan's panels, read from the ready reports.

Units follow the design contract: per plan, one unit per (session, question, criterion) over the
plan's submitted panel sessions, the coders being the panelists and the value the points given
(not assessed is missing); per criterion of the plan, one unit per session. A criterion is known
across sessions by its question's bank key and its title, as the report JSON names it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from interviews import scoring
from interviews.models import InterviewPlan, Report

PANEL_SIZE = 2  # a session is a panel once two interviewers' scorecards are in its report
WORST_SESSIONS = 3
# The reading as the colours the pages already use for good, warning and bad.
READING_PILLS = {
    "reliable": "ready",
    "tentative": "pending",
    "not reliable": "failed",
    "undefined": "",
}
REPORT_PARTS = ("interviewers", "questions", "interviewer_names")


@dataclass
class SessionRatings:
    """One unit of a criterion: the points each panelist gave in one session."""

    session_id: int
    candidate: str
    points: dict[str, int | None]
    disagreement: Fraction = Fraction(0)
    named: list[tuple[str, int | None]] = field(default_factory=list)

    @property
    def spread(self) -> int:
        given = [p for p in self.points.values() if p is not None]
        return max(given) - min(given) if given else 0


@dataclass
class CriterionAgreement:
    question: str
    position: int
    criterion: str
    sessions: list[SessionRatings] = field(default_factory=list)
    agreement: scoring.Agreement | None = None

    @property
    def reading(self) -> str:
        return scoring.agreement_reading(self.agreement.alpha)

    @property
    def alpha_shown(self) -> str:
        return shown(self.agreement.alpha)

    @property
    def pill(self) -> str:
        return READING_PILLS[self.reading]

    @property
    def worst(self) -> list[SessionRatings]:
        """The sessions that disagree most, for the debrief; agreeing ones are left out."""
        ranked = sorted(self.sessions, key=lambda s: s.disagreement, reverse=True)
        return [s for s in ranked if s.disagreement > 0][:WORST_SESSIONS]


@dataclass
class PlanAgreement:
    plan_id: int
    title: str
    sessions: int
    agreement: scoring.Agreement
    criteria: list[CriterionAgreement]
    names: dict[str, str] = field(default_factory=dict)

    @property
    def reading(self) -> str:
        return scoring.agreement_reading(self.agreement.alpha)

    @property
    def alpha_shown(self) -> str:
        return shown(self.agreement.alpha)

    @property
    def pill(self) -> str:
        return READING_PILLS[self.reading]

    def as_json(self) -> dict:
        return {
            "plan": self.plan_id,
            "title": self.title,
            "alpha": _float(self.agreement.alpha),
            "units": self.agreement.units,
            "criteria": [
                {
                    "question": c.question,
                    "criterion": c.criterion,
                    "alpha": _float(c.agreement.alpha),
                    "units": c.agreement.units,
                }
                for c in self.criteria
            ],
        }


def shown(alpha: Fraction | None) -> str:
    """Alpha to three decimals, as Krippendorff's thresholds are written; a dash if undefined."""
    return "—" if alpha is None else f"{float(alpha):.3f}"


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def report_units(data: dict) -> Iterable[tuple[tuple[str, str], int, str, dict[str, int | None]]]:
    """((question key, criterion title), position, unit id, points by interviewer) for every
    criterion of one report, from the per-interviewer ratings."""
    rows = {q["id"]: q for q in data.get("questions") or []}
    units: dict[tuple[str, str], dict] = {}
    for card in data.get("interviewers") or []:
        for question in card["questions"]:
            row = rows.get(question["id"], {})
            for criterion in question["criteria"]:
                unit = units.setdefault(
                    (question["id"], criterion["id"]),
                    {
                        "name": (row.get("key") or question["id"], criterion["title"]),
                        "position": row.get("position", 0),
                        "points": {},
                    },
                )
                unit["points"][card["interviewer"]] = criterion["points"]
    for (question_id, criterion_id), unit in units.items():
        yield unit["name"], unit["position"], f"{question_id}/{criterion_id}", unit["points"]


def is_panel(data: dict) -> bool:
    return len(data.get("interviewers") or []) >= PANEL_SIZE


def plan_agreement_from(
    plan_id: int, title: str, reports: Iterable[tuple[int, str, dict]]
) -> PlanAgreement | None:
    """Alpha for one plan from (session id, candidate name, report data); None without panels."""
    plan_units: list[list[int | None]] = []
    criteria: dict[tuple[str, str], CriterionAgreement] = {}
    sessions = 0
    names: dict[str, str] = {}
    for session_id, candidate, data in reports:
        if not is_panel(data):
            continue
        sessions += 1
        names.update(data.get("interviewer_names") or {})
        for (key, title_), position, _, points in report_units(data):
            plan_units.append(list(points.values()))
            criterion = criteria.setdefault(
                (key, title_), CriterionAgreement(question=key, position=position, criterion=title_)
            )
            criterion.sessions.append(SessionRatings(session_id, candidate, points))
    if not sessions:
        return None
    for criterion in criteria.values():
        criterion.agreement = scoring.ordinal_alpha(s.points.values() for s in criterion.sessions)
        for unit, disagreement in zip(
            criterion.sessions, criterion.agreement.disagreement, strict=True
        ):
            unit.disagreement = disagreement
            unit.named = [(names.get(who, who), p) for who, p in unit.points.items()]
    ordered = sorted(criteria.values(), key=lambda c: c.position)  # stable: rubric order kept
    return PlanAgreement(
        plan_id, title, sessions, scoring.ordinal_alpha(plan_units), ordered, names
    )


def _report_rows(reports) -> Iterable[tuple[int, str, dict]]:
    # Only the two parts of the JSON the units need: the rest of a report is mostly words.
    for session_id, candidate, *parts in reports.values_list(
        "session_id", "candidate__name", *(f"data__{part}" for part in REPORT_PARTS)
    ):
        yield session_id, candidate, dict(zip(REPORT_PARTS, parts, strict=True))


def _ready(reports):
    return reports.filter(status=Report.Status.READY).order_by("submitted_at", "pk")


def plan_agreement(plan: InterviewPlan) -> PlanAgreement | None:
    """One query: the plan's ready reports, reduced to their ratings."""
    return plan_agreement_from(
        plan.pk, plan.title, _report_rows(_ready(Report.objects.filter(plan=plan)))
    )


def agreements_all() -> Iterable[PlanAgreement]:
    """Every plan with panel data, one plan's reports in memory at a time."""
    plans = (
        Report.objects.filter(status=Report.Status.READY)
        .order_by("plan_id")
        .values_list("plan_id", "plan__title")
        .distinct()
    )
    for plan_id, title in plans:
        found = plan_agreement_from(
            plan_id, title, _report_rows(_ready(Report.objects.filter(plan_id=plan_id)))
        )
        if found is not None:
            yield found
