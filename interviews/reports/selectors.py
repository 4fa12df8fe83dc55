"""Queries behind the report pages: who may read what, the list's filters and sorting, the
percentile on a plan and a candidate's history.

The list filters and sorts only on Report's own denormalised columns (plus indexed joins), so a
page costs the same few queries whether an organisation has a thousand reports or a hundred
thousand.
"""

import bisect
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from config.search import fold
from interviews.access import reports_for
from interviews.models import (
    InterviewSession,
    Report,
    ReportVersion,
    Scorecard,
    band_words,
)

PER_PAGE = 25
# Counting stops here: "more than 1000" (forty pages) is as useful as an exact figure, and a
# filter that matches one report in twenty is counted from 20,000 rows at most, not 100,000.
COUNT_CAP = 1000


# The list ------------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filter_reports(reports: QuerySet[Report], data: dict[str, Any]) -> QuerySet[Report]:
    """Apply cleaned filter values; dates become a half-open range so the index still serves."""
    if data.get("q"):
        # Both sides folded the same way: a plain substring match, Unicode-aware everywhere.
        reports = reports.filter(search_text__contains=fold(data["q"].strip()))
    if data.get("candidate"):
        reports = reports.filter(candidate=data["candidate"])
    if data.get("plan"):
        reports = reports.filter(plan=data["plan"])
    if data.get("interviewer"):
        reports = reports.filter(
            session__scorecards__interviewer_id=data["interviewer"].user_id,
            session__scorecards__submitted_at__isnull=False,
        )
    if data.get("date_from"):
        reports = reports.filter(submitted_at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        reports = reports.filter(
            submitted_at__lt=_day_start(data["date_to"] + dt.timedelta(days=1))
        )
    if data.get("band"):
        reports = reports.filter(band=data["band"])
    if data.get("score_min") is not None:
        reports = reports.filter(overall__gte=data["score_min"])
    if data.get("score_max") is not None:
        # Scores are shown to one decimal: 70.04 shows as 70.0 and belongs under "to 70".
        reports = reports.filter(overall__lt=data["score_max"] + Decimal("0.05"))
    return reports


SORTS: dict[str, tuple] = {
    "-date": (F("submitted_at").desc(), F("id").desc()),
    "date": (F("submitted_at").asc(), F("id").asc()),
    "candidate": (F("candidate__name").asc(), F("submitted_at").desc(), F("id").desc()),
    "-candidate": (F("candidate__name").desc(), F("submitted_at").desc(), F("id").desc()),
    # The report's copy of the plan's title, read from (organisation, plan_title, ...) in order.
    "plan": (F("plan_title").asc(), F("submitted_at").desc(), F("id").desc()),
    "-plan": (F("plan_title").desc(), F("submitted_at").desc(), F("id").desc()),
    "overall": (F("overall").asc(), F("id").asc()),
    "-overall": (F("overall").desc(), F("id").desc()),
    # An unscored report has band_rank 4 and no overall, so no NULL is ever ordered among
    # scores, and (organisation, band_rank, -overall, -id) is read in either direction.
    "band": (F("band_rank").asc(), F("overall").desc(), F("id").desc()),
    "-band": (F("band_rank").desc(), F("overall").asc(), F("id").asc()),
}
DEFAULT_SORT = "-date"


# Sorting by score lists only scored reports: with no NULL to place, PostgreSQL reads the
# (organisation, overall) index in either direction instead of sorting every row.
SCORE_SORTS = ("overall", "-overall")


# A report's candidate is always of the report's organisation (scheduling refuses another's).
# Saying so lets PostgreSQL carry the reader's organisation over to the candidate: it walks the
# candidates' (organisation, name) index in order and reads each one's few reports by index,
# instead of joining and sorting every report of the organisation.
NAME_SORTS = ("candidate", "-candidate")


def sort_reports(reports: QuerySet[Report], sort: str) -> QuerySet[Report]:
    if sort in SCORE_SORTS:
        reports = reports.filter(overall__isnull=False)
    if sort in NAME_SORTS:
        reports = reports.filter(candidate__organisation_id=F("organisation_id"))
    return reports.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


@dataclass
class ReportPage:
    """One page of the list: a capped count, so no query ever counts a whole organisation."""

    rows: list[Report]
    number: int
    count: int
    capped: bool
    per_page: int = PER_PAGE

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.count or (
            self.capped and len(self.rows) == self.per_page
        )

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)


def list_rows(reports: QuerySet[Report]) -> QuerySet[Report]:
    """The columns the table shows, and the panel's names in one extra query."""
    return (
        reports.select_related("candidate", "plan")
        .only(
            "id",
            "session_id",
            "status",
            "submitted_at",
            "overall",
            "band",
            "candidate__id",
            "candidate__name",
            "plan__id",
            "plan__title",
        )
        .prefetch_related(
            Prefetch(
                "session__scorecards",
                queryset=Scorecard.objects.filter(submitted_at__isnull=False)
                .select_related("interviewer")
                .only(
                    "id",
                    "session_id",
                    "interviewer__first_name",
                    "interviewer__last_name",
                    "interviewer__username",
                ),
                to_attr="panel",
            )
        )
    )


