"""Autosave of one rating against a baseline view doing one authenticated write of one row.

Run with the project's Python: `.venv/bin/python bench/autosave.py` (on whatever DATABASE_URL
names; a throwaway test database is created and dropped). The last line is `ratio=<x>`, the
median autosave time over the median baseline time measured in the same run. Target: <= 1.5.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
from bench.boot import django_setup

django_setup()

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path
from django.views.decorators.http import require_POST

from bench.data import make_session, member
from bench.harness import throwaway_database
from interviews.models import AuditEvent

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "400"))


@require_POST
@login_required
def baseline(request):
    """The floor: an authenticated POST that writes one row and answers."""
    AuditEvent.objects.create(
        organisation_id=int(request.POST["org"]), actor=request.user, action="bench"
    )
    return HttpResponse("ok")


urlpatterns = [path("bench/baseline/", baseline), path("", include("config.urls"))]


def main() -> None:
    settings.ROOT_URLCONF = __name__
    with throwaway_database():
        run()


def run() -> None:
    membership = member(role="owner")
    user, organisation = membership.user, membership.organisation
    session = make_session(organisation, [user])
    sq = session.questions.select_related("rubric").get(position=0)
    criterion = sq.rubric.criteria.first()
    client = Client()
    client.force_login(user)
    autosave = {"question": sq.pk, "criterion": criterion.pk, "position": 0}
    hx = {"HTTP_HX_REQUEST": "true"}

    def save(points):
        return client.post(f"/sessions/{session.pk}/rate/", {**autosave, "points": points}, **hx)

    def write():
        return client.post("/bench/baseline/", {"org": organisation.pk}, **hx)

    for n in range(30):  # warm up both paths
        save(n % 5)
        write()
    saved_queries, baseline_queries = [], []
    with connection.execute_wrapper(
        lambda run, sql, *args: saved_queries.append(sql) or run(sql, *args)
    ):
        response = save(3)
    assert response.status_code == 200, response.content
    with connection.execute_wrapper(
        lambda run, sql, *args: baseline_queries.append(sql) or run(sql, *args)
    ):
        write()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(200):
            save(n % 5)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        for sql in saved_queries:
            print(sql[:200])
    saves, writes = [], []
    for n in range(ROUNDS):  # interleaved, so both see the same machine state
        start = time.perf_counter()
        assert save(n % 5).status_code == 200
        saves.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert write().status_code == 200
        writes.append(time.perf_counter() - start)
    a, b = statistics.median(saves), statistics.median(writes)
    print(f"database: {connection.vendor}, rounds: {ROUNDS}")
    print(f"autosave: median {a * 1000:.2f} ms, {len(saved_queries)} queries")
    print(f"baseline: median {b * 1000:.2f} ms, {len(baseline_queries)} queries")
    print(f"ratio={a / b:.2f}")


if __name__ == "__main__":
    main()
