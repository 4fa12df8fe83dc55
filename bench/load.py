"""Fifty live panels on the production shape: 100 interviewers autosaving at human pace and 50
candidate screens holding their event streams open (or polling, BENCH_SCREENS=poll), over
loopback HTTP against `make prod` (gunicorn with uvicorn workers, PostgreSQL, Redis, the Celery
worker and beat).

Run with the project's Python: `.venv/bin/python bench/load.py` with DATABASE_URL naming a
PostgreSQL server and REDIS_URL a Redis db (a throwaway database `bench_load_<pid>` is created
there and dropped; the Redis db should be one nobody else's worker consumes). Prints, per
endpoint, the count, p50/p95/p99/max and errors, the lost writes (an interviewer's last
acknowledged level that is not the stored one) and the web processes' CPU per request. With
BENCH_COMPARE_WSGI=1 (the default 0) the same load then runs against gunicorn's sync workers on
the same database, as the product ran before (its screens poll: a sync worker cannot hold
streams). The last line is `ratio=<x>`: the autosave p95 on the production shape over the
100 ms target (<= 1 meets it).

Knobs: BENCH_PANELS (50), BENCH_SECONDS (60 per phase), BENCH_PACE (5 s between an
interviewer's clicks, uniformly 0.5x-1.5x), BENCH_SCREENS (push, or poll), BENCH_POLL (1 s
between a screen's polls, as the fallback does), WEB_CONCURRENCY (4 web processes).
"""

import asyncio
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench.boot import django_setup
from bench.production import (
    ROOT,
    Visitor,
    database_named,
    descendants,
    drop_database,
    fresh_database,
    production_shape,
    serve,
)

PANELS = int(os.environ.get("BENCH_PANELS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
PACE = float(os.environ.get("BENCH_PACE", "5"))
POLL = float(os.environ.get("BENCH_POLL", "1"))
SCREENS = os.environ.get("BENCH_SCREENS", "push")  # or "poll": each screen polls every POLL s
WARMUP = 5.0  # seconds of each phase not counted: connections open, caches fill
TARGET_P95 = 0.100
PASSWORD = "load-bench-password-2026"


# This process builds the panels and reads the stored ratings back, on the production settings
# over the benchmark's own database (made by main(), dropped after) and Redis.
BASE_DATABASE = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
if not BASE_DATABASE.startswith("postgres") or not REDIS_URL:
    sys.exit("bench/load.py needs DATABASE_URL (PostgreSQL) and REDIS_URL")
DATABASE = database_named(BASE_DATABASE, f"bench_load_{os.getpid()}")
django_setup(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": DATABASE,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "false",
        "SECRET_KEY": "production-shape-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
    }
)
for noisy in ("httpx", "axes"):  # a line per request or per sign-in otherwise
    logging.getLogger(noisy).setLevel(logging.WARNING)

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connections
from django.test import Client

from accounts.models import Role
from accounts.services import membership_add, organisation_create
from interviews.models import InterviewSession, Rating


def build(base_url: str) -> dict:
    """An organisation, its owner signed in over HTTP, 2 x PANELS interviewers, and PANELS
    sessions scheduled and started over HTTP. The interviewers' browser sessions are made
    with Django's test client (force_login): 100 real sign-ins would spend a minute of CPU on
    password hashing, which is not what this measures."""
    User = get_user_model()
    hashed = make_password(PASSWORD)
    owner = User.objects.create(username="load-owner", password=hashed)
    organisation = organisation_create(name="Load test team", owner=owner)
    people = User.objects.bulk_create(
        [User(username=f"load-{n:03}", password=hashed) for n in range(2 * PANELS)]
    )
    for user in people:
        membership_add(organisation=organisation, user=user, role=Role.INTERVIEWER)
    cookies = {}
    for user in people:
        client = Client()
        client.force_login(user)
        cookies[user.pk] = client.cookies["sessionid"].value

    owner_visitor = Visitor(base_url)
    owner_visitor.sign_in("load-owner", PASSWORD)
    ready = owner_visitor.post("/plans/ready/", {})  # the ready-made serverless hour
    assert ready.status_code == 302, ready.text[:1000]
    plan = int(re.search(r"/plans/(\d+)/", ready.headers["location"]).group(1))
    panels = []
    for n in range(PANELS):
        a, b = people[2 * n], people[2 * n + 1]
        response = owner_visitor.post(
            "/sessions/new/",
            {
                "plan": plan,
                "candidate_name": f"Candidate {n:02}",
                "interviewers": [a.pk, b.pk],
                "mode": "hiring",
            },
        )
        assert response.status_code == 302, response.text[:1000]
        pk = int(re.search(r"/sessions/(\d+)/", response.headers["location"]).group(1))
        session = InterviewSession.objects.get(pk=pk)
        targets = [
            (sq.pk, criterion.pk, sq.position)
            for sq in session.questions.select_related("rubric").order_by("position")
            for criterion in sq.rubric.criteria.order_by("position")
        ]
        panels.append(
            {"pk": pk, "token": session.screen_token, "people": [a.pk, b.pk], "targets": targets}
        )
    owner_visitor.close()
    return {"panels": panels, "cookies": cookies}


class Recorder:
    def __init__(self, started: float):
        self.started = started
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []
        self.events = 0  # stage events that reached the screens' streams

    def record(self, endpoint: str, began: float, elapsed: float, ok: bool, detail: str = ""):
        if began - self.started < WARMUP:
            return
        self.times[endpoint].append(elapsed)
        if not ok:
            self.errors[endpoint] += 1
            if len(self.examples) < 5:
                self.examples.append(f"{endpoint}: {detail}")


def _headers(cookie: dict[str, str], htmx: bool = True) -> dict:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookie.items())}
    if htmx:
        headers["HX-Request"] = "true"
    if "csrftoken" in cookie:
        headers["X-CSRFToken"] = cookie["csrftoken"]
    return headers


