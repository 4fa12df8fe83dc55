"""One lead moves the candidate's screen and the clock; the others browse on their own."""

import pytest

from interviews.errors import NotLead
from interviews.models import AuditEvent
from interviews.sessions import services
from tests.data.builders import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.owner, team.interviewer])


def test_the_first_interviewer_leads_by_default(session, team):
    assert session.lead == team.owner


def test_a_chosen_lead_must_be_on_the_panel(team):
    from interviews.errors import InterviewError
    from interviews.plans.services import candidate_get_or_create
    from tests.data.builders import make_plan

    plan = make_plan(team.organisation)
    candidate = candidate_get_or_create(organisation=team.organisation, name="Kim")
    with pytest.raises(InterviewError, match="lead interviewer must be on the panel"):
        services.session_schedule(
            plan=plan,
            candidate=candidate,
            interviewers=[team.owner],
            user=team.owner,
            lead=team.interviewer,
        )


def test_only_the_lead_starts_and_moves(session, team):
    with pytest.raises(NotLead):
        services.session_start(session=session, actor=team.interviewer)
    services.session_start(session=session, actor=team.owner)
    services.session_move(session=session, position=2, actor=team.owner)
    session.refresh_from_db()
    shown_at = session.question_started_at
    with pytest.raises(NotLead):
        services.session_move(session=session, position=0, actor=team.interviewer)
    session.refresh_from_db()
    assert session.current_position == 2 and session.question_started_at == shown_at


def test_a_panelist_browses_without_moving_the_candidate(client, session, team):
    services.session_start(session=session, actor=team.owner)
    services.session_move(session=session, position=2, actor=team.owner)
    client.force_login(team.interviewer)
    page = client.get(f"/sessions/{session.pk}/console/?q=0")
    assert "What is FaaS?" in page.text
    assert "Candidate is on <strong>Q3</strong>" in page.text
    response = client.post(f"/sessions/{session.pk}/move/", {"position": 0}, follow=True)
    assert "Only the lead interviewer moves the candidate" in response.text
    session.refresh_from_db()
    assert session.current_position == 2


def test_the_lead_hands_over_and_it_is_on_record(client, session, team):
    client.force_login(team.owner)
    client.post(f"/sessions/{session.pk}/lead/", {"to": team.interviewer.pk})
    session.refresh_from_db()
    assert session.lead == team.interviewer
    assert AuditEvent.objects.filter(action="lead_handed_over").exists()
    services.session_start(session=session, actor=team.interviewer)


def test_a_panelist_cannot_take_the_lead(client, session, team):
    client.force_login(team.interviewer)
    response = client.post(
        f"/sessions/{session.pk}/lead/", {"to": team.interviewer.pk}, follow=True
    )
    assert "Only the lead interviewer or an owner" in response.text
    session.refresh_from_db()
    assert session.lead == team.owner


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_get_404(client, session, team, who):
    client.force_login(getattr(team, who))
    assert client.post(f"/sessions/{session.pk}/start/").status_code == 404
    assert client.post(f"/sessions/{session.pk}/lead/", {"to": team.owner.pk}).status_code == 404
