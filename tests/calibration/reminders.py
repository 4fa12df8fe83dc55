"""Sessions held some time ago with scorecards still open, for the reminder tests."""

from datetime import timedelta

from django.utils import timezone

from interviews.models import InterviewSession
from interviews.sessions import services as session_services
from tests.data.builders import make_session


def held_session(team, *, ago=timedelta(hours=2), panel=None, name="Casey Candidate", plan=None):
    """A live session started `ago` (the mini plan is planned at 15 minutes)."""
    panel = panel or [team.owner, team.interviewer]
    session = make_session(team.organisation, panel, plan=plan, candidate_name=name)
    session_services.session_start(session=session, actor=panel[0])
    InterviewSession.objects.filter(pk=session.pk).update(started_at=timezone.now() - ago)
    session.refresh_from_db()
    return session
