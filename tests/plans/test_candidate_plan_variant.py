"""A variant of a plan that swaps the questions a candidate has already been asked."""

import pytest
from django.urls import reverse

from interviews.models import InterviewPlan
from interviews.plans import services as plan_services
from questionbank.bankfile import parse_bank
from questionbank.models import Question
from questionbank.services import bank_load
from tests.data.builders import make_plan, make_session

pytestmark = pytest.mark.django_db

TWINS = """
slug: twins
title: Twin questions
questions:
  - key: cold-starts
    category: technical
    prompt: What causes cold starts?
    criteria:
      - {title: Causes, weight: 1, source: Cold Starts}
  - key: warm-pools
    category: technical
    prompt: How do you keep functions warm?
    criteria:
      - {title: Options, weight: 1, source: Cold Starts}
  - key: star-conflict
    category: behavioral
    prompt: Tell me about a disagreement.
    criteria:
      - {title: Action, weight: 1, source: Behavioral}
"""


@pytest.fixture
def seen(team):
    """A candidate asked cold-starts and star-conflict on a plan that holds both."""
    bank_load(spec=parse_bank(TWINS, "twins.yaml"))
    questions = Question.objects.filter(key__in=["cold-starts", "star-conflict"]).order_by("pk")
    plan = plan_services.plan_save(
        organisation=team.organisation,
        title="Twin loop",
        lines=[plan_services.PlanLine(question=q, minutes=7) for q in questions],
    )
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    session.questions.update(asked=True)
    return session


def url(session, plan: InterviewPlan | None = None) -> str:
    return reverse(
        "interviews:candidate_plan_variant", args=[session.candidate_id, (plan or session.plan).pk]
    )


def test_it_shows_the_swaps_and_what_cannot_be_swapped(client, team, seen):
    client.force_login(team.interviewer)
    response = client.get(url(seen))
    assert response.status_code == 200
    assert [(old.key, new and new.key) for old, new in response.context["swaps"]] == [
        ("cold-starts", "warm-pools"),
        ("star-conflict", None),
    ]
    assert "How do you keep functions warm?" in response.text
    assert "No unseen behavioral question is left in this set" in response.text
    assert "Create the variant plan" in response.text


def test_posting_creates_the_variant_and_opens_it(client, team, seen):
    client.force_login(team.interviewer)
    response = client.post(url(seen))
    variant = InterviewPlan.objects.exclude(pk=seen.plan_id).get()
    assert response["Location"] == variant.get_absolute_url()
    assert list(variant.items.order_by("position").values_list("question__key", "minutes")) == [
        ("warm-pools", 7),
        ("star-conflict", 7),
    ]
    assert "variant for Casey Candidate" in variant.title
    assert seen.plan.items.filter(question__key="cold-starts").exists()


def test_nothing_to_swap_is_said_plainly_and_creates_nothing(client, team):
    plan = make_plan(team.organisation)  # one question per category: no unseen twin exists
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    session.questions.update(asked=True)
    client.force_login(team.interviewer)
    page = client.get(url(session))
    assert "Nothing can be swapped" in page.text
    assert "Create the variant plan" not in page.text
    response = client.post(url(session), follow=True)
    assert "There are no unseen questions to swap in" in response.text
    assert InterviewPlan.objects.count() == 1


def test_a_candidate_who_saw_none_of_the_plan_needs_no_variant(client, team, seen):
    fresh = make_plan(team.organisation, title="Other loop")
    client.force_login(team.interviewer)
    response = client.get(url(seen, fresh))
    assert "has not been asked any question of this plan" in response.text


def test_a_plan_of_another_organisation_is_not_found(client, team, seen):
    outsiders_org = team.outsider.memberships.get().organisation
    theirs = make_plan(outsiders_org, title="Theirs")
    client.force_login(team.interviewer)
    assert client.get(url(seen, theirs)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, seen, who):
    client.force_login(getattr(team, who))
    assert client.get(url(seen)).status_code == 404
    assert client.post(url(seen)).status_code == 404
    assert InterviewPlan.objects.count() == 1


def test_questions_of_a_session_not_yet_held_do_not_count_as_seen(client, team):
    plan = make_plan(team.organisation)
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    client.force_login(team.interviewer)
    response = client.get(url(session))
    assert response.context["swaps"] == []
    assert "has not been asked any question of this plan" in response.text
