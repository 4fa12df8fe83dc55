"""Prometheus metrics: what the alerts in README.md are written against.

With PROMETHEUS_MULTIPROC_DIR set (gunicorn with several workers, the Celery worker's pool),
every process writes its samples to files there and a scrape adds them up; without it the
numbers are those of the one process that answers the scrape.
"""

import hmac
import ipaddress
import os

import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

# Checked here, not in settings: Celery's app module imports this before settings load.
_multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
if _multiproc_dir and not os.path.isdir(_multiproc_dir):
    raise ImproperlyConfigured(
        f"PROMETHEUS_MULTIPROC_DIR={_multiproc_dir!r} is not a directory; create it first."
    )

REQUESTS = Counter(
    "http_requests",
    "Requests answered, by view (URL name), method and status code.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by view (URL name) and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
AUTOSAVES = Counter(
    "interviews_autosaves",
    "Console autosaves (ratings, red flags, notes) by kind and outcome: saved, rejected, error.",
    ["kind", "outcome"],
)
REPORTS = Counter(
    "interviews_report_generations",
    "Report generation attempts by outcome: ready, failed, retry, skipped.",
    ["outcome"],
)
REPORT_SECONDS = Histogram(
    "interviews_report_generation_seconds",
    "Time one report generation attempt took, whatever its outcome.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
REMINDERS = Counter("interviews_reminders_sent", "Reminders sent to interviewers.")
MAILS = Counter(
    "interviews_mails",
    "Tries to send a mail by outcome: sent, retry (the server could not take it now), failed"
    " (given up). The logs name the kind of each.",
    ["outcome"],
)

AUTOSAVE_VIEWS = {"interviews:rate": "rate", "interviews:flag": "flag", "interviews:note": "note"}
REPORT_TASK = "interviews.tasks.generate_report"
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# Every series exists from the start, at zero, so a rate() over it works before the first event.
for _kind in AUTOSAVE_VIEWS.values():
    for _outcome in ("saved", "rejected", "error"):
        AUTOSAVES.labels(kind=_kind, outcome=_outcome)
for _outcome in ("ready", "failed", "retry", "skipped"):
    REPORTS.labels(outcome=_outcome)
for _outcome in ("sent", "retry", "failed"):
    MAILS.labels(outcome=_outcome)


def reminder_sent(count: int = 1) -> None:
    """Call once per reminder actually handed to the mailer."""
    REMINDERS.inc(count)


def mail_counted(*, outcome: str) -> None:
    MAILS.labels(outcome=outcome).inc()


def request_observed(*, view: str, method: str, status: int, seconds: float) -> None:
    method = method if method in _METHODS else "other"
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view, method=method).observe(seconds)
    kind = AUTOSAVE_VIEWS.get(view)
    if kind and method == "POST":
        outcome = "saved" if status < 400 else "rejected" if status < 500 else "error"
        AUTOSAVES.labels(kind=kind, outcome=outcome).inc()


def report_observed(*, outcome: str, seconds: float) -> None:
    REPORTS.labels(outcome=outcome).inc()
    REPORT_SECONDS.observe(seconds)


class QueueBacklog:
    """Messages waiting in the Celery queue, read from Redis when Prometheus asks."""

    def collect(self):
        queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", None) or "celery"
        length = GaugeMetricFamily(
            "celery_queue_length", "Tasks waiting in the Celery queue.", labels=["queue"]
        )
        up = GaugeMetricFamily("celery_broker_up", "1 when the scrape could read the queue.")
        if not settings.REDIS_URL:
            length.add_metric([queue], 0)  # no broker: tasks run in process, nothing waits
            yield length
            return
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1
            )
            # kombu keeps one list per priority step: the queue's name, then name + sep + step.
            names = [queue, *(f"{queue}\x06\x16{step}" for step in range(1, 10))]
            with client.pipeline(transaction=False) as pipe:
                for name in names:
                    pipe.llen(name)
                waiting = sum(pipe.execute())
        except redis.RedisError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        length.add_metric([queue], waiting)
        yield length
        yield up


_scrape_time = CollectorRegistry()
_scrape_time.register(QueueBacklog())


def render() -> tuple[bytes, str]:
    """The text exposition of every metric, summed over processes in multiprocess mode."""
    if _multiproc_dir:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(_scrape_time), CONTENT_TYPE_LATEST


def may_scrape(request: HttpRequest) -> bool:
    """The bearer token, or an allowed address that did not come through a proxy.

    A request relayed by a proxy on the same host arrives from loopback: it is trusted by its
    address only when no forwarding header says it came from further away.
    """
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "X-Forwarded-For" in request.headers or "X-Real-IP" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)
