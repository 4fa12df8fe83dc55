"""Amending a submitted scorecard, with a reason, on the record."""

import pytest

from interviews.models import AuditEvent, Rating
from interviews.sessions import services
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    session = make_session(team.organisation, [team.interviewer, team.owner])
    rate_all(session, team.interviewer)
    return session


def test_reopening_needs_a_reason(client, team, session):
    client.force_login(team.interviewer)
    response = client.post(f"/sessions/{session.pk}/amend/", {"reason": ""})
    assert "Say why you are amending" in response.text
    assert not session.scorecards.get(interviewer=team.interviewer).is_amending


def test_an_amendment_changes_a_rating_and_is_audited(client, team, session):
    card = session.scorecards.get(interviewer=team.interviewer)
    client.force_login(team.interviewer)
    client.post(f"/sessions/{session.pk}/amend/", {"reason": "Misheard the second answer"})
    card.refresh_from_db()
    assert card.is_amending and card.is_submitted
    sq = session.questions.get(position=0)
    criterion = sq.rubric.criteria.order_by("position").first()
    response = client.post(
        f"/sessions/{session.pk}/rate/",
        {"question": sq.pk, "criterion": criterion.pk, "points": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    client.post(f"/sessions/{session.pk}/amend/")
    card.refresh_from_db()
    assert not card.is_amending and card.amended_at is not None
    assert Rating.objects.get(scorecard=card, criterion=criterion).points == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"scorecard_reopened", "scorecard_amended"} <= actions


def test_a_locked_scorecard_refuses_changes_until_reopened(team, session):
    card = session.scorecards.get(interviewer=team.interviewer)
    with pytest.raises(services.ScorecardLocked):
        services.note_save(
            scorecard=card, session_question_id=session.questions.first().pk, text="x"
        )
    services.scorecard_amend_open(scorecard=card, reason="Add a note", actor=team.interviewer)
    card.refresh_from_db()
    services.note_save(scorecard=card, session_question_id=session.questions.first().pk, text="x")


def test_someone_else_cannot_amend_my_scorecard(client, team, session):
    client.force_login(team.outsider)
    assert client.post(f"/sessions/{session.pk}/amend/", {"reason": "mine"}).status_code == 404


def test_amending_a_finished_session_makes_a_new_report_version(
    client, team, django_capture_on_commit_callbacks
):
    from interviews.models import Report

    session = make_session(team.organisation, [team.interviewer])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer)
    first = Report.objects.get(session=session)
    card = session.scorecards.get()
    client.force_login(team.interviewer)
    client.post(f"/sessions/{session.pk}/amend/", {"reason": "Scored Q1 against the wrong level"})
    sq = session.questions.get(position=0)
    criterion = sq.rubric.criteria.order_by("position").first()
    client.post(
        f"/sessions/{session.pk}/rate/",
        {"question": sq.pk, "criterion": criterion.pk, "points": 0},
        HTTP_HX_REQUEST="true",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sessions/{session.pk}/amend/")
    report = Report.objects.get(session=session)
    assert report.status == Report.Status.READY
    assert report.overall < first.overall
    earlier = report.versions.get(number=1)
    assert earlier.overall == first.overall
    assert "Scored Q1 against the wrong level" in earlier.reason
    card.refresh_from_db()
    assert not card.is_amending
