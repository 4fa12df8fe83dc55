"""A candidate's sessions, scores, questions seen, and a way to a plan without repeats."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import InterviewSession, Report
from interviews.plans.services import candidate_get_or_create
from tests.data.builders import make_plan, make_session

pytestmark = pytest.mark.django_db

EMAIL = "casey@example.com"


@pytest.fixture
def session(team) -> InterviewSession:
    plan = make_plan(team.organisation, keys=["faas-basics", "star-outage"])
    return make_session(team.organisation, [team.interviewer], plan=plan, email=EMAIL)


def url(session: InterviewSession) -> str:
    return reverse("interviews:candidate_detail", args=[session.candidate_id])


def test_it_shows_sessions_with_status_and_score_of_a_ready_report(client, team, session):
    session.status = InterviewSession.Status.SUBMITTED
    session.mode = InterviewSession.Mode.HIRING  # a hiring band reads "Hire"
    session.save()
    Report.objects.create(
        session=session,
        organisation=team.organisation,
        candidate=session.candidate,
        plan=session.plan,
        plan_title=session.plan.title,
        submitted_at=timezone.now(),
        status=Report.Status.READY,
        overall=Decimal("72.349"),
        band="hire",
    )
    client.force_login(team.interviewer)
    response = client.get(url(session))
    assert response.status_code == 200
    assert "72.3" in response.text
    assert '<span class="pill hire">Hire</span>' in response.text
    assert '<span class="pill submitted">Submitted</span>' in response.text


def test_a_session_without_report_says_so(client, team, session):
    client.force_login(team.interviewer)
    response = client.get(url(session))
    assert "No report yet" in response.text
    assert '<span class="pill scheduled">Scheduled</span>' in response.text


def test_it_counts_questions_seen_and_links_a_variant_for_each_plan(client, team, session):
    other = make_plan(team.organisation, title="Full loop")
    held = make_session(team.organisation, [team.interviewer], plan=other, email=EMAIL)
    held.questions.update(asked=True)
    client.force_login(team.interviewer)
    response = client.get(url(session))
    assert response.context["seen_count"] == 3
    seen = {
        plan.title: (plan.question_count, plan.seen_count) for plan in response.context["plans"]
    }
    assert seen == {"Mini loop": (2, 2), "Full loop": (3, 3)}
    for plan in response.context["plans"]:
        link = reverse("interviews:candidate_plan_variant", args=[session.candidate_id, plan.pk])
        assert link in response.text
    assert "Suggest a variant without repeats" in response.text


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, session, who):
    client.force_login(getattr(team, who))
    assert client.get(url(session)).status_code == 404


def test_a_candidate_without_sessions_offers_to_schedule_one(client, team):
    candidate = candidate_get_or_create(organisation=team.organisation, name="Nia New")
    client.force_login(team.owner)
    html = client.get(reverse("interviews:candidate_detail", args=[candidate.pk])).content.decode()
    assert "Nia New has no sessions yet." in html
    assert f'href="/sessions/new/?candidate={candidate.pk}">Schedule one</a>' in html
