"""Deleting a plan, allowed only while no session uses it."""

import pytest
from django.urls import reverse

from interviews.models import InterviewPlan
from tests.data.builders import make_plan, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team) -> InterviewPlan:
    return make_plan(team.organisation)


def url(plan: InterviewPlan) -> str:
    return reverse("interviews:plan_delete", args=[plan.pk])


def test_it_asks_for_confirmation(client, team, plan):
    client.force_login(team.interviewer)
    response = client.get(url(plan))
    assert response.status_code == 200
    assert "Delete plan" in response.text


def test_it_deletes_an_unused_plan(client, team, plan):
    client.force_login(team.interviewer)
    response = client.post(url(plan), follow=True)
    assert response.redirect_chain[-1][0] == reverse("interviews:plan_list")
    assert "Deleted “Mini loop”." in response.text
    assert not InterviewPlan.objects.exists()


def test_a_plan_used_by_a_session_is_kept(client, team, plan):
    make_session(team.organisation, [team.interviewer], plan=plan)
    client.force_login(team.interviewer)
    page = client.get(url(plan))
    assert "can't be deleted" in page.text
    assert "Delete plan" not in page.text
    response = client.post(url(plan), follow=True)
    assert "is used by 1 session, so it is kept" in response.text
    assert InterviewPlan.objects.filter(pk=plan.pk).exists()


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert client.get(url(plan)).status_code == 404
    assert client.post(url(plan)).status_code == 404
    assert InterviewPlan.objects.filter(pk=plan.pk).exists()
