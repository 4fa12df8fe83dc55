"""The plan builder page: the ordered plan with its totals beside the question picker."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation
from interviews.models import InterviewPlan
from interviews.plans import services as plan_services
from questionbank.bankfile import parse_bank
from questionbank.models import Question
from questionbank.services import bank_load, question_create, question_set_create
from tests.data.builders import SMALL_BANK, load_small_bank, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team) -> InterviewPlan:
    return make_plan(team.organisation, keys=["faas-basics", "star-outage"])


def url(plan: InterviewPlan) -> str:
    return reverse("interviews:plan_detail", args=[plan.pk])


def test_it_shows_the_ordered_plan_with_totals_and_mix(client, team, plan):
    client.force_login(team.interviewer)
    response = client.get(url(plan))
    assert response.status_code == 200
    page = response.text
    assert page.index("What is FaaS?") < page.index("Tell me about a production outage")
    assert '<span id="plan-total-minutes">10</span>' in page
    assert '<span class="total" id="plan-question-count">2</span>' in page
    mix = response.context["mix"]
    by_category = {row["value"]: (row["count"], row["minutes"], row["share"]) for row in mix}
    assert by_category["technical"] == (1, 5, 50)
    assert by_category["behavioral"] == (1, 5, 50)
    assert by_category["scenario"] == (0, 0, 0)
    assert "never alter past sessions" in page


def test_the_picker_marks_questions_already_in_the_plan(client, team, plan):
    client.force_login(team.owner)
    response = client.get(url(plan))
    in_plan = Question.objects.get(key="faas-basics")
    free = Question.objects.get(key="latency-scenario")
    assert f'id="pick-{in_plan.pk}"' in response.text
    assert response.context["added_ids"] == {in_plan.pk, Question.objects.get(key="star-outage").pk}
    row = response.text.split(f'id="pick-{free.pk}"', 1)[1].split("</div>", 1)[0]
    assert 'name="question"' in row
    row = response.text.split(f'id="pick-{in_plan.pk}"', 1)[1].split("</div>", 1)[0]
    assert "In the plan" in row


def test_the_picker_offers_shared_and_own_questions_with_a_published_rubric(client, team, plan):
    other = Organisation.objects.create(name="Rivals")
    bank_load(
        spec=parse_bank(SMALL_BANK.replace("slug: mini", "slug: theirs"), "t.yaml"),
        organisation=other,
    )
    bank_load(
        spec=parse_bank(SMALL_BANK.replace("slug: mini", "slug: ours"), "o.yaml"),
        organisation=team.organisation,
    )
    own_set = question_set_create(organisation=team.organisation, title="Drafts")
    question_create(
        question_set=own_set,
        fields={"key": "no-rubric", "category": "technical", "prompt": "Unrubricked thing?"},
        tags=[],
    )
    client.force_login(team.interviewer)
    response = client.get(url(plan))
    sets = {q.question_set.slug for q in response.context["page"].object_list}
    assert sets == {"mini", "ours"}
    assert "Unrubricked thing?" not in response.text


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("category=behavioral", {"star-outage"}),
        ("category=behavioral&category=technical", {"star-outage", "faas-basics"}),
        ("q=latency", {"latency-scenario"}),
        ("q=faas+example", {"faas-basics"}),
        ("difficulty=hard", set()),
    ],
)
def test_the_picker_filters_like_the_bank(client, team, plan, query, keys):
    client.force_login(team.interviewer)
    response = client.get(f"{url(plan)}?{query}")
    assert {q.key for q in response.context["page"].object_list} == keys


def test_the_picker_filters_by_tag(client, team, plan):
    question = Question.objects.get(key="latency-scenario")
    plan_services.plan_question_choices(organisation=team.organisation)  # no error with tags unset
    from questionbank.models import Tag

    question.tags.add(Tag.objects.create(name="latency"))
    client.force_login(team.interviewer)
    response = client.get(f"{url(plan)}?tag=latency")
    assert [q.key for q in response.context["page"].object_list] == ["latency-scenario"]


def test_an_htmx_filter_answers_only_the_picker(client, team, plan):
    client.force_login(team.interviewer)
    response = client.get(f"{url(plan)}?category=scenario", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="picker"')
    assert "p99 latency doubled" in response.text
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


def test_an_empty_plan_explains_what_to_do(client, team):
    load_small_bank()
    plan = InterviewPlan.objects.create(organisation=team.organisation, title="Blank")
    client.force_login(team.interviewer)
    response = client.get(url(plan))
    assert "No questions yet." in response.text
    assert '<span id="plan-total-minutes">0</span>' in response.text


def test_the_query_count_does_not_grow_with_the_plan(client, team):
    load_small_bank()
    small = make_plan(team.organisation, keys=["faas-basics"], title="One")
    big = make_plan(team.organisation, title="Three")
    client.force_login(team.interviewer)
    client.get(url(small))
    counts = []
    for plan in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(plan)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_it_hides_the_plan_from_outsiders_and_candidates(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert client.get(url(plan)).status_code == 404


def test_it_asks_a_stranger_to_sign_in(client, plan):
    response = client.get(url(plan))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
