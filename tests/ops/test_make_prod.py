"""`make prod` against the real PostgreSQL and Redis: it migrates, collects static files, loads
the bank, serves with the ASGI server, runs a Celery worker and beat, answers a whole interview
over HTTP, and stops every process on Ctrl-C."""

import os
import re
import signal
import subprocess
import time
from urllib.parse import urlsplit

import httpx
import pytest
import redis
from django.conf import settings
from django.db import connection

from bench.production import (
    DEMO_PASSWORD,
    ROOT,
    Visitor,
    drop_database,
    fresh_database,
    interview_over_http,
    production_shape,
)
from tests.conftest import need, spare_redis_url


def _shape_redis_url() -> str:
    """A Redis db of the shape's own, the second past the pytest-xdist workers' (the first is
    the live benchmark's), so the shape's worker consumes a queue nobody else feeds or left
    anything in; PROD_SHAPE_REDIS_URL chooses another."""
    return os.environ.get("PROD_SHAPE_REDIS_URL") or spare_redis_url(1)


@pytest.fixture
def shape_services():
    need(connection.vendor == "postgresql", "make prod needs PostgreSQL (DATABASE_URL)")
    need(bool(settings.REDIS_URL), "make prod needs Redis (REDIS_URL)")
    base = os.environ["DATABASE_URL"]
    name = f"{urlsplit(base).path.lstrip('/')}_shape"
    database = fresh_database(base, name)
    redis_url = _shape_redis_url()
    redis.Redis.from_url(redis_url).flushdb()  # no task or key left by an earlier run
    yield database, redis_url
    drop_database(database)


@pytest.mark.services
def test_it_runs_a_whole_interview_and_stops_on_ctrl_c(tmp_path, shape_services):
    database, redis_url = shape_services
    with production_shape(tmp_path, database=database, redis_url=redis_url) as shape:
        health = httpx.get(f"{shape.url}/healthz").json()
        assert health == {"status": "ok", "database": "ok", "broker": "ok"}
        login = httpx.get(f"{shape.url}/accounts/login/")
        assert login.headers["server"] == "uvicorn"  # the ASGI server, not a dev server
        stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', login.text)
        assert stylesheet, "pages link the hashed, collected stylesheet"
        css = httpx.get(f"{shape.url}{stylesheet.group(1)}")
        assert css.status_code == 200 and "immutable" in css.headers["cache-control"]

        demo = shape.demo()
        visitor = Visitor(shape.url)
        visitor.sign_in("demo-owner", DEMO_PASSWORD, demo["organisation"])
        result = interview_over_http(visitor, plan_id=demo["plan"], interviewer_ids=[demo["owner"]])
        visitor.close()
        assert result["pdf"].startswith(b"%PDF")
        assert result["ratings"] >= 8  # every criterion of every question in the plan
    log = shape.log.read_text()
    assert "Listening at: http://127.0.0.1" in log and "celery@" in log and "beat" in log


def test_it_names_every_missing_variable(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    result = subprocess.run(
        ["bin/prod"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "set DATABASE_URL SECRET_KEY ALLOWED_HOSTS in the environment" in result.stderr


# The supervisor alone, over stand-ins for python, gunicorn and Celery: what it does on a stop.

STAND_INS = {
    "python": "exit 0",  # the release: collectstatic, migrate, load_bank
    "gunicorn": "exec sleep 300",
    "celery": "exec sleep 300",
}


def _supervisor(tmp_path, *, launch: list[str], stand_ins: dict[str, str], grace: int = 15):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (STAND_INS | stand_ins).items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = os.environ | {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "SECRET_KEY": "stand-in",
        "ALLOWED_HOSTS": "localhost",
        "STOP_GRACE_SECONDS": str(grace),
    }
    log = tmp_path / "prod.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*launch, str(ROOT / "bin/prod")],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 30
    while "serving on" not in log.read_text():
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    return process, log


def _stopped_within(process: subprocess.Popen, seconds: float) -> bool:
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the foreground process group
    try:
        process.wait(timeout=seconds)
        return True
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        return False


def test_ctrl_c_stops_it_though_it_was_started_with_sigint_ignored(tmp_path):
    """As a command started in the background of a script is: a shell cannot trap a signal it
    started with ignored, so bin/prod starts again with INT at its default."""
    process, log = _supervisor(tmp_path, launch=["env", "--ignore-signal=INT"], stand_ins={})
    assert _stopped_within(process, 10), log.read_text()
    assert process.returncode == 130
    assert "bin/prod: stopping web, worker and beat" in log.read_text()


def test_a_child_that_ignores_term_is_killed_after_the_grace_period(tmp_path):
    stubborn = "trap '' TERM; while :; do sleep 0.1; done"
    process, log = _supervisor(tmp_path, launch=[], stand_ins={"celery": stubborn}, grace=1)
    assert _stopped_within(process, 10), log.read_text()
    text = log.read_text()
    assert "bin/prod: stopping web, worker and beat" in text
    assert "still running after 1 s: killing what is left" in text
    leftovers = subprocess.run(
        ["pgrep", "-f", str(tmp_path / "bin")], capture_output=True, text=True
    ).stdout
    assert leftovers == ""
