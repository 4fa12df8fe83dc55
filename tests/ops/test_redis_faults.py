"""Faults survived without a person: the production shape (`make prod`: web, worker and beat
under bin/prod) on the real PostgreSQL and a redis-server of the test's own, which the test
stops for 5 s and for 60 s while an interviewer starts, rates, takes notes, moves and submits,
and whose worker it kills with SIGKILL. Every write is answered without a 5xx and is in
PostgreSQL, nothing is restarted by hand, and the report arrives: the worker reconnects (its
backoff reaches 30 s at most) and beat's sweep, every REPORT_SWEEP_SECONDS, re-queues what
could not be queued while Redis was down.

One shape serves every case (booting it is most of the cost); each case has its own interview.
At the end the shape is stopped with TERM to its process group, which make also forwards to
bin/prod: every process it ever started, the restarted worker included, must be gone.
"""

import json
import os
import re
import signal
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from django.db import connection

from bench.production import (
    DEMO_PASSWORD,
    Visitor,
    drop_database,
    fresh_database,
    production_shape,
    rating_targets,
)
from tests.conftest import need
from tests.private_redis import running_redis

pytestmark = pytest.mark.services

SWEEP = 8  # REPORT_SWEEP_SECONDS for the shape under test
RECONNECT = 30  # the Celery worker's longest pause between two attempts to reach the broker
PAUSE = 1.5  # between two rounds of an outage: an interviewer's pace (bench/load.py is the load)


@pytest.fixture(scope="module")
def shape(tmp_path_factory):
    need(connection.vendor == "postgresql", "the fault tests need PostgreSQL (DATABASE_URL)")
    base = os.environ["DATABASE_URL"]
    database = fresh_database(base, f"{urlsplit(base).path.lstrip('/')}_faults")
    try:
        with (
            running_redis(persist=True) as redis,
            production_shape(
                tmp_path_factory.mktemp("faults"),
                database=database,
                redis_url=redis.url,
                extra_env={"REPORT_SWEEP_SECONDS": str(SWEEP)},
                stop_signal=signal.SIGTERM,  # as a supervisor stops it (Ctrl-C: test_make_prod)
            ) as shape,
        ):
            shape.redis = redis
            shape.ids = shape.demo()
            visitor = Visitor(shape.url, timeout=10)
            visitor.sign_in("demo-owner", DEMO_PASSWORD, shape.ids["organisation"])
            shape.visitor = visitor
            yield shape
            visitor.close()
    finally:
        drop_database(database)


class Interview:
    """One interview driven over HTTP, remembering every write the server acknowledged."""

    def __init__(self, shape):
        self.shape, self.visitor = shape, shape.visitor
        response = self.visitor.post(
            "/sessions/new/",
            {
                "plan": shape.ids["plan"],
                "candidate_name": "Robin Fault",
                "interviewers": [shape.ids["owner"]],
                "mode": "hiring",
            },
        )
        assert response.status_code == 302, response.text[:1000]
        self.pk = int(re.search(r"/sessions/(\d+)/", response.headers["location"]).group(1))
        detail = self.visitor.get(f"/sessions/{self.pk}/")
        self.screen = re.search(r"/screen/[^/\"]+/", detail.text).group(0)
        self.ratings: dict[tuple[int, int], int] = {}
        self.notes: dict[int, str] = {}
        self.position = 0
        self.writes = 0

    def post(self, path: str, data: dict, expect: int, htmx: bool = False) -> None:
        response = self.visitor.post(f"/sessions/{self.pk}/{path}/", data, htmx=htmx)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        assert response.status_code == expect, f"{path}: {response.text[:500]}"
        self.writes += 1

    def start(self) -> None:
        self.post("start", {}, 302)
        console = self.visitor.get(f"/sessions/{self.pk}/console/")
        assert console.status_code == 200
        self.positions = sorted(
            {int(p) for p in re.findall(r'name="position" value="(\d+)"', console.text)}
        )
        self.targets = {}
        for position in self.positions:
            page = self.visitor.get(f"/sessions/{self.pk}/console/", params={"q": position})
            assert page.status_code == 200
            self.targets[position] = rating_targets(page.text)

    def move(self, position: int) -> None:
        self.post("move", {"position": position}, 302)
        self.position = position
        screen = self.visitor.get(self.screen, htmx=True)  # the candidate's poll
        assert screen.status_code == 200 and f'data-position="{position}"' in screen.text

    def rate(self, question: int, criterion: int, points: int) -> None:
        data = {"question": question, "criterion": criterion, "points": points}
        self.post("rate", data, 200, htmx=True)
        self.ratings[(question, criterion)] = points

    def note(self, question: int, text: str) -> None:
        self.post("note", {"question": question, "text": text}, 200, htmx=True)
        self.notes[question] = text

    def round(self, points: int) -> None:
        """Next through every question: rate each criterion and write a note."""
        for position in self.positions:
            self.move(position)
            for question, criterion in self.targets[position]:
                self.rate(question, criterion, points)
            question = self.targets[position][0][0]
            self.note(question, f"round {points}, question {position + 1}")
        self.move(self.positions[0])  # and Previous all the way back

    def submit(self) -> None:
        self.post("submit", {"recommendation": "yes", "confirm": "on"}, 302)

    def report_ready(self, timeout: float) -> float:
        """Seconds until the report status says ready (htmx's 286 stops the polling)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            status = self.visitor.get(f"/reports/{self.pk}/status/", htmx=True)
            assert status.status_code < 500
            if status.status_code == 286:
                assert "The report is ready." in status.text, status.text
                return time.monotonic() - started
            time.sleep(0.5)
        raise AssertionError(f"no report within {timeout:.0f} s:\n{self.shape.tail(80)}")

    def stored(self) -> dict:
        """What PostgreSQL holds for this interview, read by the operator's shell."""
        code = (
            "import json; from interviews.models import InterviewSession as S; "
            f"s = S.objects.get(pk={self.pk}); c = s.scorecards.get(); "
            "print(json.dumps({'position': s.current_position, 'status': s.status, "
            "'submitted': c.submitted_at is not None, "
            "'ratings': [[r.session_question_id, r.criterion_id, r.points] "
            "for r in c.ratings.all()], "
            "'notes': [[n.session_question_id, n.text] for n in c.notes.all()]}))"
        )
        return json.loads(self.shape.manage("shell", "-c", code).strip().splitlines()[-1])

    def assert_nothing_lost(self) -> None:
        stored = self.stored()
        assert stored["submitted"] and stored["status"] == "submitted"
        assert stored["position"] == self.position
        assert {(q, c): p for q, c, p in stored["ratings"]} == self.ratings
        assert {q: t for q, t in stored["notes"] if t} == self.notes


