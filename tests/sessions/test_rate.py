import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import AuditEvent, Rating
from questionbank.bankfile import parse_bank
from questionbank.services import bank_load
from tests.data.builders import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(team):
    return make_session(team.organisation, [team.owner, team.interviewer])


def _target(session, position=0, n=0):
    sq = session.questions.get(position=position)
    return sq, list(sq.rubric.criteria.order_by("position"))[n]


def _rate(client, session, sq, criterion, points, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        f"/sessions/{session.pk}/rate/",
        {"question": sq.pk, "criterion": criterion.pk, "points": points, "position": sq.position},
        **headers,
    )


def test_it_saves_and_answers_saved(client, team, session):
    sq, criterion = _target(session)
    client.force_login(team.interviewer)
    response = _rate(client, session, sq, criterion, 3)
    assert response.status_code == 200
    assert response.text == "Saved"
    rating = Rating.objects.get(scorecard__interviewer=team.interviewer)
    assert (rating.points, rating.not_assessed) == (3, False)
    event = AuditEvent.objects.get(action="rating_saved")
    assert event.actor == team.interviewer and event.detail["points"] == 3


def test_a_second_click_replaces_the_rating_and_both_are_on_record(client, team, session):
    sq, criterion = _target(session)
    client.force_login(team.interviewer)
    _rate(client, session, sq, criterion, 3)
    _rate(client, session, sq, criterion, "na")
    rating = Rating.objects.get()
    assert (rating.points, rating.not_assessed) == (None, True)
    history = AuditEvent.objects.filter(action="rating_saved").order_by("id")
    assert [e.detail["points"] for e in history] == [3, None]


def test_plain_form_post_redirects_back_to_the_criterion(client, team, session):
    sq, criterion = _target(session)
    client.force_login(team.interviewer)
    response = client.post(
        f"/sessions/{session.pk}/rate/",
        {"question": sq.pk, "criterion": criterion.pk, "points": "", "level": 2, "position": 0},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#crit-{sq.pk}-{criterion.pk}")
    assert Rating.objects.get().points == 2


@pytest.mark.parametrize("points", [5, -1, "x", ""])
def test_it_refuses_a_level_outside_the_scale(client, team, session, points):
    sq, criterion = _target(session)
    client.force_login(team.interviewer)
    response = _rate(client, session, sq, criterion, points)
    assert response.status_code == 422
    assert "level" in response.text
    assert not Rating.objects.exists()


def test_it_refuses_a_criterion_of_another_question(client, team, session):
    sq, _ = _target(session, position=0)
    _, foreign = _target(session, position=1)
    client.force_login(team.interviewer)
    response = _rate(client, session, sq, foreign, 2)
    assert response.status_code == 422
    assert "not part of this question" in response.text
    assert not Rating.objects.exists()


def test_it_refuses_writes_to_a_submitted_scorecard(client, team, session):
    from tests.data.builders import rate_all

    rate_all(session, team.interviewer)
    sq, criterion = _target(session)
    before = Rating.objects.get(scorecard__interviewer=team.interviewer, criterion=criterion).points
    client.force_login(team.interviewer)
    response = _rate(client, session, sq, criterion, 0)
    assert response.status_code == 409
    assert "locked" in response.text
    assert (
        Rating.objects.get(scorecard__interviewer=team.interviewer, criterion=criterion).points
        == before
    )


def test_someone_not_on_the_panel_gets_404(client, team, session, membership_factory):
    from accounts.models import Role

    colleague = membership_factory(organisation=team.organisation, role=Role.INTERVIEWER).user
    sq, criterion = _target(session)
    for user in (colleague, team.outsider, team.candidate):
        client.force_login(user)
        assert _rate(client, session, sq, criterion, 2).status_code == 404
    assert not Rating.objects.exists()


def test_query_count_does_not_grow_with_the_rubric(client, team):
    criteria = "\n".join(
        f"      - {{title: Criterion {n}, weight: 1, source: Core Concepts of Serverless Computing}}"  # noqa: E501
        for n in range(25)
    )
    bank_load(
        spec=parse_bank(
            "slug: big\ntitle: Big\nquestions:\n  - key: big\n    category: technical\n"
            f"    prompt: Big rubric\n    criteria:\n{criteria}\n",
        )
    )
    from interviews.plans import services as plan_services
    from questionbank.models import Question

    plan = plan_services.plan_save(
        organisation=team.organisation,
        title="Big",
        lines=[plan_services.PlanLine(question=Question.objects.get(key="big"), minutes=5)],
    )
    small = make_session(team.organisation, [team.interviewer])
    big = make_session(team.organisation, [team.interviewer], plan=plan)
    client.force_login(team.interviewer)
    counts = []
    for session in (small, big):
        sq, criterion = _target(session)
        _rate(client, session, sq, criterion, 1)  # warm the session and auth caches alike
        with CaptureQueriesContext(connection) as queries:
            assert _rate(client, session, sq, criterion, 2).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 8


def test_a_stranger_posting_nothing_gets_404_not_a_refusal(client, team, session):
    client.force_login(team.outsider)
    assert client.post(f"/sessions/{session.pk}/rate/", {}).status_code == 404
