"""One submit followed by its request id: the web request, the report task's lines, the report.

Transactional tests, so the submit's on_commit hook queues the task inside the request, as it
does in production.
"""

import time

import pytest

from interviews.models import Report
from tests.data.builders import make_session, rate_all
from tests.ops.conftest import parse_lines

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rated_session(team):
    session = make_session(team.organisation, [team.interviewer])
    rate_all(session, team.interviewer, submit=False)
    return session


def _submit(client, team, session, request_id: str):
    client.force_login(team.interviewer)
    response = client.post(
        f"/sessions/{session.pk}/submit/",
        {"recommendation": "yes", "confirm": "on"},
        HTTP_X_REQUEST_ID=request_id,
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == request_id
    return response


def test_it_follows_a_submit_to_its_report_in_process(client, team, rated_session, json_log):
    _submit(client, team, rated_session, "submit-eager-1")

    report = Report.objects.get(session=rated_session)
    assert report.status == Report.Status.READY
    traced = [line for line in json_log.lines() if line.get("request_id") == "submit-eager-1"]
    events = [line["event"] for line in traced]
    assert events[0] == "request_started"
    assert events[-1] == "request_finished"
    finished = next(line for line in traced if line["event"] == "report_generation_finished")
    assert finished["session_id"] == rated_session.pk
    assert finished["outcome"] == "ready"
    assert finished["task"] == "interviews.tasks.generate_report"
    assert events.index("report_generation_started") < events.index("report_generation_finished")


@pytest.mark.services
def test_it_follows_a_submit_through_the_real_worker(
    client, team, rated_session, json_log, celery_services, tmp_path, monkeypatch
):
    worker_log = tmp_path / "worker.log"
    monkeypatch.setenv("LOG_FORMAT", "json")
    celery_services.start_worker(log=worker_log)

    _submit(client, team, rated_session, "submit-worker-1")

    deadline = time.monotonic() + 30
    while Report.objects.get(session=rated_session).status != Report.Status.READY:
        assert time.monotonic() < deadline, "the worker did not generate the report"
        time.sleep(0.2)
    queued = [
        line
        for line in json_log.events("task_queued")
        if line["task"] == "interviews.tasks.generate_report"
    ]
    assert [line["request_id"] for line in queued] == ["submit-worker-1"]

    def worker_lines():
        return [
            line
            for line in parse_lines(worker_log.read_text())
            if line.get("request_id") == "submit-worker-1"
        ]

    while not any(line["event"] == "report_generation_finished" for line in worker_lines()):
        assert time.monotonic() < deadline, worker_log.read_text()[-3000:]
        time.sleep(0.2)
    finished = next(
        line for line in worker_lines() if line["event"] == "report_generation_finished"
    )
    assert finished["task_id"] == queued[0]["task_id"]
    assert finished["session_id"] == rated_session.pk
    assert finished["outcome"] == "ready"
    # Lines without the id in the worker belong to other tasks or to the worker itself.
    others = [line for line in parse_lines(worker_log.read_text()) if "task_id" in line]
    assert all(line.get("request_id") == "submit-worker-1" for line in others)
