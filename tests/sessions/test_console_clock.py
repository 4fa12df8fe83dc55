"""The console's clocks run while the session does and stand still once it has ended."""

from datetime import timedelta

import pytest

from interviews.models import InterviewSession
from interviews.sessions import services
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    session = make_session(team.organisation, [team.interviewer])
    services.session_start(session=session, actor=team.interviewer)
    services.session_move(session=session, position=1, actor=team.interviewer)
    return session


def _end(session, user):
    rate_all(session, user, lambda n: 3)
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.SUBMITTED
    # 2 min 27 s in all, the last question shown 1 min 28 s before the end.
    InterviewSession.objects.filter(pk=session.pk).update(
        started_at=session.submitted_at - timedelta(seconds=147),
        question_started_at=session.submitted_at - timedelta(seconds=88),
    )


def test_a_live_session_has_running_clocks(interviewer, session):
    page = interviewer.get(f"/sessions/{session.pk}/console/")
    assert "Candidate is on <strong>Q2</strong>" in page.text
    assert page.text.count('class="timer') == 2
    assert "data-until" not in page.text


def test_a_submitted_session_shows_its_clocks_stopped_at_the_end(interviewer, team, session):
    _end(session, team.interviewer)
    page = interviewer.get(f"/sessions/{session.pk}/console/")
    assert "Ended on <strong>Q2</strong>" in page.text
    assert page.text.count('class="timer stopped') == 2
    assert "01:28</span>" in page.text
    assert "02:27 / 15:00</span>" in page.text
    assert "data-until" in page.text


def test_the_polled_line_stops_the_clocks_too(interviewer, team, session):
    _end(session, team.interviewer)
    fragment = interviewer.get(
        f"/sessions/{session.pk}/console/",
        headers={"HX-Request": "true", "HX-Target": "console-where"},
    )
    assert fragment.status_code == 200
    assert fragment.text.count("data-until") == 2
    assert "01:28</span>" in fragment.text
