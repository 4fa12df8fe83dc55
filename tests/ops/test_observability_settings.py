"""The observability settings, each checked in a fresh process as production would start it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CLEAN = {"SENTRY_DSN": "", "PROMETHEUS_MULTIPROC_DIR": "", "LOG_FORMAT": ""}


def _run(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", **CLEAN, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


SENTRY_STATE = """
import json, sentry_sdk
client = sentry_sdk.get_client()
print(json.dumps({"active": client.is_active(), "integrations": sorted(client.integrations),
                  "pii": client.options["send_default_pii"]}))
"""


def test_sentry_stays_off_without_a_dsn():
    result = _run(SENTRY_STATE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["active"] is False


def test_sentry_reports_django_and_celery_errors_with_a_dsn():
    result = _run(SENTRY_STATE, SENTRY_DSN="https://public@127.0.0.1:9/1")
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    assert state["active"] is True
    assert {"django", "celery"} <= set(state["integrations"])
    assert state["pii"] is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT='xml' must be one of json, console"),
        ({"METRICS_ALLOWED_IPS": "127.0.0.1,not-an-address"}, "METRICS_ALLOWED_IPS"),
        ({"PROMETHEUS_MULTIPROC_DIR": "/no/such/dir"}, "PROMETHEUS_MULTIPROC_DIR='/no/such/dir'"),
        (
            {"SENTRY_DSN": "https://public@127.0.0.1:9/1", "SENTRY_TRACES_SAMPLE_RATE": "some"},
            "SENTRY_TRACES_SAMPLE_RATE",
        ),
    ],
)
def test_malformed_values_fail_loudly(env, message):
    result = _run("", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_logs_one_json_object_a_line():
    code = "import logging; logging.getLogger('interviews.tasks').warning('queue %s down', 'x')"
    result = _run(code, LOG_FORMAT="json")
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["event"] == "queue x down"
    assert line["level"] == "warning"
    assert line["logger"] == "interviews.tasks"
    assert line["timestamp"].endswith("Z")


def test_metrics_add_up_across_processes(tmp_path):
    """gunicorn's workers and the Celery pool each write their own samples; one scrape sums."""
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for count in (2, 3):
        writer = (
            "from observability import metrics\n"
            f"metrics.reminder_sent({count})\n"
            "metrics.request_observed(view='interviews:rate', method='POST', status=200,"
            " seconds=0.2)\n"
            "metrics.report_observed(outcome='ready', seconds=1.5)"
        )
        assert _run(writer, **env).returncode == 0
    reader = _run("from observability.metrics import render; print(render()[0].decode())", **env)
    assert reader.returncode == 0, reader.stderr
    text = reader.stdout
    assert "interviews_reminders_sent_total 5.0" in text
    assert 'interviews_autosaves_total{kind="rate",outcome="saved"} 2.0' in text
    assert 'interviews_report_generations_total{outcome="ready"} 2.0' in text
    assert "interviews_report_generation_seconds_sum 3.0" in text


def test_an_empty_multiprocess_directory_means_one_process(tmp_path):
    code = "from observability import metrics; metrics.reminder_sent(); print(metrics.render()[0])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            **CLEAN,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "interviews_reminders_sent_total 1.0" in result.stdout
    assert list(tmp_path.iterdir()) == []
