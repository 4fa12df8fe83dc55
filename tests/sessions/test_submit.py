import pytest

from interviews.models import AuditEvent, InterviewSession, Report
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.interviewer])


def test_it_lists_what_is_missing(client, team, session):
    from interviews.sessions import services as session_services

    session_services.session_start(session=session, actor=team.interviewer)
    client.force_login(team.interviewer)
    response = client.post(
        f"/sessions/{session.pk}/submit/", {"recommendation": "yes", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "Q1: rate or mark not assessed — Events, Statelessness" in response.text
    assert not session.scorecards.get().is_submitted


def test_it_needs_a_recommendation(client, team, session):
    rate_all(session, team.interviewer, submit=False)
    client.force_login(team.interviewer)
    response = client.post(f"/sessions/{session.pk}/submit/", {"recommendation": "maybe"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    response = client.post(f"/sessions/{session.pk}/submit/", {})
    assert "Choose your overall recommendation." in response.text


def test_submitting_locks_the_card_and_produces_the_report(
    client, team, session, django_capture_on_commit_callbacks
):
    rate_all(session, team.interviewer, lambda n: [4, 2, 3, 3, 1, 4, 0][n], submit=False)
    client.force_login(team.interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/sessions/{session.pk}/submit/", {"recommendation": "strong_yes", "confirm": "on"}
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.SUBMITTED
    report = Report.objects.get(session=session)
    assert report.status == Report.Status.READY
    # Q1: 100*(2*4 + 1*2)/(3*4) = 83.33; Q2: 100*(3+3)/8 = 75; Q3: 100*(1 + 2*4 + 0)/16 = 56.25
    assert report.data["categories"] == pytest.approx(
        {"technical": 250 / 3, "scenario": 75.0, "behavioral": 56.25}
    )
    assert report.data["overall"] == pytest.approx((250 / 3 + 75 + 56.25) / 3)
    assert AuditEvent.objects.filter(action="scorecard_submitted").count() == 1


def test_a_panel_session_waits_for_everyone(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner, team.interviewer])
    rate_all(session, team.owner)
    session.refresh_from_db()
    assert session.status != InterviewSession.Status.SUBMITTED
    assert not Report.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer)
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.SUBMITTED
    assert Report.objects.get(session=session).status == Report.Status.READY


def test_an_owner_can_close_the_panel(client, team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner, team.interviewer])
    rate_all(session, team.interviewer)
    client.force_login(team.interviewer)
    assert client.post(f"/sessions/{session.pk}/close/").status_code == 404
    client.force_login(team.owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/sessions/{session.pk}/close/").status_code == 302
    report = Report.objects.get(session=session)
    assert [i["interviewer"] for i in report.data["interviewers"]] == [team.interviewer.username]


def test_strangers_and_colleagues_off_the_panel_cannot_submit(
    client, team, session, membership_factory
):
    from accounts.models import Role

    rate_all(session, team.interviewer, submit=False)
    colleague = membership_factory(organisation=team.organisation, role=Role.INTERVIEWER).user
    for user in (colleague, team.outsider, team.candidate):
        client.force_login(user)
        assert client.get(f"/sessions/{session.pk}/submit/").status_code == 404
        response = client.post(f"/sessions/{session.pk}/submit/", {"recommendation": "yes"})
        assert response.status_code == 404
    session.refresh_from_db()
    assert session.status != InterviewSession.Status.SUBMITTED
    assert not session.scorecards.filter(submitted_at__isnull=False).exists()


def test_a_submitted_scorecard_shows_no_form_again(client, team, session):
    rate_all(session, team.interviewer)
    client.force_login(team.interviewer)
    response = client.get(f"/sessions/{session.pk}/submit/", follow=True)
    assert response.redirect_chain == [(f"/sessions/{session.pk}/", 302)]
    assert "Your scorecard is submitted and locked." in response.text
    assert "Submit scorecard" not in response.text
    resent = client.post(
        f"/sessions/{session.pk}/submit/", {"recommendation": "no", "confirm": "on"}
    )
    assert resent.status_code == 302
    assert session.scorecards.get().recommendation == "yes"


def test_a_closed_panel_takes_no_late_scorecard(client, team):
    from interviews.sessions import services as session_services

    session = make_session(team.organisation, [team.owner, team.interviewer])
    rate_all(session, team.owner)
    session_services.panel_close(session=session, actor=team.owner)
    client.force_login(team.interviewer)
    response = client.get(f"/sessions/{session.pk}/submit/", follow=True)
    assert "your scorecard can no longer be submitted" in response.text
    assert "Submit scorecard" not in response.text


def test_the_form_is_never_kept_for_the_back_button(client, team, session):
    client.force_login(team.interviewer)
    response = client.get(f"/sessions/{session.pk}/submit/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    again = client.get(f"/sessions/{session.pk}/submit/")
    assert _copy(response.text) != _copy(again.text)  # each copy is told apart (app.js)


def _copy(text):
    return text.split('data-fresh="', 1)[1].split('"', 1)[0]
