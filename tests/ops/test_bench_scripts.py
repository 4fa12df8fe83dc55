"""The benchmarks `make bench` runs still run end to end, on whichever database the suite has:
tiny sizes and few rounds, so only that each one builds its data through today's code, measures
what it says and ends with its `ratio=` line. The figures are bench/README.md's business."""

import os
import re
import subprocess
import sys

import pytest

from bench.production import ROOT

SMALL_RUNS = {
    "bench/autosave.py": {"BENCH_ROUNDS": "20"},
    "bench/reports.py": {"BENCH_ROUNDS": "1", "BENCH_SESSIONS": "2"},
    "bench/report_list.py": {"BENCH_ROUNDS": "1", "BENCH_LARGE": "1100"},
}
SAYS = {
    "bench/autosave.py": "queries",
    "bench/reports.py": "generation",
    "bench/report_list.py": "1,100 reports",
}


@pytest.mark.parametrize("script", list(SMALL_RUNS))
def test_the_benchmark_runs_and_prints_its_ratio(script):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    run = subprocess.run(
        [sys.executable, script],
        cwd=ROOT,
        env=env | SMALL_RUNS[script],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert SAYS[script] in run.stdout
    assert re.fullmatch(r"ratio=\d+\.\d+", run.stdout.strip().splitlines()[-1])
