"""Duplicating a plan: the copy has the same lines and bands, and changes on its own."""

import pytest
from django.urls import reverse

from interviews.models import InterviewPlan
from tests.data.builders import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team) -> InterviewPlan:
    plan = make_plan(team.organisation, weights={"star-outage": 2})
    plan.hire_min = 65
    plan.save()
    return plan


def url(plan: InterviewPlan) -> str:
    return reverse("interviews:plan_duplicate", args=[plan.pk])


def lines(plan: InterviewPlan) -> list[tuple]:
    return list(
        plan.items.order_by("position").values_list("question_id", "position", "minutes", "weight")
    )


def test_it_copies_the_plan_and_opens_the_copy(client, team, plan):
    client.force_login(team.interviewer)
    response = client.post(url(plan))
    copy = InterviewPlan.objects.exclude(pk=plan.pk).get()
    assert response["Location"] == copy.get_absolute_url()
    assert copy.title == "Copy of Mini loop"
    assert copy.hire_min == 65
    assert copy.created_by == team.interviewer
    assert lines(copy) == lines(plan)


def test_changing_the_copy_leaves_the_original_alone(client, team, plan):
    client.force_login(team.interviewer)
    client.post(url(plan))
    copy = InterviewPlan.objects.exclude(pk=plan.pk).get()
    item = copy.items.get(position=0)
    remove = reverse("interviews:plan_item_remove", args=[copy.pk, item.pk])
    client.post(remove)
    assert plan.items.count() == 3


def test_it_rejects_get(client, team, plan):
    client.force_login(team.interviewer)
    assert client.get(url(plan)).status_code == 405


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert client.post(url(plan)).status_code == 404
    assert InterviewPlan.objects.count() == 1
