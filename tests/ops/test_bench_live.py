"""`bench/live.py` still runs end to end: a few screens, short phases. Figures are the
benchmark's business (bench/README.md); this only proves it measures something real: every
move reached its screen by push, polls were answered 304 while nothing changed, no errors."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from bench.production import ROOT
from tests.conftest import need, spare_redis_url


@pytest.mark.services
def test_the_live_benchmark_pushes_every_move_and_prints_its_ratio():
    need(connection.vendor == "postgresql", "bench/live.py needs PostgreSQL (DATABASE_URL)")
    need(bool(settings.REDIS_URL), "bench/live.py needs Redis (REDIS_URL)")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | {
        "REDIS_URL": spare_redis_url(0),  # past the workers' (the next is make prod's)
        "BENCH_SCREENS": "4",
        "BENCH_SECONDS": "7",
        "BENCH_WARMUP": "1",
        "BENCH_MOVE_EVERY": "2",
        "BENCH_CONSOLE_WORKERS": "1",
    }
    run = subprocess.run(
        [sys.executable, "bench/live.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    assert "4 screens on one web process, 4 sessions" in out
    push, poll = out.split("\npolling every")
    delivered = re.search(r"delivery latency, move POST -> screen: n=(\d+)", push)
    assert delivered and int(delivered.group(1)) >= 8  # 4 sessions, a move every 2 s
    polls = re.search(r"polls (\d+), of which 304 Not Modified (\d+)", poll)
    assert polls and int(polls.group(2)) > 0
    assert out.count("errors: 0 []") == 2
    assert re.search(r"^ratio=\d+\.\d{3}$", out.strip().splitlines()[-1])
