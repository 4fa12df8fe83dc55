"""A session's page, stream, edits and controls are for its panel; an owner off the panel looks
(on the record) and manages the session, but never drives the interview."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from interviews.models import AuditEvent, InterviewSession
from interviews.sessions import services
from tests.data import factories
from tests.data.builders import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def offpanel(team):
    """Another interviewer of the same team, not on this session's panel."""
    return factories.MembershipFactory(organisation=team.organisation, role=Role.INTERVIEWER).user


@pytest.fixture
def session(team, offpanel):
    return make_session(team.organisation, [team.interviewer], mode=InterviewSession.Mode.HIRING)


def _controls(session, team) -> list[tuple[str, str, dict]]:
    pk = session.pk
    return [
        ("get", f"/sessions/{pk}/", {}),
        ("get", f"/sessions/{pk}/live/?once=1", {}),
        ("get", f"/sessions/{pk}/edit/", {}),
        ("post", f"/sessions/{pk}/edit/", {"candidate_name": "Renamed"}),
        ("get", f"/sessions/{pk}/cancel/", {}),
        ("post", f"/sessions/{pk}/cancel/", {"reason": "Called off"}),
        ("post", f"/sessions/{pk}/lead/", {"to": team.interviewer.pk}),
        ("post", f"/sessions/{pk}/delete/", {}),
        ("post", f"/sessions/{pk}/start/", {}),
        ("post", f"/sessions/{pk}/move/", {"position": 1}),
    ]


@pytest.mark.parametrize("who", ["offpanel", "outsider", "candidate"])
def test_anyone_off_the_panel_but_an_owner_gets_404_and_changes_nothing(
    client, team, session, offpanel, who
):
    client.force_login(offpanel if who == "offpanel" else getattr(team, who))
    for method, url, data in _controls(session, team):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.SCHEDULED
    assert session.candidate.name == "Casey Candidate"
    assert not AuditEvent.objects.exclude(action="session_scheduled").exists()


def test_an_interviewer_s_lists_hold_only_the_sessions_of_their_panels(client, team, offpanel):
    theirs = make_session(team.organisation, [offpanel], candidate_name="Their candidate")
    make_session(team.organisation, [team.interviewer], candidate_name="Someone else's")
    client.force_login(offpanel)
    for page in (client.get("/sessions/").text, client.get("/").text):
        assert "Their candidate" in page and "Someone else" not in page
    client.force_login(team.owner)
    page = client.get("/sessions/").text
    assert "Their candidate" in page and "Someone else" in page
    assert client.get(f"/sessions/{theirs.pk}/").status_code == 200


def test_an_owner_off_the_panel_looks_on_the_record_without_the_screen_link(client, team, session):
    client.force_login(team.owner)
    page = client.get(f"/sessions/{session.pk}/")
    assert page.status_code == 200
    assert session.screen_token not in page.text
    assert f'action="/sessions/{session.pk}/lead/"' not in page.text
    look = AuditEvent.objects.get(action="session_looked")
    assert look.actor == team.owner and look.session_id == session.pk
    client.get(f"/sessions/{session.pk}/", HTTP_HX_REQUEST="true")  # a poll is no new look
    assert AuditEvent.objects.filter(action="session_looked").count() == 1
    assert client.get(f"/sessions/{session.pk}/live/?once=1").status_code == 200
    trail = client.get(f"/sessions/{session.pk}/audit/").text
    assert "looked at the session as an owner off the panel" in trail


def test_an_owner_off_the_panel_manages_but_never_drives(client, team, session):
    client.force_login(team.owner)
    when = (timezone.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    edit = {"scheduled_at": when, "meeting_link": "", "candidate_name": "Ren"}
    assert client.post(f"/sessions/{session.pk}/edit/", edit).status_code == 302
    session.refresh_from_db()
    assert session.candidate.name == "Ren"
    for url, data in (
        (f"/sessions/{session.pk}/lead/", {"to": team.interviewer.pk}),
        (f"/sessions/{session.pk}/start/", {}),
        (f"/sessions/{session.pk}/move/", {"position": 1}),
        (f"/sessions/{session.pk}/console/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    with pytest.raises(services.NotLead):
        services.lead_hand_over(session=session, to=team.interviewer, actor=team.owner)
    client.post(f"/sessions/{session.pk}/cancel/", {"reason": "Role filled"})
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.CANCELLED


def test_an_owner_on_the_panel_hands_the_lead_over(client, team):
    session = make_session(team.organisation, [team.interviewer, team.owner])
    client.force_login(team.owner)
    page = client.get(f"/sessions/{session.pk}/").text
    assert f'action="/sessions/{session.pk}/lead/"' in page
    client.post(f"/sessions/{session.pk}/lead/", {"to": team.owner.pk})
    session.refresh_from_db()
    assert session.lead == team.owner
    assert not AuditEvent.objects.filter(action="session_looked").exists()


def test_scheduling_a_panel_one_is_not_on_lands_on_the_list(client, team, offpanel):
    from tests.data.builders import make_plan

    plan = make_plan(team.organisation)
    client.force_login(offpanel)
    response = client.post(
        "/sessions/new/",
        {
            "plan": plan.pk,
            "candidate_name": "New person",
            "interviewers": [team.interviewer.pk],
            "lead": team.interviewer.pk,
            "mode": "hiring",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    assert response.url == "/sessions/"


def test_the_candidate_page_links_only_the_sessions_one_may_open(client, team, offpanel, session):
    link = f'href="/sessions/{session.pk}/"'
    client.force_login(offpanel)
    page = client.get(f"/candidates/{session.candidate_id}/").text
    assert "Sessions" in page and link not in page
    for who in (team.interviewer, team.owner):
        client.force_login(who)
        assert link in client.get(f"/candidates/{session.candidate_id}/").text
