"""A finished session's page says what comes next instead of inviting the candidate again."""

import pytest

from interviews.models import InterviewSession
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db

HIRING = InterviewSession.Mode.HIRING


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.interviewer], mode=HIRING)


def test_an_open_session_invites_the_candidate(client, team, session):
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/")
    assert "Send this link to Casey Candidate" in page.text
    assert "What comes next" not in page.text


def test_a_finished_session_links_the_report_and_the_debrief(
    client, team, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer)
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/")
    assert "Send this link" not in page.text
    assert "Candidate screen link" not in page.text
    assert "What comes next" in page.text
    assert f'href="/reports/{session.pk}/"' in page.text
    assert f'href="/plans/{session.plan_id}/debrief/"' in page.text
    assert "/decision/" not in page.text  # an interviewer records no decision

    client.force_login(team.owner)
    page = client.get(f"/sessions/{session.pk}/")
    assert f'href="/reports/{session.pk}/decision/"' in page.text
    assert client.get(f"/reports/{session.pk}/decision/").status_code == 200


def test_a_finished_practice_names_no_debrief_nor_decision(client, team):
    session = make_session(team.organisation, [team.owner])
    rate_all(session, team.owner)
    client.force_login(team.owner)
    page = client.get(f"/sessions/{session.pk}/")
    assert "For a guest without an account" not in page.text
    assert f'href="/reports/{session.pk}/"' in page.text
    assert "/debrief/" not in page.text and "/decision/" not in page.text


def test_a_cancelled_session_invites_nobody(client, team, session):
    from interviews.sessions import services

    services.session_cancel(session=session, reason="Withdrew", actor=team.interviewer)
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/")
    assert "Send this link" not in page.text
    assert "Candidate screen link" not in page.text
