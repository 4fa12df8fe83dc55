"""Live updates at scale: N candidate screens open at once on one web process, by push and by
polling, over loopback HTTP on the production web server (gunicorn + uvicorn workers).

Two web processes run `bin/prod web` with one worker each, on a throwaway PostgreSQL database
(`bench_live_<pid>`, dropped afterwards) and the given Redis db:
- the screens process holds the N candidate screens;
- the consoles process takes the interviewers' moves (as another worker of the same
  deployment would), so every event crosses processes through Redis.

Each session's lead moves the candidate to another question every BENCH_MOVE_EVERY seconds
(10). Phase 1, push: every screen holds the stream (`/screen/<token>/live/`); the delivery
latency of a move is measured from the start of its POST to the moment each screen of that
session has read the event. Phase 2, polling: every screen polls its fragment once a second
with the version it holds (If-None-Match), as the page's fallback does; unchanged polls are
answered 304. The screens process's CPU (utime + stime of its process tree, from /proc) is
read over the measured part of each phase. The last line is `ratio=<x>`: the screens
process's CPU seconds per minute with push over the same with polling (target <= 0.2).

Run with the project's Python, e.g. `.venv/bin/python bench/live.py`, with DATABASE_URL naming
a PostgreSQL server and REDIS_URL a Redis db. Knobs: BENCH_SCREENS (500), BENCH_LIVE_SESSIONS
(as many as screens; fewer opens each session's screen several times), BENCH_SECONDS (60 per
phase, the first BENCH_WARMUP=10 not counted), BENCH_MOVE_EVERY (10), BENCH_POLL (1),
BENCH_CONSOLE_WORKERS (2).

The client is aiohttp in this one process, on the same cores as the servers: its HTTP parser
is in C, so the clients' share of the machine stays small (about 3.5 s of CPU a minute for
500 streams and 50 moves a second; httpx took 46 s a minute in a run on 2 Dec 2026).
"""

import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench.boot import django_setup
from bench.production import (
    ROOT,
    database_named,
    descendants,
    drop_database,
    fresh_database,
    serve,
)

SCREENS = int(os.environ.get("BENCH_SCREENS", "500"))
# One screen per session: 500 sessions, so 50 moves a second across them.
SESSIONS = int(os.environ.get("BENCH_LIVE_SESSIONS", str(SCREENS)))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
WARMUP = float(os.environ.get("BENCH_WARMUP", "10"))
MOVE_EVERY = float(os.environ.get("BENCH_MOVE_EVERY", "10"))
POLL = float(os.environ.get("BENCH_POLL", "1"))
TARGET_P95_MS = 250
TARGET_RATIO = 0.2
POSITION = re.compile(rb'data-position="(\d+)"')


def environment(database: str, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        DEBUG="false",
        SECRET_KEY="production-shape-test-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        BIND_HOST="127.0.0.1",
        WEB_CONCURRENCY="1",
        ACCESS_LOG="/dev/null",
        LOG_LEVEL="WARNING",
    )
    return env


# This process builds the sessions through the services, on the production settings over the
# benchmark's own database (made by main() once the release has run, dropped after) and Redis.
BASE_DATABASE = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
if not BASE_DATABASE.startswith("postgres") or not REDIS_URL:
    sys.exit("bench/live.py needs DATABASE_URL (PostgreSQL) and REDIS_URL")
DATABASE = database_named(BASE_DATABASE, f"bench_live_{os.getpid()}")
ENV = environment(DATABASE, REDIS_URL)
django_setup(ENV)

from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.utils.crypto import get_random_string

from accounts.models import Role
from accounts.services import membership_add, organisation_create
from interviews.plans import services as plans
from interviews.sessions import services as sessions


def build() -> dict:
    """SESSIONS live sessions of the ready-made plan, each led by its own interviewer (signed
    in with Django's test client: password hashing is not what this measures), started."""
    User = get_user_model()
    owner = User.objects.create(username="live-owner")
    organisation = organisation_create(name="Live bench team", owner=owner)
    plan = plans.default_plan_ensure(organisation=organisation, user=owner)
    leads = User.objects.bulk_create([User(username=f"live-{n:03}") for n in range(SESSIONS)])
    world = []
    for n, lead in enumerate(leads):
        membership_add(organisation=organisation, user=lead, role=Role.INTERVIEWER)
        candidate = plans.candidate_get_or_create(organisation=organisation, name=f"C{n:03}")
        session = sessions.session_schedule(
            plan=plan, candidate=candidate, interviewers=[lead], user=owner, notify=False
        )
        sessions.session_start(session=session, actor=lead)
        client = Client()
        client.force_login(lead)
        world.append(
            {
                "pk": session.pk,
                "token": session.screen_token,
                "cookie": client.cookies["sessionid"].value,
                "csrf": get_random_string(32),  # a CSRF secret, as the cookie carries it
                "questions": session.questions.count(),
            }
        )
    return {"sessions": world}


