"""The reports list page with 100,000 reports against the same page with 1,000.

Run with the project's Python: `.venv/bin/python bench/report_list.py` (meant for PostgreSQL:
DATABASE_URL=postgres://...; a throwaway database bench_<pid> is created and dropped). One
organisation gets 1,000 ready reports (bulk-created rows with realistic denormalised columns,
each with its own submitted session and a panel scorecard; 300 candidates, 5 plans); the page
is timed; then 99,000 more are added and the same page is timed again; then they are removed
and the 1,000 timed once more (the machine may be shared: the mean of both small runs cancels a
drift in load). The Django test client is logged in as an owner. Query counts are printed.

Every sort the list offers and every filter of its bar is timed. The last line is `ratio=<x>`:
for the worst of those pages, its median time at 100,000 over the mean of its medians at 1,000.
Target: <= 1.5.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.boot import django_setup

django_setup()

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client

from accounts.models import Membership, Role
from bench.data import make_plan, member
from bench.harness import throwaway_database
from interviews.models import Candidate, InterviewSession, Report, Scorecard

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
SMALL = 1_000
LARGE = int(os.environ.get("BENCH_LARGE", "100000"))  # a smaller one only to try the script
BATCH = 5_000
BANDS = (("strong_hire", 85), ("hire", 70), ("lean_no_hire", 50), ("no_hire", 0))


def pages(world: "World") -> dict[str, str]:
    """Every sort the list's headers offer and every filter of its bar, one at a time. The
    filters pick values that exist at both sizes (the first candidate, plan and interviewer;
    dates within the first 1,000 reports), so each page shows the same kind of rows."""
    interviewer = Membership.objects.get(user=world.panel[1]).pk
    return {
        "default (newest first)": "/reports/",
        "sorted oldest first": "/reports/?sort=date",
        "sorted by candidate": "/reports/?sort=candidate",
        "sorted by candidate desc": "/reports/?sort=-candidate",
        "sorted by plan": "/reports/?sort=plan",
        "sorted by plan desc": "/reports/?sort=-plan",
        "sorted by overall": "/reports/?sort=-overall",
        "sorted by overall asc": "/reports/?sort=overall",
        "sorted by band": "/reports/?sort=band",
        "sorted by band desc": "/reports/?sort=-band",
        "text search": "/reports/?q=candidate+17",
        "candidate filter": f"/reports/?candidate={world.candidates[17].pk}",
        "plan filter": f"/reports/?plan={world.plans[2].pk}",
        "interviewer filter": f"/reports/?interviewer={interviewer}",
        "date range filter": "/reports/?date_from=2024-01-02&date_to=2024-01-04",
        "band filter": "/reports/?band=hire",
        "score range filter": "/reports/?score_min=60&score_max=80",
    }


def main() -> None:
    with throwaway_database():
        run()


class World:
    """One organisation, its owner and two interviewers, 300 candidates and 5 plans."""

    def __init__(self) -> None:
        owner = member(role=Role.OWNER)
        self.owner, self.organisation = owner.user, owner.organisation
        self.panel = [self.owner] + [
            member(organisation=self.organisation, role=Role.INTERVIEWER).user for _ in range(2)
        ]
        self.plans = [make_plan(self.organisation, title=f"Plan {n}") for n in range(5)]
        self.candidates = Candidate.objects.bulk_create(
            Candidate(organisation=self.organisation, name=f"Candidate {n}") for n in range(300)
        )
        self.made = 0
        self.first_large_session: int | None = None
        self.random = random.Random(7)

    def add(self, count: int) -> None:
        """Bulk-create `count` submitted sessions, their scorecards and ready reports."""
        start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        for offset in range(0, count, BATCH):
            size = min(BATCH, count - offset)
            rows = []
            for _ in range(size):
                n = self.made
                self.made += 1
                when = start + dt.timedelta(minutes=7 * n + self.random.randint(0, 5))
                rows.append(
                    (
                        n,
                        when,
                        self.candidates[self.random.randrange(len(self.candidates))],
                        self.plans[self.random.randrange(len(self.plans))],
                        self.random.randint(0, 100_000),
                        self.panel[self.random.randrange(len(self.panel))],
                    )
                )
            sessions = InterviewSession.objects.bulk_create(
                InterviewSession(
                    organisation=self.organisation,
                    plan=plan,
                    candidate=candidate,
                    mode="hiring",
                    status="submitted",
                    scheduled_at=when,
                    submitted_at=when,
                    screen_token=f"bench-{n}",
                    thresholds=plan.thresholds,
                )
                for n, when, candidate, plan, _, _ in rows
            )
            Scorecard.objects.bulk_create(
                Scorecard(session=s, interviewer=row[5], recommendation="yes", submitted_at=row[1])
                for s, row in zip(sessions, rows, strict=True)
            )
            Report.objects.bulk_create(
                Report(
                    session=s,
                    organisation=self.organisation,
                    candidate=candidate,
                    plan=plan,
                    plan_title=plan.title,
                    status="ready",
                    submitted_at=when,
                    generated_at=when,
                    overall=Decimal(milli) / 1000,
                    band=next(b for b, t in BANDS if milli / 1000 >= t),
                    band_rank=next(n for n, (_, t) in enumerate(BANDS) if milli / 1000 >= t),
                    search_text=Report.search_text_of(
                        candidate=candidate.name,
                        plan_title=plan.title,
                        interviewers=[interviewer.get_full_name() or interviewer.username],
                    ),
                    attempts=1,
                    data={"format": 1},
                )
                for s, (_, when, candidate, plan, milli, interviewer) in zip(
                    sessions, rows, strict=True
                )
            )
        self.analyze()
        if self.first_large_session is None and self.made > SMALL:
            self.first_large_session = InterviewSession.objects.order_by("pk")[SMALL].pk

    def trim(self) -> None:
        """Back to the first 1,000 reports, so the small size can be measured again."""
        with connection.cursor() as cursor:
            for table, column in (
                ("interviews_report", "session_id"),
                ("interviews_scorecard", "session_id"),
                ("interviews_interviewsession", "id"),
            ):
                cursor.execute(
                    f"DELETE FROM {table} WHERE {column} >= %s", [self.first_large_session]
                )
        self.made = SMALL
        self.analyze(vacuum=True)

    @staticmethod
    def analyze(vacuum: bool = False) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def measure(client: Client, url: str) -> tuple[float, int]:
    for _ in range(5):  # warm caches and the plan
        assert client.get(url).status_code == 200
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    settings.DEBUG = True
    reset_queries()
    client.get(url)
    queries = len(connection.queries)
    settings.DEBUG = False
    return statistics.median(times), queries


def run() -> None:
    world = World()
    client = Client()
    client.force_login(world.owner)
    urls = pages(world)
    results: list[tuple[int, dict[str, tuple[float, int]]]] = []

    def measure_all(total: int, note: str) -> None:
        assert Report.objects.filter(organisation=world.organisation).count() == total
        results.append((total, {name: measure(client, url) for name, url in urls.items()}))
        print(f"{total:>7,} reports{note}")
        for name, (median, queries) in results[-1][1].items():
            print(f"  {name:<26} median {median * 1000:7.2f} ms, {queries} queries")

    world.add(SMALL)
    measure_all(SMALL, "")
    started = time.perf_counter()
    world.add(LARGE - SMALL)
    measure_all(LARGE, f" (added in {time.perf_counter() - started:.1f} s)")
    # This machine is shared: measure the small size again afterwards and compare the large
    # size with the mean of both, so a drift in load does not pass for a cost of size.
    world.trim()
    measure_all(SMALL, " again, after removing the rest")

    print(f"database: {connection.vendor}; {ROUNDS} requests per page and size")
    before, large, after = (r for _, r in results)
    ratios = {}
    for name in urls:
        ratios[name] = large[name][0] / ((before[name][0] + after[name][0]) / 2)
        print(f"  {name:<26} ratio {ratios[name]:.2f}")
    default = next(iter(urls))
    print(f"queries: {before[default][1]} at {SMALL:,}, {large[default][1]} at {LARGE:,}")
    worst = max(ratios, key=ratios.get)
    print(f"worst: {worst}")
    print(f"ratio={ratios[worst]:.2f}")


if __name__ == "__main__":
    main()
