"""Changing one plan line's minutes and weight."""

from decimal import Decimal

import pytest
from django.urls import reverse

from interviews.models import InterviewPlan, PlanItem
from tests.data.builders import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team) -> InterviewPlan:
    return make_plan(team.organisation, keys=["faas-basics", "star-outage"])


@pytest.fixture
def item(plan) -> PlanItem:
    return plan.items.get(position=0)


def url(item: PlanItem) -> str:
    return reverse("interviews:plan_item_update", args=[item.plan_id, item.pk])


def test_htmx_saves_and_answers_the_new_totals(client, team, item):
    client.force_login(team.interviewer)
    response = client.post(url(item), {"minutes": "12", "weight": "2.5"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.minutes, item.weight) == (12, Decimal("2.5"))
    assert '<span id="plan-total-minutes">17</span>' in response.text
    assert 'value="2.5"' in response.text
    assert "Saved question 1: 12 min." in response.text


def test_a_plain_post_redirects_to_the_builder(client, team, item):
    client.force_login(team.interviewer)
    response = client.post(url(item), {"minutes": "8", "weight": "1"})
    assert response["Location"] == f"{item.plan.get_absolute_url()}#plan"
    item.refresh_from_db()
    assert item.minutes == 8


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"minutes": "0", "weight": "1"}, "Minutes must be a whole number from 1 to 120."),
        ({"minutes": "121", "weight": "1"}, "Minutes must be a whole number from 1 to 120."),
        ({"minutes": "ten", "weight": "1"}, "Minutes must be a whole number from 1 to 120."),
        ({"minutes": "", "weight": "1"}, "Minutes must be a whole number from 1 to 120."),
        ({"minutes": "5", "weight": "0"}, "Weight must be a positive number"),
        ({"minutes": "5", "weight": "-2"}, "Weight must be a positive number"),
        ({"minutes": "5", "weight": "1.005"}, "at most two decimals"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, team, item, data, message):
    client.force_login(team.interviewer)
    response = client.post(url(item), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message in response.text
    assert "Question 1 not saved" in response.text
    assert 'class="plan-item has-error"' in response.text
    item.refresh_from_db()
    assert (item.minutes, item.weight) == (5, 1)


def test_a_plain_post_with_bad_input_says_why_after_the_redirect(client, team, item):
    client.force_login(team.interviewer)
    response = client.post(url(item), {"minutes": "500", "weight": "1"}, follow=True)
    assert "Minutes must be a whole number from 1 to 120." in response.text
    item.refresh_from_db()
    assert item.minutes == 5


def test_an_item_of_another_plan_is_not_found(client, team, item):
    other = make_plan(team.organisation, keys=["faas-basics"], title="Other")
    client.force_login(team.interviewer)
    wrong = reverse("interviews:plan_item_update", args=[other.pk, item.pk])
    assert client.post(wrong, {"minutes": "9", "weight": "1"}).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, item, who):
    client.force_login(getattr(team, who))
    assert client.post(url(item), {"minutes": "9", "weight": "1"}).status_code == 404
    item.refresh_from_db()
    assert item.minutes == 5
