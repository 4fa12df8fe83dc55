from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone
from prometheus_client import REGISTRY

from interviews.calibration.services import reminder_policy_save, reminders_sweep
from interviews.models import InterviewSession, ScorecardReminder
from outbox.models import Mail
from outbox.services import mails_resend_due
from tests.builders import make_session, rate_all
from tests.calibration.reminders import held_session
from tests.mail import closed_port, committed, smtp_mailer

pytestmark = pytest.mark.django_db


def test_it_mails_each_open_scorecard_an_hour_after_the_session_with_the_console_link(team):
    session = held_session(team)
    with committed():
        assert reminders_sweep() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [team.owner.email, team.interviewer.email]
    )
    assert f"http://127.0.0.1:8000/sessions/{session.pk}/console/" in mail.outbox[0].body
    assert set(ScorecardReminder.objects.values_list("sequence", flat=True)) == {1}


def test_the_reminder_metric_counts_each_reminder_mailed_once(team):
    def sent():
        return REGISTRY.get_sample_value("interviews_reminders_sent_total") or 0

    held_session(team)
    before = sent()
    with committed():
        assert reminders_sweep() == 2
        assert reminders_sweep() == 0  # nothing due twice: nothing counted twice
    assert sent() - before == 2


def test_it_waits_for_the_hour_after_the_planned_end(team):
    held_session(team, ago=timedelta(minutes=70))  # 15 minutes planned: due at 75
    assert reminders_sweep() == 0
    assert reminders_sweep(now=timezone.now() + timedelta(minutes=6)) == 2


def test_it_never_chases_a_session_not_yet_held(team):
    make_session(team.organisation, [team.owner, team.interviewer])
    InterviewSession.objects.update(scheduled_at=timezone.now() - timedelta(days=3))
    assert reminders_sweep() == 0 and mail.outbox == []


def test_it_sends_nothing_twice_and_the_next_on_the_next_business_day(team):
    held_session(team, panel=[team.owner])
    with committed():
        assert reminders_sweep() == 1
        assert reminders_sweep() == 0  # a second beat, a retry or a restart
        later = timezone.now() + timedelta(days=4)  # at least one business day in any four
        assert reminders_sweep(now=later) == 1
    first, second = ScorecardReminder.objects.values_list("sequence", flat=True)
    assert first == 1 and second > 1
    assert len(mail.outbox) == 2


def test_it_stops_after_the_daily_limit(team):
    reminder_policy_save(
        organisation=team.organisation, enabled=True, business_days=[0, 1, 2, 3, 4], daily_limit=2
    )
    held_session(team, panel=[team.owner])
    now = timezone.now()
    sent = sum(reminders_sweep(now=now + timedelta(days=day)) for day in range(30))
    assert sent == 3
    assert list(ScorecardReminder.objects.values_list("sequence", flat=True)) == [1, 2, 3]


def test_it_stops_once_submitted(team):
    session = held_session(team, panel=[team.owner, team.interviewer])
    rate_all(session, team.owner)
    with committed():
        assert reminders_sweep() == 1
    assert mail.outbox[0].to == [team.interviewer.email]


def test_it_stops_once_the_session_is_closed(team):
    session = held_session(team)
    assert reminders_sweep() == 2
    rate_all(session, team.owner)
    from interviews.sessions import services as session_services

    session_services.panel_close(session=session, actor=team.owner)
    assert reminders_sweep(now=timezone.now() + timedelta(days=4)) == 0


def test_an_organisation_can_turn_them_off(team):
    reminder_policy_save(
        organisation=team.organisation, enabled=False, business_days=[0], daily_limit=10
    )
    held_session(team)
    assert reminders_sweep() == 0


def test_one_reminder_is_recorded_once(team):
    session = held_session(team, panel=[team.owner])
    card = session.scorecards.get()
    ScorecardReminder.objects.create(scorecard=card, sequence=1, sent_at=timezone.now())
    with pytest.raises(IntegrityError):
        ScorecardReminder.objects.create(scorecard=card, sequence=1, sent_at=timezone.now())


def test_a_mail_server_down_loses_no_reminder_and_sends_none_twice(team, settings):
    held_session(team, panel=[team.owner])
    settings.MAILERS = smtp_mailer(closed_port())
    with committed():
        assert reminders_sweep() == 1
    kept = Mail.objects.get(kind="scorecard_reminder")
    assert kept.status == Mail.Status.PENDING and kept.attempts == 1 and mail.outbox == []
    assert reminders_sweep() == 0  # claimed with its mail: the outbox retries, not the sweep
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    Mail.objects.filter(pk=kept.pk).update(next_attempt_at=timezone.now())  # its wait is over
    assert mails_resend_due() == 1
    assert [m.to for m in mail.outbox] == [[team.owner.email]]


def test_the_beat_runs_the_sweep(settings):
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "interviews.tasks.send_scorecard_reminders"
    )
    assert entry["schedule"]