def process_of(shape, name: str) -> int:
    """The pid of bin/prod's `name` child (web: gunicorn, worker and beat: celery). The
    supervisor is `bin/prod`, or `bin/prod all` once it has restarted itself with its signals
    at their defaults."""
    supervisor = next(
        pid
        for pid in _children(shape.process.pid, recursive=True)
        if re.search(r"bin/prod( all)?$", _cmdline(pid))
    )
    for pid in _children(supervisor):
        cmdline = _cmdline(pid)
        if ("gunicorn" if name == "web" else f"config {name}") in cmdline:
            return pid
    raise AssertionError(f"no {name} process under bin/prod:\n{shape.tail()}")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def _children(pid: int, recursive: bool = False) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            child = int(stat.parent.name)
            found.append(child)
            if recursive:
                found += _children(child, recursive=True)
    return found


def assert_alive_and_unrestarted(shape) -> None:
    health = httpx.get(f"{shape.url}/healthz", timeout=5)
    assert health.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    for name in ("web", "worker", "beat"):
        process_of(shape, name)
    assert "exited" not in shape.log.read_text(), shape.tail(80)


@pytest.mark.parametrize("outage", [5, 60])
def test_an_interview_goes_on_while_redis_is_down(shape, outage):
    interview = Interview(shape)
    shape.redis.stop()
    down = time.monotonic()
    interview.start()
    points = 1
    interview.round(points)
    while time.monotonic() - down < outage - 3:  # rate, note and move for the whole outage
        time.sleep(PAUSE)
        points = points % 3 + 1
        interview.round(points)
    interview.submit()
    time.sleep(max(0.0, outage - (time.monotonic() - down)))
    shape.redis.start()

    waited = interview.report_ready(timeout=RECONNECT + 2 * SWEEP + 15)
    print(f"{outage} s outage: {interview.writes} writes, report ready {waited:.0f} s after")
    interview.assert_nothing_lost()
    assert_alive_and_unrestarted(shape)


def test_a_killed_worker_is_restarted_and_the_report_arrives(shape):
    interview = Interview(shape)
    interview.start()
    interview.round(2)
    worker = process_of(shape, "worker")
    os.kill(worker, signal.SIGKILL)
    interview.submit()  # queued while no worker runs

    interview.report_ready(timeout=30)
    interview.assert_nothing_lost()
    log = shape.log.read_text()
    assert "bin/prod: worker exited (status 137)" in log and "bin/prod: worker restarted" in log
    assert process_of(shape, "worker") != worker
    assert httpx.get(f"{shape.url}/healthz", timeout=5).status_code == 200
