"""The worker outlives a restart of Redis while it holds a task, and reads its queue again after.

Celery 5.7 (kombu 5.7) exited with "Unrecoverable error: AttributeError(\"'NoneType' object has
no attribute 'hostname'\")" right after "Restoring 1 unacknowledged message(s)" whenever Redis
went away while the worker held a task it had not acknowledged (one waiting for its ETA is
enough) and the worker noticed the loss on a broadcast connection first. bin/prod now starts
the worker listening to its queue only (see CELERY_WORKER_ENABLE_REMOTE_CONTROL in
config/settings.py).

A worker whose every slot runs a task reads nothing from Redis, so it noticed no outage; the
acknowledgements that failed when those tasks ended kept their slots taken, and it never read
its queue again (see LostAcks in config/celery.py).

These run bin/prod's worker command against a redis-server of the test's own.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

import pytest

from interviews.models import Report
from tests.conftest import ROOT, _database_url, use_broker
from tests.private_redis import PrivateRedis, running_redis
from tests.reports.test_reports_reliability import (
    _lock_waiters,
    _pg,
    _report,
    _submitted_without_delivery,
    _wait_until,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

VISIBILITY = 8  # seconds before a task held by a worker that lost Redis is handed out again


def _wait_for_line(log, text: str, process, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        assert process.poll() is None, f"the worker exited:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"no {text!r} in:\n{log.read_text()[-3000:]}"
        time.sleep(0.2)


def _held_for_redelivery(redis: PrivateRedis) -> set[str]:
    """The ids of the tasks Redis holds as delivered but not acknowledged."""
    import redis as redis_py

    held = redis_py.Redis.from_url(redis.url).hvals("unacked")
    return {json.loads(entry)[0]["headers"]["id"] for entry in held}


@contextmanager
def _prod_worker(
    redis: PrivateRedis, queue: str, tmp_path: Path, *, concurrency: int = 1, visibility: int
) -> Iterator[tuple[subprocess.Popen, Path]]:
    """bin/prod's worker on `redis`, ready; its output goes to the returned log."""
    use_broker(redis.url)
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            ["bin/prod", "worker"],
            cwd=ROOT,
            env={
                **os.environ,
                "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
                "DJANGO_SETTINGS_MODULE": "config.settings_test",
                "DEBUG": "true",
                "DATABASE_URL": _database_url(),
                "REDIS_URL": redis.url,
                "SECRET_KEY": "worker-test-key-" + "x" * 40,
                "ALLOWED_HOSTS": "localhost",
                "CELERY_WORKER_PROCESS": "1",
                "CELERY_QUEUE": queue,
                "CELERY_CONCURRENCY": str(concurrency),
                "BROKER_VISIBILITY_TIMEOUT": str(visibility),
                "CELERY_LIVENESS_FILE": str(tmp_path / "alive"),
            },
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for_line(log, "ready.", worker)
        yield worker, log
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=20)


def test_the_worker_survives_a_redis_restart_while_holding_a_task(team, celery_services, tmp_path):
    from interviews.reports.tasks import generate_report

    with mock.patch("outbox.tasks.queue_delivery"):  # only the task under test is queued
        session = _submitted_without_delivery(team)
    with (
        running_redis(persist=True) as redis,
        _prod_worker(redis, celery_services.queue, tmp_path, visibility=VISIBILITY) as (
            worker,
            log,
        ),
    ):
        task = generate_report.apply_async((session.pk,), countdown=VISIBILITY - 3)
        _wait_for_line(log, f"[{task.id}] received", worker)  # held until its ETA

        redis.stop()
        time.sleep(3)
        assert worker.poll() is None, log.read_text()[-3000:]
        redis.start()

        deadline = time.monotonic() + VISIBILITY + 30
        while _report(session).status != Report.Status.READY:
            assert worker.poll() is None, f"the worker exited:\n{log.read_text()[-4000:]}"
            assert time.monotonic() < deadline, log.read_text()[-4000:]
            time.sleep(0.5)
        assert "Unrecoverable error" not in log.read_text()
        assert worker.poll() is None
        assert (tmp_path / "alive").stat().st_mtime > time.time() - 15


@pytest.mark.parametrize("concurrency", [1, 2])
def test_a_worker_busy_through_an_outage_reads_its_queue_again(
    team, celery_services, tmp_path, concurrency
):
    """Every slot runs a report (each held on a row lock) when Redis stops. The first ends while
    Redis is down, so its acknowledgement fails. Redis returns, and the next report is made
    while the others still run, without anyone restarting the worker; those end afterwards,
    acknowledged on the connection they came from."""
    from interviews.reports.tasks import generate_report

    with mock.patch("outbox.tasks.queue_delivery"):  # only the tasks under test
        *busy, later = [_submitted_without_delivery(team) for _ in range(concurrency + 1)]
    with (
        running_redis(persist=True) as redis,
        # Production's visibility timeout: only the worker itself can bring the next task in.
        _prod_worker(
            redis, celery_services.queue, tmp_path, concurrency=concurrency, visibility=600
        ) as (worker, log),
        ExitStack() as stack,
    ):
        locks, tasks = [stack.enter_context(_pg()) for _ in busy], []
        for lock, session in zip(locks, busy, strict=True):
            lock.execute(
                "SELECT id FROM interviews_report WHERE session_id = %s FOR UPDATE", [session.pk]
            )
            tasks.append(generate_report.delay(session.pk).id)
        _wait_until(lambda: _lock_waiters() >= concurrency, what="every slot to be busy")

        redis.stop()
        locks[0].rollback()
        _wait_until(lambda: _report(busy[0]).status == Report.Status.READY, what="the report")
        _wait_for_line(log, "Couldn't ack", worker)
        time.sleep(6)  # an outage that goes on after the failed acknowledgement
        assert worker.poll() is None, log.read_text()[-3000:]
        redis.start()

        use_broker(redis.url)
        generate_report.delay(later.pk)
        deadline = time.monotonic() + 45
        while _report(later).status != Report.Status.READY:
            assert worker.poll() is None, f"the worker exited:\n{log.read_text()[-4000:]}"
            assert time.monotonic() < deadline, f"no report:\n{log.read_text()[-4000:]}"
            time.sleep(0.5)
        for lock in locks[1:]:
            lock.rollback()
        # Acknowledged on their way out; Redis keeps only the task whose acknowledgement failed,
        # to hand it out again after the visibility timeout: nothing is lost.
        _wait_until(lambda: _held_for_redelivery(redis) == {tasks[0]}, what="the acks")
        assert all(_report(session).status == Report.Status.READY for session in busy)
        assert worker.poll() is None, log.read_text()[-3000:]
        assert "Unrecoverable error" not in log.read_text()
