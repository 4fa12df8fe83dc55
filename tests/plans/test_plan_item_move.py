"""Moving a plan line up or down."""

import pytest
from django.urls import reverse

from interviews.models import InterviewPlan
from tests.data.builders import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team) -> InterviewPlan:
    return make_plan(team.organisation)


def keys(plan: InterviewPlan) -> list[str]:
    return list(plan.items.order_by("position").values_list("question__key", flat=True))


def url(plan: InterviewPlan, key: str, direction: str) -> str:
    item = plan.items.get(question__key=key)
    return reverse("interviews:plan_item_move", args=[plan.pk, item.pk, direction])


def test_htmx_moves_up_and_answers_the_new_order(client, team, plan):
    client.force_login(team.interviewer)
    response = client.post(url(plan, "star-outage", "up"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert keys(plan) == ["faas-basics", "star-outage", "latency-scenario"]
    text = response.text
    assert text.index("Tell me about a production outage") < text.index("p99 latency")
    assert "Moved “Tell me about a production outage you handled.” up." in text


def test_a_plain_post_moves_down_and_redirects(client, team, plan):
    client.force_login(team.interviewer)
    response = client.post(url(plan, "faas-basics", "down"))
    assert response.status_code == 302
    assert keys(plan) == ["latency-scenario", "faas-basics", "star-outage"]


@pytest.mark.parametrize(("key", "direction"), [("faas-basics", "up"), ("star-outage", "down")])
def test_the_ends_stay_put(client, team, plan, key, direction):
    client.force_login(team.interviewer)
    client.post(url(plan, key, direction), HTTP_HX_REQUEST="true")
    assert keys(plan) == ["faas-basics", "latency-scenario", "star-outage"]
    assert list(plan.items.order_by("position").values_list("position", flat=True)) == [0, 1, 2]


def test_an_unknown_direction_is_not_found(client, team, plan):
    client.force_login(team.interviewer)
    assert client.post(url(plan, "star-outage", "sideways")).status_code == 404


def test_it_rejects_get(client, team, plan):
    client.force_login(team.interviewer)
    assert client.get(url(plan, "star-outage", "up")).status_code == 405


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert client.post(url(plan, "star-outage", "up")).status_code == 404
    assert keys(plan) == ["faas-basics", "latency-scenario", "star-outage"]
