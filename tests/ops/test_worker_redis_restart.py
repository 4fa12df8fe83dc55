"""The worker outlives a restart of Redis while it holds a task.

Celery 5.7 (kombu 5.7) exited with "Unrecoverable error: AttributeError(\"'NoneType' object has
no attribute 'hostname'\")" right after "Restoring 1 unacknowledged message(s)" whenever Redis
went away while the worker held a task it had not acknowledged (one waiting for its ETA is
enough) and the worker noticed the loss on a broadcast connection first. bin/prod now starts
the worker listening to its queue only (see CELERY_WORKER_ENABLE_REMOTE_CONTROL in
config/settings.py). This runs that very command against a redis-server of the test's own.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest

from interviews.models import Report
from tests.conftest import ROOT, _database_url, use_broker
from tests.private_redis import running_redis
from tests.reports.test_reports_reliability import _report, _submitted_without_delivery

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

VISIBILITY = 8  # seconds before a task held by a worker that lost Redis is handed out again


def _wait_for_line(log, text: str, process, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        assert process.poll() is None, f"the worker exited:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"no {text!r} in:\n{log.read_text()[-3000:]}"
        time.sleep(0.2)


def test_the_worker_survives_a_redis_restart_while_holding_a_task(team, celery_services, tmp_path):
    from interviews.tasks import generate_report

    with mock.patch("interviews.tasks.queue_invitations"):  # only the task under test is queued
        session = _submitted_without_delivery(team)
    with running_redis(persist=True) as redis:
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
                    "CELERY_QUEUE": celery_services.queue,
                    "CELERY_CONCURRENCY": "1",
                    "BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY),
                    "CELERY_LIVENESS_FILE": str(tmp_path / "alive"),
                },
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_for_line(log, "ready.", worker)
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
        finally:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=20)
