"""Celery's side: the request id rides in each task's headers, and report tasks are measured.

Imported by config/celery.py, so the web process (which publishes) and the worker (which runs)
both connect these receivers before either sends a task or sets up logging.
"""

import logging.config
import time

import sentry_sdk
import structlog
from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun

from observability import metrics
from observability.logs import bound

log = structlog.get_logger("observability.tasks")

HEADER = "x_request_id"


@setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """The worker logs through settings.LOGGING (JSON in production) instead of Celery's format."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@before_task_publish.connect
def carry_request_id(sender=None, headers=None, **kwargs) -> None:
    request_id = bound("request_id")
    if headers is not None and request_id:
        headers[HEADER] = request_id
    log.info("task_queued", task=sender, task_id=(headers or {}).get("id"))


@task_prerun.connect
def bind_task_context(task_id=None, task=None, args=(), kwargs=None, **extra) -> None:
    context = {"task": task.name, "task_id": task_id}
    if task.name == metrics.REPORT_TASK:
        context["session_id"] = (kwargs or {}).get("session_id", args[0] if args else None)
    if task.request.is_eager:
        # Run inside the request that queued it: keep the request's context, add the task's.
        task.request.observability_tokens = structlog.contextvars.bind_contextvars(**context)
    else:
        structlog.contextvars.clear_contextvars()
        request_id = getattr(task.request, HEADER, None)
        if request_id:
            context["request_id"] = request_id
            sentry_sdk.set_tag("request_id", request_id)
        structlog.contextvars.bind_contextvars(**context)
    task.request.observability_started = time.perf_counter()
    if task.name == metrics.REPORT_TASK:
        log.info("report_generation_started")


@task_postrun.connect
def measure_task(task_id=None, task=None, retval=None, state=None, **extra) -> None:
    try:
        if task.name == metrics.REPORT_TASK:
            seconds = time.perf_counter() - getattr(
                task.request, "observability_started", time.perf_counter()
            )
            outcome = _report_outcome(state, retval)
            metrics.report_observed(outcome=outcome, seconds=seconds)
            log_at = log.warning if outcome in ("failed", "retry") else log.info
            log_at("report_generation_finished", outcome=outcome, duration_ms=round(seconds * 1000))
    finally:
        tokens = getattr(task.request, "observability_tokens", None)
        if tokens is not None:
            structlog.contextvars.reset_contextvars(**tokens)
        elif not task.request.is_eager:
            structlog.contextvars.clear_contextvars()


def _report_outcome(state: str | None, retval) -> str:
    if state == "RETRY":
        return "retry"
    if state != "SUCCESS":
        return "failed"
    # The task says what came of it: "ready", "failed" (an unexpected error) or "skipped".
    return retval if retval in ("ready", "failed") else "skipped"