async def interviewer(client, panel, user_id, sessionid, deadline, recorder, acked, start):
    """Open the console (which also sets the CSRF cookie), start the session if first, then
    click a level on a random criterion every PACE seconds or so."""
    cookie = {"sessionid": sessionid}
    await asyncio.sleep(random.uniform(0, WARMUP - 1))  # people open their consoles over seconds
    console = await client.get(f"/sessions/{panel['pk']}/console/", headers=_headers(cookie, False))
    assert console.status_code == 200, console.status_code
    cookie["csrftoken"] = console.cookies["csrftoken"]
    if start:
        moved = await client.post(
            f"/sessions/{panel['pk']}/move/", data={"position": 0}, headers=_headers(cookie, False)
        )
        assert moved.status_code == 302, moved.status_code
    await asyncio.sleep(random.uniform(0, PACE / 2))
    while time.monotonic() < deadline:
        question, criterion, position = random.choice(panel["targets"])
        level = random.randint(0, 4)
        data = {"question": question, "criterion": criterion, "points": level, "position": position}
        began = time.monotonic()
        try:
            response = await client.post(
                f"/sessions/{panel['pk']}/rate/", data=data, headers=_headers(cookie)
            )
            ok = response.status_code == 200 and response.text == "Saved"
            detail = f"{response.status_code} {response.text[:120]!r}"
        except httpx.HTTPError as exc:
            ok, detail = False, repr(exc)
        recorder.record("autosave", began, time.monotonic() - began, ok, detail)
        if ok:
            acked[(user_id, question, criterion)] = level
        await asyncio.sleep(random.uniform(0.5 * PACE, 1.5 * PACE))


async def screen(client, panel, deadline, recorder):
    """A candidate screen as the page behaves: on push it holds the session's event stream
    open (reconnecting as the browser would); with BENCH_SCREENS=poll it polls once a second."""
    await asyncio.sleep(random.uniform(0, POLL))
    if SCREENS == "poll":
        await _screen_poll(client, panel, deadline, recorder)
    else:
        await _screen_stream(client, panel, deadline, recorder)


async def _screen_poll(client, panel, deadline, recorder):
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            response = await client.get(
                f"/screen/{panel['token']}/", headers={"HX-Request": "true"}
            )
            ok = response.status_code == 200 and 'id="stage"' in response.text
            detail = f"{response.status_code} {response.text[:120]!r}"
        except httpx.HTTPError as exc:
            ok, detail = False, repr(exc)
        recorder.record("screen poll", began, time.monotonic() - began, ok, detail)
        await asyncio.sleep(POLL)


async def _screen_stream(client, panel, deadline, recorder):
    """Time to the stream's first frame is what 'screen stream' reports; every stage event
    that arrives counts in 'screen events'."""
    last_id = ""
    while time.monotonic() < deadline:
        began = time.monotonic()
        headers = {"Accept": "text/event-stream"} | ({"Last-Event-ID": last_id} if last_id else {})
        first = True
        try:
            async with client.stream(
                "GET", f"/screen/{panel['token']}/live/", headers=headers, timeout=None
            ) as response:
                ok = response.status_code == 200
                if not ok:
                    recorder.record("screen stream", began, 0, False, str(response.status_code))
                    await asyncio.sleep(1)
                    continue
                async for line in response.aiter_lines():
                    if first:
                        recorder.record("screen stream", began, time.monotonic() - began, True)
                        first = False
                    if line.startswith("id:"):
                        last_id = line[3:].strip()
                    elif line.startswith("event:") and "stage" in line:
                        recorder.events += 1
                    if time.monotonic() >= deadline:
                        return
        except httpx.HTTPError as exc:
            if time.monotonic() < deadline:
                recorder.record("screen stream", began, time.monotonic() - began, False, repr(exc))
                await asyncio.sleep(1)