def start_web(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    return serve([str(ROOT / "bin/prod"), "web"], env, log, "bin/prod web")


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / ticks, sum(fields) / ticks


def cpu_seconds(root: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in descendants(root) | {root}:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


class Phase:
    """One run: the moves, what each screen saw, and when."""

    def __init__(self):
        self.started = time.monotonic()
        self.moves: dict[tuple[int, int], float] = {}  # (session pk, position) -> POST began
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.requests = 0
        self.not_modified = 0
        self.events = 0

    def counted(self, at: float) -> bool:
        return at - self.started >= WARMUP

    def seen(self, pk: int, position: int, at: float) -> None:
        began = self.moves.get((pk, position))
        if began is not None and self.counted(began):
            self.latencies.append(at - began)


async def lead(client: aiohttp.ClientSession, session: dict, phase: Phase, deadline: float):
    # The console page was opened before the bench (build): the browser holds its cookies.
    headers = {
        "Cookie": f"sessionid={session['cookie']}; csrftoken={session['csrf']}",
        "X-CSRFToken": session["csrf"],
    }
    position = 0
    await asyncio.sleep(random.uniform(0, MOVE_EVERY))
    while time.monotonic() + 1 < deadline:
        position = (position + 1) % session["questions"]
        began = time.monotonic()
        phase.moves[(session["pk"], position)] = began
        try:
            async with client.post(
                f"/sessions/{session['pk']}/move/",
                data={"position": str(position)},
                headers=headers,
                allow_redirects=False,
            ) as response:
                await response.read()
                if response.status != 302:
                    phase.errors.append(f"move {response.status}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            phase.errors.append(f"move {exc!r}")
        await asyncio.sleep(began + MOVE_EVERY - time.monotonic())


async def pushed_screen(client, session: dict, phase: Phase, deadline: float) -> None:
    url = f"/screen/{session['token']}/live/"
    await asyncio.sleep(random.uniform(0, 2))  # screens open over a couple of seconds
    try:
        async with client.get(url) as response:
            assert response.status == 200, response.status
            buffer = b""
            async for chunk in response.content.iter_any():
                now = time.monotonic()
                buffer += chunk
                while b"\n\n" in buffer:
                    frame, buffer = buffer.split(b"\n\n", 1)
                    if b"event: stage" in frame and (found := POSITION.search(frame)):
                        phase.events += 1
                        phase.seen(session["pk"], int(found.group(1)), now)
                if now > deadline:
                    break
    except (aiohttp.ClientError, TimeoutError, AssertionError) as exc:
        if time.monotonic() < deadline:
            phase.errors.append(f"stream {exc!r}")


async def polling_screen(client, session: dict, phase: Phase, deadline: float) -> None:
    url = f"/screen/{session['token']}/"
    etag = None
    await asyncio.sleep(random.uniform(0, POLL))
    while time.monotonic() < deadline:
        began = time.monotonic()
        headers = {"HX-Request": "true"} | ({"If-None-Match": etag} if etag else {})
        try:
            async with client.get(url, headers=headers) as response:
                body = await response.read()
                now = time.monotonic()
                phase.requests += 1
                if response.status == 304:
                    phase.not_modified += 1
                elif response.status == 200:
                    etag = response.headers.get("ETag")
                    if found := POSITION.search(body):
                        phase.seen(session["pk"], int(found.group(1)), now)
                else:
                    phase.errors.append(f"poll {response.status}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            phase.errors.append(f"poll {exc!r}")
        await asyncio.sleep(max(0, began + POLL - time.monotonic()))


def client(base_url: str, timeout: aiohttp.ClientTimeout) -> aiohttp.ClientSession:
    """One browser-like pool: a connection per screen, no cookie jar (each request names its
    own cookies), aiohttp because its parser is in C and the client shares the server's cores."""
    return aiohttp.ClientSession(
        base_url=base_url,
        connector=aiohttp.TCPConnector(limit=SCREENS + 50),
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=timeout,
    )


async def run_phase(
    world: dict, screens_url: str, consoles_url: str, push: bool, web: int, other: int
):
    phase = Phase()
    deadline = phase.started + SECONDS
    streams = aiohttp.ClientTimeout(total=None, sock_connect=30, sock_read=None)
    requests = aiohttp.ClientTimeout(total=30)
    sessions = world["sessions"]
    async with (
        client(screens_url, streams if push else requests) as screens,
        client(consoles_url, requests) as consoles,
    ):
        screen = pushed_screen if push else polling_screen
        tasks = [
            screen(screens, sessions[n % len(sessions)], phase, deadline) for n in range(SCREENS)
        ]
        tasks += [lead(consoles, session, phase, deadline) for session in sessions]
        cpu = {}

        def reading():
            own = time.process_time()
            return time.monotonic(), cpu_seconds(web), cpu_seconds(other), own, machine_busy()

        async def meter():
            await asyncio.sleep(WARMUP)
            cpu["start"] = reading()
            await asyncio.sleep(max(0, deadline - time.monotonic() - 0.5))
            cpu["end"] = reading()

        await asyncio.gather(meter(), *tasks)
    (t0, c0, o0, b0, m0), (t1, c1, o1, b1, m1) = cpu["start"], cpu["end"]
    phase.consoles_cpu = (o1 - o0) * 60 / (t1 - t0)
    phase.client_cpu = (b1 - b0) * 60 / (t1 - t0)
    phase.machine = (m1[0] - m0[0]) / (m1[1] - m0[1])
    return phase, (c1 - c0) * 60 / (t1 - t0)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0


def describe(name: str, phase: Phase, per_minute: float) -> None:
    print(f"\n{name}")
    lat = [v * 1000 for v in phase.latencies]
    if lat:
        p50, p95 = percentile(lat, 50), percentile(lat, 95)
        print(f"  delivery latency, move POST -> screen: n={len(lat)}", end="")
        print(f"  p50 {p50:.0f} ms  p95 {p95:.0f} ms  max {max(lat):.0f} ms")
    if phase.requests:
        print(f"  polls {phase.requests}, of which 304 Not Modified {phase.not_modified}")
    print(f"  screens process CPU: {per_minute:.2f} s per minute")
    print(f"  (consoles process, taking the moves: {phase.consoles_cpu:.2f} s per minute;")
    print(f"   this client: {phase.client_cpu:.2f} s per minute; machine busy {phase.machine:.0%})")
    counted = sum(1 for began in phase.moves.values() if phase.counted(began))
    print(f"  moves {len(phase.moves)} ({counted} counted), stage events read {phase.events}")
    print(f"  errors: {len(phase.errors)} {sorted(set(phase.errors))[:5]}")


def main() -> None:
    database = fresh_database(BASE_DATABASE, f"bench_live_{os.getpid()}")
    assert database == DATABASE
    processes = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [str(ROOT / "bin/prod"), "release"],
                cwd=ROOT,
                env=ENV,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            world = build()
            screens, screens_url = start_web(ENV, Path(tmp) / "screens.log")
            processes.append(screens)
            # The moves' side is sized like a deployment (several workers); the screens' side
            # is the one process under test.
            workers = os.environ.get("BENCH_CONSOLE_WORKERS", "2")
            consoles_env = ENV | {"WEB_CONCURRENCY": workers}
            consoles, consoles_url = start_web(consoles_env, Path(tmp) / "consoles.log")
            processes.append(consoles)
            assert urlsplit(screens_url).hostname == urlsplit(consoles_url).hostname == "127.0.0.1"
            print(
                f"{SCREENS} screens on one web process, {len(world['sessions'])} sessions, a move"
                f" per session every {MOVE_EVERY:g} s, {SECONDS:g} s per phase"
                f" ({WARMUP:g} s warm-up not counted)"
            )
            push, push_cpu = asyncio.run(
                run_phase(world, screens_url, consoles_url, True, screens.pid, consoles.pid)
            )
            describe("push (server-sent events)", push, push_cpu)
            poll, poll_cpu = asyncio.run(
                run_phase(world, screens_url, consoles_url, False, screens.pid, consoles.pid)
            )
            describe(f"polling every {POLL:g} s (conditional, 304 when unchanged)", poll, poll_cpu)
            if os.environ.get("BENCH_VERBOSE"):
                for name in ("screens.log", "consoles.log"):
                    lines = (Path(tmp) / name).read_text().splitlines()[-30:]
                    print(f"--- {name}", *lines, sep="\n")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        connections.close_all()
        drop_database(database)
    p95 = percentile([v * 1000 for v in push.latencies], 95)
    print(f"\npush p95 {p95:.0f} ms against the {TARGET_P95_MS} ms target")
    print(f"ratio={push_cpu / poll_cpu:.3f}")


if __name__ == "__main__":
    main()
