"""Reports survive the failures DESIGN.md names: Redis down at submit, a worker killed while
generating, the same task delivered twice. Real Redis, a real Celery worker, real PostgreSQL.

Workers are started here rather than through conftest's ``celery_worker`` fixture because these
tests need a worker on a private broker, a second worker after a kill, and two pool processes;
they reuse conftest's WorkerHandle.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from interviews.models import InterviewSession, Report
from tests.builders import make_session, rate_all
from tests.conftest import ROOT, WorkerHandle, need

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


# Harness -------------------------------------------------------------------------------------


class Worker(WorkerHandle):
    """conftest's handle, killed by process group: its ``pkill -f "-Q queue"`` reads the pattern
    as an option and kills nothing. The worker is started in a session of its own, so the group
    is exactly the main process and its pool children."""

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER'] or 'postgres'}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _use_broker(url: str) -> None:
    """Point this process's Celery app at a broker, dropping pooled connections to the old one."""
    from kombu import pools

    from config.celery import app

    app.conf.broker_url = url
    pools.reset()  # kombu keys its pools by URL; drop them all so none is reused closed
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def services(redis_url, settings):
    """PostgreSQL, a queue of our own, and tasks sent to the broker rather than run in process."""
    from config.celery import app

    need(connection.vendor == "postgresql", "the worker tests need PostgreSQL (DATABASE_URL)")
    need(Path(REDIS_SERVER).exists(), f"redis-server is not installed at {REDIS_SERVER}")
    queue = f"tests-{uuid.uuid4().hex[:8]}"
    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    workers: list[Worker] = []

    def start_worker(broker: str = redis_url, concurrency: int = 1) -> Worker:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": broker,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "CELERY_WORKER_PROCESS": "1",
            "CELERY_QUEUE": queue,
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                queue,
                "-c",
                str(concurrency),
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
                "-n",
                f"{queue}-{len(workers)}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        worker = Worker(process, queue)
        workers.append(worker)
        _wait_for_worker(worker, len(workers) - 1)
        return worker

    yield type("Services", (), {"queue": queue, "start_worker": staticmethod(start_worker)})
    for worker in workers:
        worker.stop()
    app.conf.task_always_eager = True
    app.conf.task_default_queue = "celery"
    _use_broker(previous)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


def _wait_for_worker(worker: WorkerHandle, n: int, timeout: float = 30) -> None:
    from config.celery import app

    name = f"{worker.queue}-{n}@{os.uname().nodename}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise RuntimeError("the worker exited while starting")
        if app.control.ping(destination=[name], timeout=0.5):
            return
    raise RuntimeError(f"worker {name} did not answer a ping within {timeout} seconds")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own that the test can stop and start again on the same port."""

    def __init__(self, directory: str):
        self.directory = directory
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                self.directory,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis():
    directory = tempfile.mkdtemp(prefix="redis-")
    server = PrivateRedis(directory)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def _pg():
    """A connection of our own to the test database, outside Django's."""
    import psycopg

    db = connection.settings_dict
    conn = psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"] or "postgres",
        password=db.get("PASSWORD") or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    try:
        yield conn
    finally:
        conn.close()


def _lock_waiters() -> int:
    with _pg() as conn:
        conn.autocommit = True
        # Not by query text: pg_stat_activity cuts it at 1 kB, before the FOR UPDATE clause.
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
        return row[0]


def _wait_until(check, timeout: float = 30, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _report(session) -> Report:
    return Report.objects.get(session=session)


def _submitted_without_delivery(team) -> InterviewSession:
    """A submitted session whose task has not been delivered yet (the test delivers it)."""
    session = make_session(team.organisation, [team.owner])
    with mock.patch("interviews.tasks.queue_report"):
        rate_all(session, team.owner)
    assert _report(session).status == Report.Status.PENDING
    return session


def _make_stale(session) -> None:
    past = timezone.now() - timedelta(minutes=10)
    InterviewSession.objects.filter(pk=session.pk).update(submitted_at=past)
    Report.objects.filter(session=session).update(submitted_at=past)


# Tests ---------------------------------------------------------------------------------------


def test_redis_down_at_submit_loses_nothing(team, services, private_redis):
    from interviews.tasks import sweep_missing_reports

    _use_broker(private_redis.url)
    private_redis.stop()

    session = make_session(team.organisation, [team.owner])
    scorecard = rate_all(session, team.owner)  # the broker is down: queueing fails quietly

    session.refresh_from_db()
    scorecard.refresh_from_db()
    assert session.status == InterviewSession.Status.SUBMITTED
    assert scorecard.is_submitted
    assert _report(session).status == Report.Status.PENDING

    private_redis.start()
    _use_broker(private_redis.url)
    services.start_worker(broker=private_redis.url)
    _make_stale(session)
    assert sweep_missing_reports() >= 1

    _wait_until(lambda: _report(session).status == Report.Status.READY, what="the swept report")
    report = _report(session)
    assert report.attempts == 1
    assert report.data["overall"] == 75.0


def test_a_worker_killed_mid_generation_loses_nothing(team, services):
    from interviews.tasks import generate_report, sweep_missing_reports

    session = _submitted_without_delivery(team)
    first = services.start_worker()
    with _pg() as lock:
        lock.execute(
            "SELECT id FROM interviews_report WHERE session_id = %s FOR UPDATE", [session.pk]
        )
        generate_report.delay(session.pk)
        _wait_until(lambda: _lock_waiters() >= 1, what="the worker to block on the row lock")
        first.kill()
        lock.rollback()  # release the row lock only after the worker is dead

    assert _report(session).status == Report.Status.PENDING
    assert _report(session).attempts == 0  # the killed attempt never committed

    services.start_worker()
    _make_stale(session)
    assert sweep_missing_reports() >= 1
    _wait_until(lambda: _report(session).status == Report.Status.READY, what="the report")
    assert Report.objects.filter(session=session).count() == 1
    assert _report(session).attempts == 1


def test_the_same_task_delivered_twice_generates_once(team, services):
    from config.celery import app
    from interviews.tasks import generate_report

    session = _submitted_without_delivery(team)
    worker = services.start_worker(concurrency=2)
    with _pg() as lock:
        lock.execute(
            "SELECT id FROM interviews_report WHERE session_id = %s FOR UPDATE", [session.pk]
        )
        generate_report.delay(session.pk)
        generate_report.delay(session.pk)
        _wait_until(lambda: _lock_waiters() >= 2, what="both deliveries to reach the row lock")
        lock.rollback()

    _wait_until(lambda: _report(session).status == Report.Status.READY, what="the report")
    name = f"{worker.queue}-0@{os.uname().nodename}"

    def idle() -> bool:
        active = app.control.inspect(destination=[name], timeout=1).active() or {}
        return _lock_waiters() == 0 and not any(active.values())

    _wait_until(idle, what="both tasks to finish")
    generate_report.delay(session.pk)  # and a late third delivery, after it is ready
    time.sleep(1)
    _wait_until(idle, what="the late delivery to finish")

    assert Report.objects.filter(session=session).count() == 1
    report = _report(session)
    assert report.status == Report.Status.READY
    assert report.attempts == 1