def paginate(reports: QuerySet[Report], page: int) -> ReportPage:
    page = max(1, page)
    count = reports.order_by().values("pk")[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    offset = (page - 1) * PER_PAGE
    rows = list(list_rows(reports)[offset : offset + PER_PAGE])
    return ReportPage(rows=rows, number=page, count=min(count, COUNT_CAP), capped=capped)


# Percentile and history ----------------------------------------------------------------------


def plan_percentile(report: Report) -> dict | None:
    """Where a hiring report stands among every ready report on the same plan, in one query.

    Mid-rank percentile: the share of reports scoring below, plus half of the ties (this report
    included), so the best of four is 87.5 and a lone report is 50.
    """
    if report.session.mode != InterviewSession.Mode.HIRING or report.overall is None:
        return None
    counts = Report.objects.filter(
        plan_id=report.plan_id, status=Report.Status.READY, overall__isnull=False
    ).aggregate(
        total=Count("pk"),
        below=Count("pk", filter=Q(overall__lt=report.overall)),
        equal=Count("pk", filter=Q(overall=report.overall)),
    )
    return percentile_from(counts["below"], counts["equal"], counts["total"])


def percentile_from(below: int, equal: int, total: int) -> dict | None:
    if not total:
        return None
    value = 100 * (below + equal / 2) / total
    return {"value": round(value, 1), "below": below, "equal": equal, "total": total}


class PlanPercentiles:
    """Percentiles for many reports with one query per plan (the export's streaming loop)."""

    def __init__(self) -> None:
        self._scores: dict[int, list[Decimal]] = {}

    def for_report(self, report: Report) -> dict | None:
        if report.session.mode != InterviewSession.Mode.HIRING or report.overall is None:
            return None
        if report.plan_id not in self._scores:
            self._scores[report.plan_id] = sorted(
                Report.objects.filter(
                    plan_id=report.plan_id, status=Report.Status.READY, overall__isnull=False
                ).values_list("overall", flat=True)
            )
        scores = self._scores[report.plan_id]
        below = bisect.bisect_left(scores, report.overall)
        equal = bisect.bisect_right(scores, report.overall) - below
        return percentile_from(below, equal, len(scores))


def candidate_history(request: HttpRequest, candidate_id: int) -> list[dict]:
    """The candidate's ready reports the user may read, oldest first."""
    return history_of(reports_for(request).filter(candidate_id=candidate_id))


def own_history(request: HttpRequest) -> list[dict]:
    """Every ready report in which the user was the candidate, in whichever space it was held:
    a peer who practises with several people still sees one line of progress."""
    return history_of(
        Report.objects.filter(
            candidate__user=request.user, session__status=InterviewSession.Status.SUBMITTED
        )
    )


def history_of(reports: QuerySet[Report]) -> list[dict]:
    """Ready reports oldest first, with only the numbers the chart needs (the JSON's categories
    are extracted by the database, not loaded whole)."""
    rows = (
        reports.filter(status=Report.Status.READY)
        .order_by("submitted_at", "id")
        .values(
            "session_id",
            "submitted_at",
            "overall",
            "band",
            "plan__title",
            "session__mode",
            "data__categories",
            "data__display",
        )
    )
    history = []
    for row in rows:
        display = row["data__display"] or {}
        history.append(
            {
                "session_id": row["session_id"],
                "submitted_at": row["submitted_at"],
                "overall": None if row["overall"] is None else float(row["overall"]),
                "overall_display": display.get("overall", "—"),
                "band": row["band"],
                "band_label": band_words(
                    row["band"], practice=row["session__mode"] == InterviewSession.Mode.PRACTICE
                ),
                "plan": row["plan__title"],
                "categories": row["data__categories"] or {},
                "category_display": display.get("categories", {}),
            }
        )
    return history


def compare_choices(request: HttpRequest, limit: int = 200) -> list[Report]:
    """Recent ready reports the user may read, for the compare page's pickers."""
    return list(
        reports_for(request)
        .filter(status=Report.Status.READY)
        .select_related("candidate", "plan")
        .only("session_id", "submitted_at", "overall", "candidate__name", "plan__title")
        .order_by("-submitted_at", "-id")[:limit]
    )


def versions_of(report: Report) -> list[ReportVersion]:
    """A report's earlier versions, newest first, without their data."""
    return list(
        ReportVersion.objects.filter(report=report)
        .only(
            "id", "report_id", "number", "generated_at", "reason", "overall", "band", "created_at"
        )
        .order_by("-number")
    )


def label_roles(reports, user) -> list:
    """Mark each report "you were the candidate" or "you interviewed" for this reader, in one
    query: said of the reader, so it never reads as if the candidate named beside it had
    interviewed. The same query says which were practice, whose bands read in a peer's words."""
    reports = list(reports)
    if not user.is_authenticated or not reports:
        return reports
    interviewed = Scorecard.objects.filter(session=OuterRef("session"), interviewer=user)
    sides = {
        pk: (candidate_user == user.pk, scored, mode == InterviewSession.Mode.PRACTICE)
        for pk, candidate_user, scored, mode in Report.objects.filter(
            pk__in=[r.pk for r in reports]
        )
        .annotate(scored=Exists(interviewed))
        .values_list("pk", "candidate__user_id", "scored", "session__mode")
    }
    for report in reports:
        as_candidate, as_interviewer, report.practice = sides.get(report.pk, (False, False, False))
        report.my_role = (
            "you were the candidate"
            if as_candidate
            else "you interviewed"
            if as_interviewer
            else ""
        )
    return reports
