"""Reports survive the failures DESIGN.md names: Redis down at submit, a worker killed while
generating, the same task delivered twice. Real Redis, a real Celery worker, real PostgreSQL.

Workers come from conftest's ``celery_services`` fixture: a queue of the test's own, and as many
worker processes as a test starts, each on the broker it names.
"""

import os
import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from interviews.models import InterviewSession, Report
from tests.builders import make_session, rate_all
from tests.conftest import use_broker
from tests.private_redis import running_redis

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_redis():
    with running_redis() as server:
        yield server


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
    with mock.patch("interviews.reports.tasks.queue_report"):
        rate_all(session, team.owner)
    assert _report(session).status == Report.Status.PENDING
    return session


def _make_stale(session) -> None:
    past = timezone.now() - timedelta(minutes=10)
    InterviewSession.objects.filter(pk=session.pk).update(submitted_at=past)
    Report.objects.filter(session=session).update(submitted_at=past)


# Tests ---------------------------------------------------------------------------------------


def test_redis_down_at_submit_loses_nothing(team, celery_services, private_redis):
    from interviews.reports.tasks import sweep_missing_reports

    use_broker(private_redis.url)
    private_redis.stop()

    session = make_session(team.organisation, [team.owner])
    scorecard = rate_all(session, team.owner)  # the broker is down: queueing fails quietly

    session.refresh_from_db()
    scorecard.refresh_from_db()
    assert session.status == InterviewSession.Status.SUBMITTED
    assert scorecard.is_submitted
    assert _report(session).status == Report.Status.PENDING

    private_redis.start()
    use_broker(private_redis.url)
    celery_services.start_worker(broker=private_redis.url)
    _make_stale(session)
    assert sweep_missing_reports() >= 1

    _wait_until(lambda: _report(session).status == Report.Status.READY, what="the swept report")
    report = _report(session)
    assert report.attempts == 1
    assert report.data["overall"] == 75.0


def test_a_worker_killed_mid_generation_loses_nothing(team, celery_services):
    from interviews.reports.tasks import generate_report, sweep_missing_reports

    session = _submitted_without_delivery(team)
    first = celery_services.start_worker()
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

    celery_services.start_worker()
    _make_stale(session)
    assert sweep_missing_reports() >= 1
    _wait_until(lambda: _report(session).status == Report.Status.READY, what="the report")
    assert Report.objects.filter(session=session).count() == 1
    assert _report(session).attempts == 1


def test_the_same_task_delivered_twice_generates_once(team, celery_services):
    from config.celery import app
    from interviews.reports.tasks import generate_report

    session = _submitted_without_delivery(team)
    worker = celery_services.start_worker(concurrency=2)
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
