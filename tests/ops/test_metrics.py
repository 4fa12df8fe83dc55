import uuid

import pytest
import redis

from observability.metrics import reminder_sent
from tests.data.builders import make_session, rate_all
from tests.ops.conftest import scrape, value

pytestmark = pytest.mark.django_db

LISTED = [
    "http_requests_total",
    "http_request_duration_seconds_bucket",
    "interviews_autosaves_total",
    "interviews_report_generations_total",
    "interviews_report_generation_seconds_bucket",
    "celery_queue_length",
    "interviews_reminders_sent_total",
    "interviews_mails_total",
]


@pytest.fixture
def metrics_settings(settings):
    import ipaddress

    settings.METRICS_ALLOWED_NETWORKS = [
        ipaddress.ip_network("127.0.0.1"),
        ipaddress.ip_network("::1"),
    ]
    settings.METRICS_TOKEN = "s3cret-token"
    return settings


@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "s3cret-token"},
        # A proxy on the same host relays an outsider from loopback: the header gives it away.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
    ],
)
def test_it_hides_from_an_outsider(client, metrics_settings, extra):
    response = client.get("/metrics", **extra)
    assert response.status_code == 404
    assert b"http_requests_total" not in response.content


def test_it_serves_a_token_holder_from_anywhere(client, metrics_settings):
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_it_serves_an_allowed_network(client, settings):
    import ipaddress

    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="10.2.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="::ffff:10.2.3.4").status_code == 200


def test_it_refuses_a_post(client, metrics_settings):
    assert client.post("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_it_serves_every_listed_metric(
    client, team, metrics_settings, django_capture_on_commit_callbacks
):
    session = make_session(team.organisation, [team.interviewer])
    client.force_login(team.interviewer)
    client.post(f"/sessions/{session.pk}/rate/", {}, HTTP_HX_REQUEST="true")
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer)  # submits, and the report is generated in process
    reminder_sent()
    names = {name for name, _ in scrape(client)}
    assert set(LISTED) <= names


def test_it_times_requests_by_view_name(client, team, metrics_settings):
    client.force_login(team.owner)
    before = scrape(client)
    client.get("/")
    client.get("/")
    client.get("/no-such-page")
    after = scrape(client)
    key = {"view": "interviews:dashboard", "method": "GET"}
    assert (
        value(after, "http_requests_total", status="200", **key)
        - value(before, "http_requests_total", status="200", **key)
        == 2
    )
    assert (
        value(after, "http_request_duration_seconds_count", **key)
        - value(before, "http_request_duration_seconds_count", **key)
        == 2
    )
    unmatched = {"view": "unmatched", "method": "GET", "status": "404"}
    assert (
        value(after, "http_requests_total", **unmatched)
        - value(before, "http_requests_total", **unmatched)
        == 1
    )


def test_it_counts_autosaves_by_outcome(client, team, metrics_settings):
    session = make_session(team.organisation, [team.interviewer])
    sq = session.questions.get(position=0)
    criterion = sq.rubric.criteria.order_by("position").first()
    client.force_login(team.interviewer)
    before = scrape(client)
    ok = {"question": sq.pk, "criterion": criterion.pk, "points": 2, "position": 0}
    assert (
        client.post(f"/sessions/{session.pk}/rate/", ok, HTTP_HX_REQUEST="true").status_code == 200
    )
    bad = {**ok, "points": 99}
    assert (
        client.post(f"/sessions/{session.pk}/rate/", bad, HTTP_HX_REQUEST="true").status_code == 422
    )
    note = {"question": sq.pk, "text": "Clear on events."}
    assert (
        client.post(f"/sessions/{session.pk}/note/", note, HTTP_HX_REQUEST="true").status_code
        == 200
    )
    after = scrape(client)

    def delta(**labels):
        name = "interviews_autosaves_total"
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta(kind="rate", outcome="saved") == 1
    assert delta(kind="rate", outcome="rejected") == 1
    assert delta(kind="note", outcome="saved") == 1
    assert delta(kind="flag", outcome="saved") == 0


def test_it_counts_reminders(client, metrics_settings):
    before = value(scrape(client), "interviews_reminders_sent_total")
    reminder_sent()
    reminder_sent(2)
    assert value(scrape(client), "interviews_reminders_sent_total") - before == 3


def test_queue_backlog_is_zero_without_a_broker(client, metrics_settings):
    metrics_settings.REDIS_URL = ""
    samples = scrape(client)
    assert value(samples, "celery_queue_length", queue="celery") == 0
    assert ("celery_broker_up", ()) not in samples


@pytest.mark.services
def test_queue_backlog_reads_redis_at_scrape_time(client, metrics_settings, redis_url):
    queue = f"metrics-{uuid.uuid4().hex[:8]}"
    metrics_settings.CELERY_TASK_DEFAULT_QUEUE = queue
    broker = redis.Redis.from_url(redis_url)
    try:
        broker.rpush(queue, "a", "b", "c")
        broker.rpush(f"{queue}\x06\x163", "high priority")
        samples = scrape(client)
        assert value(samples, "celery_queue_length", queue=queue) == 4
        assert value(samples, "celery_broker_up") == 1
        broker.delete(queue)
        assert value(scrape(client), "celery_queue_length", queue=queue) == 1
    finally:
        broker.delete(queue, f"{queue}\x06\x163")


def test_queue_backlog_reports_an_unreachable_broker(client, metrics_settings):
    metrics_settings.REDIS_URL = "redis://127.0.0.1:1/0"
    samples = scrape(client)
    assert value(samples, "celery_broker_up") == 0
    assert not any(name == "celery_queue_length" for name, _ in samples)


def test_prometheus_reaches_it_by_container_address_over_plain_http(client, metrics_settings):
    metrics_settings.ALLOWED_HOSTS = ["interviews.example.com"]
    metrics_settings.SECURE_SSL_REDIRECT = True
    response = client.get("/metrics", HTTP_HOST="web:8000", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert client.get("/healthz", HTTP_HOST="web:8000").status_code == 400  # the rest still checks
