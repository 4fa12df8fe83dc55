"""With a real Celery worker: sign-up answers at once while the mail server is down, the worker
retries the confirmation with a growing wait, and it is delivered once, and only once, when the
server is back. Real PostgreSQL, Redis, worker and SMTP server."""

import time

import pytest
from django.urls import reverse

from outbox.models import Mail

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _until(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_retries_until_the_server_is_back_and_delivers_once(
    client, smtp, celery_services, monkeypatch
):
    for name, value in {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "MAIL_RETRY_BACKOFF": "1",  # 1, 2, 4, 8 s rather than 30 s, 1 min...
    }.items():
        monkeypatch.setenv(name, value)
    celery_services.start_worker()

    started = time.monotonic()
    response = client.post(
        reverse("accounts:signup"),
        {"username": "newcomer", "email": "newcomer@example.com", "password": "a-long-pass-9x"},
    )
    assert response.status_code == 302 and time.monotonic() - started < 5
    kept = Mail.objects.get(kind="email_confirmation")

    def attempts() -> int:
        return Mail.objects.get(pk=kept.pk).attempts

    assert _until(lambda: attempts() >= 2), "the worker never retried"
    assert Mail.objects.get(pk=kept.pk).status == Mail.Status.PENDING
    assert smtp.received == []

    smtp.start()
    assert _until(lambda: Mail.objects.get(pk=kept.pk).status == Mail.Status.SENT, timeout=40)
    (sent,) = smtp.wait_for(1)
    assert sent["To"] == "newcomer@example.com" and sent["Message-ID"] == kept.message_id
    assert "/accounts/verify/" in sent.get_content()
    time.sleep(3)  # a retry still on its way must find it sent
    assert len(smtp.received) == 1
