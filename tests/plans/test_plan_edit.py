"""Editing a plan's title, description and recommendation bands."""

from decimal import Decimal

import pytest
from django.urls import reverse

from interviews.models import InterviewPlan
from tests.data.builders import make_plan, make_session

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Renamed",
    "description": "",
    "strong_hire": "80",
    "hire": "60",
    "lean_no_hire": "40",
}


@pytest.fixture
def plan(team) -> InterviewPlan:
    return make_plan(team.organisation)


def url(plan: InterviewPlan) -> str:
    return reverse("interviews:plan_edit", args=[plan.pk])


def test_it_shows_the_current_values(client, team, plan):
    client.force_login(team.interviewer)
    response = client.get(url(plan))
    assert response.status_code == 200
    assert response.context["form"]["title"].value() == "Mini loop"
    assert response.context["form"]["hire"].value() == Decimal(70)


def test_it_saves_and_returns_to_the_builder(client, team, plan):
    client.force_login(team.interviewer)
    response = client.post(url(plan), VALID)
    assert response["Location"] == plan.get_absolute_url()
    plan.refresh_from_db()
    assert (plan.title, plan.strong_hire_min, plan.hire_min, plan.lean_no_hire_min) == (
        "Renamed",
        80,
        60,
        40,
    )
    assert plan.items.count() == 3


def test_sessions_keep_the_bands_they_were_scheduled_with(client, team, plan):
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    client.force_login(team.interviewer)
    client.post(url(plan), VALID)
    session.refresh_from_db()
    assert Decimal(session.thresholds["hire"]) == 70


@pytest.mark.parametrize(
    "change",
    [{"hire": "85"}, {"hire": "30"}, {"strong_hire": "100.5"}, {"lean_no_hire": ""}],
)
def test_bad_bands_are_refused_and_nothing_changes(client, team, plan, change):
    client.force_login(team.interviewer)
    response = client.post(url(plan), {**VALID, **change})
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    plan.refresh_from_db()
    assert (plan.title, plan.hire_min) == ("Mini loop", 70)


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert client.get(url(plan)).status_code == 404
    assert client.post(url(plan), VALID).status_code == 404
    plan.refresh_from_db()
    assert plan.title == "Mini loop"
