"""Creating an empty plan with its title, description and recommendation bands."""

from decimal import Decimal

import pytest
from django.urls import reverse

from interviews.models import InterviewPlan

pytestmark = pytest.mark.django_db

URL = reverse("interviews:plan_create")
VALID = {
    "title": "Backend onsite",
    "description": "For senior backend engineers.",
    "strong_hire": "90",
    "hire": "75",
    "lean_no_hire": "55.5",
}


def test_it_shows_the_form_with_the_default_bands(client, team):
    client.force_login(team.interviewer)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["form"]["strong_hire"].value() == 85
    assert "Recommendation bands" in response.text


def test_it_creates_an_empty_plan_and_opens_the_builder(client, team):
    client.force_login(team.interviewer)
    response = client.post(URL, VALID)
    plan = InterviewPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.organisation == team.organisation
    assert plan.created_by == team.interviewer
    assert (plan.strong_hire_min, plan.hire_min, plan.lean_no_hire_min) == (
        Decimal(90),
        Decimal(75),
        Decimal("55.5"),
    )
    assert not plan.items.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hire": "90"}, "Band thresholds must decrease"),
        ({"lean_no_hire": "80"}, "Band thresholds must decrease"),
        ({"strong_hire": "101"}, "Enter a score from 0 to 100"),
        ({"lean_no_hire": "-1"}, "Enter a score from 0 to 100"),
        ({"hire": "lots"}, "Enter a score from 0 to 100"),
        ({"title": "  "}, "Give the plan a title."),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(client, team, change, message):
    client.force_login(team.interviewer)
    response = client.post(URL, {**VALID, **change})
    assert response.status_code == 200
    assert message in response.text
    assert not InterviewPlan.objects.exists()


def test_a_candidate_member_gets_404(client, team):
    client.force_login(team.candidate)
    assert client.get(URL).status_code == 404
    assert client.post(URL, VALID).status_code == 404
    assert not InterviewPlan.objects.exists()


def test_an_outsider_creates_in_their_own_organisation(client, team):
    client.force_login(team.outsider)
    client.post(URL, VALID)
    assert InterviewPlan.objects.get().organisation != team.organisation
