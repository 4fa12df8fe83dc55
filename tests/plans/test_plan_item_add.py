"""Adding a question to a plan from the picker, with htmx or a plain form post."""

import pytest
from django.urls import reverse

from accounts.models import Organisation
from interviews.models import InterviewPlan
from questionbank.bankfile import parse_bank
from questionbank.models import Question
from questionbank.services import bank_load, question_create, question_set_create
from tests.data.builders import SMALL_BANK, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team) -> InterviewPlan:
    return make_plan(team.organisation, keys=["faas-basics"])


def url(plan: InterviewPlan, query: str = "") -> str:
    return reverse("interviews:plan_item_add", args=[plan.pk]) + query


def keys(plan: InterviewPlan) -> list[str]:
    return list(plan.items.order_by("position").values_list("question__key", flat=True))


def test_htmx_adds_at_the_end_and_answers_the_plan_and_the_picker_row(client, team, plan):
    question = Question.objects.get(key="star-outage")
    question.minutes = 7
    question.save()
    client.force_login(team.interviewer)
    response = client.post(url(plan), {"question": question.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert keys(plan) == ["faas-basics", "star-outage"]
    item = plan.items.get(question=question)
    assert (item.position, item.minutes, item.weight) == (1, 7, 1)
    assert response.text.lstrip().startswith('<section id="plan"')
    assert '<span id="plan-total-minutes">12</span>' in response.text
    assert f'id="pick-{question.pk}" hx-swap-oob="true"' in response.text
    assert "In the plan" in response.text.split(f'id="pick-{question.pk}"', 1)[1]
    assert "Added “Tell me about a production outage you handled.”" in response.text


def test_a_plain_post_redirects_back_to_the_builder_with_its_filters(client, team, plan):
    question = Question.objects.get(key="star-outage")
    client.force_login(team.interviewer)
    response = client.post(url(plan, "?category=behavioral"), {"question": question.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{plan.get_absolute_url()}?category=behavioral#plan"
    assert keys(plan) == ["faas-basics", "star-outage"]


def test_adding_a_question_twice_is_refused(client, team, plan):
    question = Question.objects.get(key="faas-basics")
    client.force_login(team.interviewer)
    response = client.post(url(plan), {"question": question.pk}, HTTP_HX_REQUEST="true")
    assert "“What is FaaS?” is already in this plan." in response.text
    assert "Nothing was changed." in response.text
    assert keys(plan) == ["faas-basics"]


def test_a_question_from_another_organisations_set_is_refused(client, team, plan):
    other = Organisation.objects.create(name="Rivals")
    spec = parse_bank(SMALL_BANK.replace("slug: mini", "slug: theirs"), "theirs.yaml")
    bank_load(spec=spec, organisation=other)
    theirs = Question.objects.get(question_set__slug="theirs", key="star-outage")
    client.force_login(team.interviewer)
    response = client.post(url(plan), {"question": theirs.pk}, follow=True)
    assert "not in the shared bank or in your organisation" in response.text
    assert keys(plan) == ["faas-basics"]


def test_a_question_without_a_published_rubric_is_refused(client, team, plan):
    own = question_set_create(organisation=team.organisation, title="Ours")
    draft = question_create(
        question_set=own,
        fields={"key": "draft", "category": "technical", "prompt": "Half written?"},
        tags=[],
    )
    client.force_login(team.interviewer)
    response = client.post(url(plan), {"question": draft.pk}, HTTP_HX_REQUEST="true")
    assert "has no published rubric yet" in response.text
    assert keys(plan) == ["faas-basics"]


@pytest.mark.parametrize("value", ["", "abc", "0", "999999"])
def test_a_missing_or_unknown_question_is_refused(client, team, plan, value):
    client.force_login(team.interviewer)
    response = client.post(url(plan), {"question": value}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert keys(plan) == ["faas-basics"]


def test_it_rejects_get(client, team, plan):
    client.force_login(team.interviewer)
    assert client.get(url(plan)).status_code == 405


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_outsiders_and_candidates_get_404(client, team, plan, who):
    question = Question.objects.get(key="star-outage")
    client.force_login(getattr(team, who))
    assert client.post(url(plan), {"question": question.pk}).status_code == 404
    assert keys(plan) == ["faas-basics"]
