"""Mail never breaks a page: with the mail server down, on the embedded default (tasks run in
process, no worker), every page still answers, the failure is logged as a mail failure, and the
mail goes out once the server is back, sent by the next request. A real SMTP server (aiosmtpd)
on a loopback port, down and then up."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from prometheus_client import REGISTRY

from interviews.models import Report
from outbox import services
from outbox.models import Mail
from tests.data.builders import make_session, rate_all
from tests.mail import committed

pytestmark = pytest.mark.django_db

SIGNUP = {"username": "newcomer", "email": "newcomer@example.com", "password": "a-long-pass-9x"}


@pytest.fixture
def server_down(smtp, settings):
    """Mail goes to the SMTP server, which is down; a failed mail is due again half a second
    later, and every request to finish sends what is due (not once a minute)."""
    settings.MAILERS = smtp.mailers
    settings.MAIL_RETRY_BACKOFF = 0.5
    settings.MAIL_RESEND_ON_REQUEST = True
    settings.MAIL_RESEND_INTERVAL = 0
    return smtp


def _events(caplog, name: str) -> list[dict]:
    return [r.msg for r in caplog.records if isinstance(r.msg, dict) and r.msg["event"] == name]


def _count(outcome: str) -> float:
    return REGISTRY.get_sample_value("interviews_mails_total", {"outcome": outcome})


def test_sign_up_succeeds_and_the_confirmation_follows_once_the_server_is_back(
    client, server_down, caplog
):
    retries = _count("retry")
    with committed():
        response = client.post(reverse("accounts:signup"), SIGNUP, follow=True)
    assert response.status_code == 200
    assert response.context["user"].username == "newcomer"  # signed in
    assert "A link to confirm your email is on its way to newcomer@example.com" in response.text
    kept = Mail.objects.get(kind="email_confirmation")
    assert kept.status == Mail.Status.PENDING and kept.attempts == 1
    assert kept.last_error == "ConnectionRefusedError"
    (failure,) = _events(caplog, "mail_failed")
    assert failure["kind"] == "email_confirmation" and failure["mail_id"] == kept.pk
    assert "newcomer@example.com" not in str(failure)  # logs carry no addresses
    assert _count("retry") == retries + 1

    server_down.start()
    time.sleep(0.6)  # its wait is over
    assert client.get(reverse("interviews:dashboard")).status_code == 200
    (sent,) = server_down.to("newcomer@example.com")
    assert sent["Message-ID"] == kept.message_id
    assert re.search(r"/accounts/verify/\S+/", sent.get_content())
    kept.refresh_from_db()
    assert kept.status == Mail.Status.SENT and kept.attempts == 2
    assert kept.to == [] and kept.body == "" and kept.subject == ""  # nothing personal kept

    client.get(reverse("interviews:dashboard"))
    assert len(server_down.received) == 1  # sent once, never again


def test_a_password_reset_is_kept_and_sent_when_the_server_is_back(
    client, server_down, user_factory
):
    user_factory(email="reset@example.com")
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": "reset@example.com"})
    assert response.status_code == 302
    assert Mail.objects.get(kind="password_reset").status == Mail.Status.PENDING
    server_down.start()
    time.sleep(0.6)
    client.get(reverse("accounts:login"))
    (sent,) = server_down.to("reset@example.com")
    assert "/accounts/password/reset/" in sent.get_content()


def test_a_report_ready_mail_that_fails_is_a_mail_failure_never_a_failed_report(
    team, server_down, caplog
):
    failed_reports = REGISTRY.get_sample_value(
        "interviews_report_generations_total", {"outcome": "failed"}
    )
    session = make_session(team.organisation, [team.interviewer], email="peer@example.com")
    with committed():
        rate_all(session, team.interviewer)
    report = Report.objects.get(session=session)
    assert report.status == Report.Status.READY and report.error == ""
    kept = Mail.objects.get(kind="report_ready")
    assert kept.status == Mail.Status.PENDING and kept.to == ["peer@example.com"]
    assert [e["kind"] for e in _events(caplog, "mail_failed")] == ["report_ready"]
    assert not [r for r in caplog.records if "report" in r.getMessage() and "failed" in r.name]
    after = REGISTRY.get_sample_value("interviews_report_generations_total", {"outcome": "failed"})
    assert after == failed_reports

    server_down.start()
    time.sleep(0.6)
    assert services.mails_resend_due() == 1
    (sent,) = server_down.to("peer@example.com")
    assert f"/reports/{session.pk}/" in sent.get_content()


def test_while_the_server_stays_down_the_next_request_tries_once_and_stops(
    client, server_down, user_factory
):
    for n in range(3):
        user_factory(email=f"r{n}@example.com")
    with committed():
        for n in range(3):
            client.post(reverse("accounts:password_reset"), {"email": f"r{n}@example.com"})
    assert Mail.objects.filter(attempts=1).count() == 3
    time.sleep(0.6)
    assert client.get(reverse("accounts:login")).status_code == 200
    # One try found the server still down; the others wait for the next round.
    assert sorted(Mail.objects.values_list("attempts", flat=True)) == [1, 1, 2]


def test_a_change_rolled_back_sends_nothing(team, server_down):
    from django.db import transaction

    server_down.start()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        services.mail_queue(kind="test", to="x@example.com", subject="Hi", body="Hello")
        raise RuntimeError("the change failed")
    assert not Mail.objects.exists() and server_down.received == [] and mail.outbox == []
