"""The reports list reads its page through indexes: PostgreSQL's own plan, asked with EXPLAIN, for
the queries of the default page that touch the reports table and must not grow with it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interviews.models import InterviewSession, Report, Scorecard
from tests.conftest import need_postgresql
from tests.data.builders import make_plan

pytestmark = pytest.mark.django_db

URL = "/reports/"
REPORTS = 3000  # enough rows that a scan costs more than an index in the planner's eyes


def bulk(team, count: int) -> None:
    from interviews.plans.services import candidate_get_or_create

    plan = make_plan(team.organisation)
    candidates = [
        candidate_get_or_create(organisation=team.organisation, name=f"Candidate {n}")
        for n in range(30)
    ]
    start = timezone.now() - dt.timedelta(days=count)
    sessions = InterviewSession.objects.bulk_create(
        InterviewSession(
            organisation=team.organisation,
            plan=plan,
            candidate=candidates[n % len(candidates)],
            status="submitted",
            submitted_at=start + dt.timedelta(hours=n),
            screen_token=f"plan-{n}",
        )
        for n in range(count)
    )
    Scorecard.objects.bulk_create(
        Scorecard(session=s, interviewer=team.owner, submitted_at=s.submitted_at) for s in sessions
    )
    Report.objects.bulk_create(
        Report(
            session=s,
            organisation=team.organisation,
            candidate=s.candidate,
            plan=plan,
            plan_title=plan.title,
            status="ready",
            submitted_at=s.submitted_at,
            overall=Decimal(n % 100),
            band="hire",
            band_rank=1,
            search_text=Report.search_text_of(candidate=s.candidate.name, plan_title=plan.title),
        )
        for n, s in enumerate(sessions)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def plans_of_the_page(client, url: str = URL) -> dict[str, str]:
    """EXPLAIN of each query of the page that reads the reports table, by what it does."""
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    plans = {}
    for query in page.captured_queries:
        sql = query["sql"]
        if not sql.lstrip("(").startswith("SELECT"):
            continue
        if '"interviews_report"' not in sql.split(" WHERE ")[0]:
            continue
        if sql.startswith("SELECT COUNT(*)"):
            continue  # the capped count stops at its LIMIT whichever way it reads
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}")
            plans[sql] = "\n".join(row[0] for row in cursor.fetchall())
    return plans


def test_the_default_page_reads_reports_through_indexes(client, team):
    need_postgresql("EXPLAIN of the reports list")
    bulk(team, REPORTS)
    client.force_login(team.owner)
    plans = plans_of_the_page(client)
    rows = [plan for sql, plan in plans.items() if "LIMIT 25" in sql]
    assert len(rows) == 1, "the page reads its rows in one query of 25"
    assert "Index Scan" in rows[0]
    for sql, plan in plans.items():
        assert "Seq Scan on interviews_report" not in plan, f"{sql}\n{plan}"
    own = [plan for sql, plan in plans.items() if " UNION " in sql]
    assert len(own) == 1, "the reader's own reports are looked up in one query"


@pytest.mark.parametrize("sort", ["candidate", "-candidate", "plan", "-plan"])
def test_the_name_sorts_read_reports_through_indexes(client, team, sort):
    """By candidate: the candidates' (organisation, name) index in order, each one's reports by
    index; by plan: the reports' own (organisation, plan_title, ...) index. Neither joins and
    sorts every report."""
    need_postgresql("EXPLAIN of the reports list")
    bulk(team, REPORTS)
    client.force_login(team.owner)
    plans = plans_of_the_page(client, f"{URL}?sort={sort}")
    rows = [plan for sql, plan in plans.items() if "LIMIT 25" in sql]
    assert len(rows) == 1, "the page reads its rows in one query of 25"
    assert "Seq Scan on interviews_report" not in rows[0], rows[0]
    assert "Index" in rows[0], rows[0]
