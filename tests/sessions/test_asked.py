"""One rule for "asked": shown by the lead, or given points on a submitted scorecard."""

import pytest

from interviews.models import AuditEvent, SessionQuestion
from interviews.sessions import services
from tests.builders import make_plan, make_session, rate_some

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team):
    return make_plan(team.organisation)


def test_a_question_rated_but_never_shown_counts_as_asked(team, plan):
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    rate_some(session, team.interviewer, positions=[1])
    asked = session.questions.asked_ids()
    assert asked == {session.questions.get(position=1).pk}


def test_a_rating_on_a_scorecard_not_yet_submitted_does_not_count(team, plan):
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    rate_some(session, team.interviewer, positions=[1], submit=False)
    assert session.questions.asked_ids() == set()


def test_a_shown_question_counts_as_asked(team, plan):
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    services.session_start(session=session, actor=team.interviewer)
    assert list(session.questions.asked().values_list("position", flat=True)) == [0]


def test_a_question_rated_but_never_shown_is_seen_before_in_the_next_session(team, plan):
    first = make_session(team.organisation, [team.interviewer], plan=plan)
    rate_some(first, team.interviewer, positions=[1])
    second = services.session_schedule(
        plan=plan, candidate=first.candidate, interviewers=[team.interviewer], user=team.interviewer
    )
    seen = services.questions_seen_before(session=second)
    assert [q.position for q in seen] == [1]
    assert SessionQuestion.objects.filter(session=second).asked_ids() == set()


def test_the_audit_helper_records_the_session_and_its_organisation(team, plan):
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    event = AuditEvent.about(session, action="session_looked", actor=team.owner, why="test")
    event.refresh_from_db()
    assert event.organisation_id == team.organisation.pk
    assert event.session_id == session.pk
    assert event.actor == team.owner
    assert event.detail == {"why": "test"}
