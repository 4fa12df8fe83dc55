"""The interviewers' calibration report: how each interviewer rates, beside their panels.

Numbers from the ready reports (what each interviewer gave, the panel around them, the computed
band) and from the scorecards (how many, how soon after the session they were submitted).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from statistics import median

from django.db.models import Sum

from accounts.models import Organisation
from interviews.calibration.schedule import session_ends_at
from interviews.models import Report, Scorecard, SessionQuestion

LEANING_AT = Fraction(1, 2)  # half a level above or below the panel, on average
REPORTS_READ = 2000  # the most recent; older ones say little about how someone rates today
HIRE_SIDE = {"strong_hire": "yes", "hire": "yes", "lean_no_hire": "no", "no_hire": "no"}
SAYS = {"strong_yes": "yes", "yes": "yes", "no": "no", "strong_no": "no"}


def leaning(deviation: Fraction | None) -> str:
    if deviation is None:
        return ""
    if deviation >= LEANING_AT:
        return "lenient"
    if deviation <= -LEANING_AT:
        return "severe"
    return "in line"


@dataclass
class CriterionLeaning:
    question: str
    criterion: str
    deviations: list[Fraction] = field(default_factory=list)

    @property
    def mean(self) -> Fraction:
        return sum(self.deviations, Fraction(0)) / len(self.deviations)

    @property
    def leaning(self) -> str:
        return leaning(self.mean)

    @property
    def shown(self) -> str:
        return f"{float(self.mean):+.2f}"


@dataclass
class InterviewerCalibration:
    username: str
    name: str
    submitted: int = 0
    minutes_to_submit: list[float] = field(default_factory=list)
    levels: Counter = field(default_factory=Counter)
    rated: int = 0
    not_assessed: int = 0
    recommendations: int = 0
    matching_band: int = 0
    criteria: dict[tuple[str, str], CriterionLeaning] = field(default_factory=dict)

    @property
    def deviation(self) -> Fraction | None:
        values = [d for c in self.criteria.values() for d in c.deviations]
        return sum(values, Fraction(0)) / len(values) if values else None

    @property
    def deviation_shown(self) -> str:
        return "—" if self.deviation is None else f"{float(self.deviation):+.2f}"

    @property
    def leaning(self) -> str:
        return leaning(self.deviation)

    @property
    def not_assessed_rate(self) -> float | None:
        return self.not_assessed / self.rated if self.rated else None

    @property
    def band_agreement(self) -> float | None:
        return self.matching_band / self.recommendations if self.recommendations else None

    @property
    def median_minutes(self) -> float | None:
        return median(self.minutes_to_submit) if self.minutes_to_submit else None

    @property
    def median_shown(self) -> str:
        minutes = self.median_minutes
        if minutes is None:
            return "—"
        if minutes < 90:
            return f"{minutes:.0f} min"
        if minutes < 48 * 60:
            return f"{minutes / 60:.1f} h"
        return f"{minutes / 1440:.1f} days"

    @property
    def level_rows(self) -> list[tuple[int, int, float]]:
        total = sum(self.levels.values())
        return [(p, n, n / total) for p, n in sorted(self.levels.items())]

    @property
    def leaning_criteria(self) -> list[CriterionLeaning]:
        """The criteria where this interviewer departs from their panels, furthest first."""
        found = [c for c in self.criteria.values() if c.leaning in ("lenient", "severe")]
        return sorted(found, key=lambda c: abs(c.mean), reverse=True)


def add_report(people: dict[str, InterviewerCalibration], data: dict) -> None:
    """Fold one report's ratings into everyone's numbers."""
    rows = {q["id"]: q for q in data.get("questions") or []}
    cards = data.get("interviewers") or []
    units: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    titles: dict[tuple[str, str], tuple[str, str]] = {}
    for card in cards:
        person = people.setdefault(card["interviewer"], _person(card["interviewer"], data))
        if card.get("recommendation") in SAYS and data.get("band") in HIRE_SIDE:
            person.recommendations += 1
            person.matching_band += SAYS[card["recommendation"]] == HIRE_SIDE[data["band"]]
        for question in card["questions"]:
            row = rows.get(question["id"], {})
            if not _asked(row, question["id"], cards):
                continue
            for criterion in question["criteria"]:
                person.rated += 1
                if criterion["points"] is None:
                    person.not_assessed += 1
                    continue
                person.levels[criterion["points"]] += 1
                unit = (question["id"], criterion["id"])
                units[unit][card["interviewer"]] = criterion["points"]
                titles[unit] = (row.get("key") or question["id"], criterion["title"])
    for unit, points in units.items():
        if len(points) < 2:
            continue
        mean = Fraction(sum(points.values()), len(points))
        for who, given in points.items():
            leaning_ = people[who].criteria.setdefault(
                titles[unit], CriterionLeaning(*titles[unit])
            )
            leaning_.deviations.append(given - mean)


def _person(username: str, data: dict) -> InterviewerCalibration:
    return InterviewerCalibration(
        username, (data.get("interviewer_names") or {}).get(username, username)
    )


def _asked(row: dict, question_id: str, cards: list[dict]) -> bool:
    """Reports that say whether a question was asked are trusted; older ones count a question
    as asked when anyone rated it."""
    if "asked" in row:
        return bool(row["asked"])
    return any(
        c["points"] is not None
        for card in cards
        for q in card["questions"]
        if q["id"] == question_id
        for c in q["criteria"]
    )


def calibration_for(organisation: Organisation) -> list[InterviewerCalibration]:
    """Everyone who submitted a scorecard in the organisation, in three queries."""
    people: dict[str, InterviewerCalibration] = {}
    reports = (
        Report.objects.filter(organisation=organisation, status=Report.Status.READY)
        .order_by("-submitted_at")
        .values_list(
            "data__interviewers", "data__questions", "data__band", "data__interviewer_names"
        )[:REPORTS_READ]
    )
    for interviewers, questions, band, names in reports:
        add_report(
            people,
            {
                "interviewers": interviewers,
                "questions": questions,
                "band": band,
                "interviewer_names": names,
            },
        )
    minutes = dict(
        SessionQuestion.objects.filter(session__organisation=organisation)
        .values("session_id")
        .annotate(total=Sum("minutes"))
        .values_list("session_id", "total")
    )
    cards = Scorecard.objects.filter(
        session__organisation=organisation, submitted_at__isnull=False
    ).values_list(
        "interviewer__username",
        "interviewer__first_name",
        "interviewer__last_name",
        "submitted_at",
        "session_id",
        "session__started_at",
    )
    for username, first, last, submitted_at, session_id, started_at in cards:
        name = f"{first} {last}".strip() or username
        person = people.setdefault(username, InterviewerCalibration(username, name))
        person.submitted += 1
        ends_at = session_ends_at(started_at, minutes.get(session_id, 0))
        if ends_at is not None:
            waited = max(submitted_at - ends_at, timedelta(0))
            person.minutes_to_submit.append(waited.total_seconds() / 60)
    return sorted(people.values(), key=lambda p: p.name.lower())