def web_processes(root: int) -> set[int]:
    """The gunicorn master and its workers among a process's descendants."""
    found = set()
    for pid in descendants(root) | {root}:
        try:
            if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(pid)
        except OSError:
            continue
    return found


def cpu_seconds(pids: set[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


async def run_phase(base_url: str, world: dict, start_sessions: bool) -> tuple[Recorder, dict]:
    limits = httpx.Limits(max_connections=4 * PANELS, max_keepalive_connections=4 * PANELS)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        started = time.monotonic()
        deadline = started + SECONDS
        recorder, acked = Recorder(started), {}
        tasks = []
        for panel in world["panels"]:
            for i, user_id in enumerate(panel["people"]):
                sessionid = world["cookies"][user_id]
                tasks.append(
                    interviewer(
                        client,
                        panel,
                        user_id,
                        sessionid,
                        deadline,
                        recorder,
                        acked,
                        start_sessions and i == 0,
                    )
                )
            tasks.append(screen(client, panel, deadline, recorder))
        await asyncio.gather(*tasks)
    return recorder, acked


def lost_writes(acked: dict) -> int:
    stored = {
        (r.scorecard.interviewer_id, r.session_question_id, r.criterion_id): r.points
        for r in Rating.objects.select_related("scorecard").only(
            "points", "session_question_id", "criterion_id", "scorecard__interviewer_id"
        )
    }
    return sum(1 for key, level in acked.items() if stored.get(key) != level)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0


def report(name: str, recorder: Recorder, acked: dict, cpu: float) -> float:
    print(f"\n{name}: {PANELS} panels, {SECONDS - WARMUP:.0f} s measured")
    print(
        f"{'endpoint':<12} {'count':>6} {'req/s':>6} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'max':>7} {'errors':>6}"
    )
    total = 0
    for endpoint, times in recorder.times.items():
        total += len(times)
        ms = [t * 1000 for t in times]
        print(
            f"{endpoint:<12} {len(ms):>6} {len(ms) / (SECONDS - WARMUP):>6.1f} "
            f"{percentile(ms, 50):>6.1f}ms {percentile(ms, 95):>6.1f}ms "
            f"{percentile(ms, 99):>6.1f}ms {max(ms):>6.1f}ms {recorder.errors[endpoint]:>6}"
        )
    for example in recorder.examples:
        print(f"  error: {example}")
    if SCREENS != "poll":
        print(f"screens: {recorder.events} question changes pushed to the open streams")
    lost = lost_writes(acked)
    print(f"lost writes: {lost} of {len(acked)} last acknowledged levels")
    print(f"web CPU: {cpu:.1f} s over the phase, {1000 * cpu / max(total, 1):.1f} ms per request")
    return percentile(recorder.times["autosave"], 95)


def start_wsgi(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn's sync workers on the same database: the server the product used before."""
    command = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application"]
    command += ["--bind", "127.0.0.1:{port}", "--workers", env.get("WEB_CONCURRENCY", "4")]
    return serve([*command, "--no-control-socket"], env, log, "gunicorn (sync)")


def main() -> None:
    database = fresh_database(BASE_DATABASE, f"bench_load_{os.getpid()}")
    assert database == DATABASE
    try:
        with tempfile.TemporaryDirectory() as tmp:
            extra = {"WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "4")}
            with production_shape(
                Path(tmp), database=database, redis_url=REDIS_URL, extra_env=extra
            ) as shape:
                assert urlsplit(shape.url).hostname == "127.0.0.1"  # loopback only
                world = build(shape.url)
                web = web_processes(shape.process.pid)
                before = cpu_seconds(web)
                try:
                    recorder, acked = asyncio.run(run_phase(shape.url, world, start_sessions=True))
                except AssertionError:
                    print(shape.tail(120))
                    raise
                cpu = cpu_seconds(web) - before
                p95 = report(
                    "production shape (gunicorn + uvicorn workers, ASGI)", recorder, acked, cpu
                )
                if os.environ.get("BENCH_COMPARE_WSGI", "0") == "1":
                    process, url = start_wsgi(shape.env, Path(tmp) / "wsgi.log")
                    try:
                        web = web_processes(process.pid)
                        before = cpu_seconds(web)
                        recorder, acked = asyncio.run(run_phase(url, world, start_sessions=False))
                        cpu = cpu_seconds(web) - before
                        report("for comparison: gunicorn sync workers (WSGI)", recorder, acked, cpu)
                    finally:
                        process.terminate()
                        process.wait(timeout=30)
    finally:
        connections.close_all()
        drop_database(database)
    print(f"\nautosave p95 {p95 * 1000:.1f} ms against the {TARGET_P95 * 1000:.0f} ms target")
    print(f"ratio={p95 / TARGET_P95:.2f}")


if __name__ == "__main__":
    main()
