"""Sending one kept mail: once and only once, retried with a growing wait, given up on a
permanent refusal or after the last try. A real SMTP server on a loopback port."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client import REGISTRY

from outbox import services, tasks
from outbox.models import Mail
from tests.mail import committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(smtp, settings):
    settings.MAILERS = smtp.mailers
    smtp.start()
    return smtp


def _queue(to="pat@example.com") -> Mail:
    with committed():
        return services.mail_queue(kind="test", to=to, subject="Hello", body="A line.")


def test_it_is_sent_after_commit_under_its_own_message_id_and_forgotten(server):
    kept = _queue()
    (received,) = server.received
    assert received["To"] == "pat@example.com" and received["Message-ID"] == kept.message_id
    kept.refresh_from_db()
    assert kept.status == Mail.Status.SENT and kept.sent_at is not None
    assert (kept.to, kept.subject, kept.body, kept.attachments) == ([], "", "", [])


def test_a_mail_that_went_out_is_never_sent_again(server):
    kept = _queue()
    assert services.mail_send(mail_id=kept.pk) is None
    tasks.deliver.delay(kept.pk)  # a duplicate delivery of the task
    Mail.objects.filter(pk=kept.pk).update(next_attempt_at=timezone.now())
    tasks.sweep.delay()
    assert len(server.received) == 1


def test_a_mail_another_process_is_sending_is_left_to_it(server):
    with committed():
        kept = services.mail_queue(kind="test", to="pat@example.com", subject="Hi", body="x")
        Mail.objects.filter(pk=kept.pk).update(claimed_until=timezone.now() + timedelta(minutes=5))
    assert server.received == []  # the hand-over after commit found it claimed
    assert services.mails_due(limit=10) == []
    Mail.objects.filter(pk=kept.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1), next_attempt_at=timezone.now()
    )
    assert services.mails_resend_due() == 1 and len(server.received) == 1  # that sender died


def test_the_wait_doubles_up_to_half_an_hour(smtp, settings):
    settings.MAILERS = smtp.mailers  # down
    kept = _queue()
    waits = [30.0]  # the first try, after commit
    for _ in range(8):
        waits.append(services.mail_send(mail_id=kept.pk))
    assert waits == [30, 60, 120, 240, 480, 960, 1800, 1800, 1800]
    kept.refresh_from_db()
    assert kept.attempts == 9 and kept.status == Mail.Status.PENDING
    assert kept.next_attempt_at > timezone.now() + timedelta(minutes=29)


def test_after_the_last_try_it_is_given_up(smtp, settings):
    settings.MAILERS = smtp.mailers
    settings.MAIL_MAX_ATTEMPTS = 2
    kept = _queue()
    assert services.mail_send(mail_id=kept.pk) is None
    kept.refresh_from_db()
    assert kept.status == Mail.Status.FAILED and kept.attempts == 2
    assert services.mails_due(limit=10) == []


def test_a_permanent_refusal_is_given_up_at_once_and_counted(server, caplog):
    labels = {"outcome": "failed"}
    failed = REGISTRY.get_sample_value("interviews_mails_total", labels) or 0
    server.refusing = True
    kept = _queue()
    kept.refresh_from_db()
    assert kept.status == Mail.Status.FAILED and kept.attempts == 1
    assert kept.last_error == "SMTPRecipientsRefused"
    (event,) = [r.msg for r in caplog.records if isinstance(r.msg, dict) and r.msg.get("gave_up")]
    assert event["event"] == "mail_failed" and event["kind"] == "test"
    assert REGISTRY.get_sample_value("interviews_mails_total", labels) == failed + 1


def test_calendar_attachments_survive_the_outbox(server):
    with committed():
        services.mail_queue(
            kind="test",
            to="pat@example.com",
            subject="Event",
            body="See the event.",
            attachments=[("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
    (received,) = server.received
    (part,) = list(received.iter_attachments())
    assert part.get_filename() == "invite.ics" and "BEGIN:VCALENDAR" in part.get_content()


def test_the_beat_sends_waiting_mail_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-waiting-mail"]
    assert entry["task"] == "outbox.tasks.sweep"
    assert entry["schedule"].minute == set(range(60))


def test_erasing_a_candidate_drops_the_waiting_mail_that_names_them(client, team, smtp, settings):
    from tests.data.builders import make_session

    settings.MAILERS = smtp.mailers  # down: the scheduling mails wait
    with committed():
        session = make_session(
            team.organisation, [team.interviewer], candidate_name="Żółć Nowak", email="zn@ex.org"
        )
        make_session(team.organisation, [team.interviewer], candidate_name="Ann Other")
    assert Mail.objects.filter(status=Mail.Status.PENDING).count() == 3  # the panel's, Żółć's
    client.force_login(team.owner)
    client.post(f"/candidates/{session.candidate_id}/erase/")
    (waiting,) = Mail.objects.filter(status=Mail.Status.PENDING)
    assert waiting.subject.startswith("Interview scheduled: Ann Other")
