"""Cancel, reschedule, rename and delete a session from its page."""

import datetime as dt

import pytest
from django.utils import timezone

from interviews.models import AuditEvent, InterviewSession
from interviews.sessions import services
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.interviewer])


def test_cancelling_needs_a_reason_and_the_screen_says_so(client, team, session):
    client.force_login(team.interviewer)
    response = client.post(f"/sessions/{session.pk}/cancel/", {"reason": ""})
    assert "Give a reason for cancelling." in response.text
    client.post(f"/sessions/{session.pk}/cancel/", {"reason": "Candidate withdrew"})
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.CANCELLED
    screen = client.get(f"/screen/{session.screen_token}/").text
    assert "This interview was cancelled." in screen and "Candidate withdrew" in screen
    assert AuditEvent.objects.filter(action="session_cancelled").exists()


def test_a_cancelled_session_takes_no_ratings(team, session):
    services.session_cancel(session=session, reason="No show", actor=team.interviewer)
    with pytest.raises(services.ScorecardLocked):
        rate_all(session, team.interviewer, submit=False)


def test_rescheduling_and_renaming_are_on_record(client, team, session):
    client.force_login(team.interviewer)
    when = (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    response = client.post(
        f"/sessions/{session.pk}/edit/",
        {
            "scheduled_at": when.strftime("%Y-%m-%dT%H:%M"),
            "meeting_link": "https://meet.example.com/abc",
            "candidate_name": "Casey Candidate-Smith",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.meeting_link == "https://meet.example.com/abc"
    assert session.candidate.name == "Casey Candidate-Smith"
    event = AuditEvent.objects.get(action="session_updated")
    assert event.detail["candidate_name"] == ["Casey Candidate", "Casey Candidate-Smith"]


def test_a_started_session_cannot_be_rescheduled_but_can_be_renamed(client, team, session):
    services.session_start(session=session, actor=team.interviewer)
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/edit/").text
    assert 'name="scheduled_at"' in page and "disabled" in page
    client.post(f"/sessions/{session.pk}/edit/", {"candidate_name": "Casey C."})
    session.refresh_from_db()
    assert session.candidate.name == "Casey C."


def test_only_a_session_nobody_rated_can_be_deleted(client, team, session):
    rated = make_session(team.organisation, [team.interviewer], candidate_name="Rated")
    rate_all(rated, team.interviewer, submit=False)
    client.force_login(team.interviewer)
    response = client.post(f"/sessions/{rated.pk}/delete/", follow=True)
    assert "cancel it instead" in response.text
    assert InterviewSession.objects.filter(pk=rated.pk).exists()
    client.post(f"/sessions/{session.pk}/delete/")
    assert not InterviewSession.objects.filter(pk=session.pk).exists()
    assert AuditEvent.objects.filter(action="session_deleted", session=None).exists()


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_get_404_and_nothing_changes(client, team, session, who):
    client.force_login(getattr(team, who))
    for url in ("cancel", "edit", "delete"):
        assert client.post(f"/sessions/{session.pk}/{url}/", {"reason": "x"}).status_code == 404
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.SCHEDULED
