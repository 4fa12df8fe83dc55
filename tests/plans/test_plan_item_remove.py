"""Removing a question from a plan."""

import pytest
from django.urls import reverse

from interviews.models import InterviewPlan
from tests.data.builders import make_plan, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team) -> InterviewPlan:
    return make_plan(team.organisation)


def url(plan: InterviewPlan, key: str) -> str:
    item = plan.items.get(question__key=key)
    return reverse("interviews:plan_item_remove", args=[plan.pk, item.pk])


def test_htmx_removes_renumbers_and_offers_the_question_again(client, team, plan):
    question = plan.items.get(question__key="faas-basics").question
    client.force_login(team.interviewer)
    response = client.post(url(plan, "faas-basics"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    rows = list(plan.items.order_by("position").values_list("question__key", "position"))
    assert rows == [("latency-scenario", 0), ("star-outage", 1)]
    assert '<span id="plan-total-minutes">10</span>' in response.text
    oob = response.text.split(f'id="pick-{question.pk}" hx-swap-oob="true"', 1)[1]
    assert f'name="question" value="{question.pk}"' in oob


def test_a_plain_post_redirects_to_the_builder(client, team, plan):
    client.force_login(team.interviewer)
    response = client.post(url(plan, "star-outage"), follow=True)
    assert "Removed “Tell me about a production outage you handled.”" in response.text
    assert plan.items.count() == 2


def test_past_sessions_keep_their_questions(client, team, plan):
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    client.force_login(team.interviewer)
    client.post(url(plan, "faas-basics"))
    assert session.questions.count() == 3


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert client.post(url(plan, "faas-basics")).status_code == 404
    assert plan.items.count() == 3
