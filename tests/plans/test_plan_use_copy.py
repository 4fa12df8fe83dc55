"""A plan built on the shared bank switches to the organisation's own copy in one step."""

from decimal import Decimal

import pytest
from django.urls import reverse

from interviews.models import SessionQuestion
from questionbank.models import Question, QuestionSet
from questionbank.services import question_set_copy
from tests.builders import make_plan, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team):
    plan = make_plan(team.organisation, weights={"star-outage": 2})
    item = plan.items.get(question__key="latency-scenario")
    item.minutes = 9
    item.save()
    return plan


@pytest.fixture
def copy(team, plan):
    return question_set_copy(
        source=QuestionSet.objects.get(slug="mini", organisation=None),
        organisation=team.organisation,
    )


def lines(plan):
    return list(
        plan.items.order_by("position").values_list(
            "question__key", "question__question_set_id", "minutes", "weight"
        )
    )


def test_the_plan_page_offers_the_copy_and_one_click_switches_every_line(client, team, plan, copy):
    before = lines(plan)
    session = make_session(team.organisation, [team.interviewer], plan=plan)
    asked = list(
        SessionQuestion.objects.filter(session=session).values_list("question_id", "rubric_id")
    )
    client.force_login(team.interviewer)
    page = client.get(plan.get_absolute_url()).text
    switch = reverse("interviews:plan_questions_switch", args=[plan.pk, copy.pk])
    assert f'action="{switch}"' in page and f"Use “{copy.title}”" in page

    followed = client.post(switch, follow=True)
    assert "3 questions now come from" in followed.text
    after = lines(plan)
    assert [(k, m, w) for k, _, m, w in after] == [(k, m, w) for k, _, m, w in before]
    assert {set_id for _, set_id, _, _ in after} == {copy.pk}
    assert {(9, Decimal(1)), (5, Decimal(2))} <= {(m, w) for _, _, m, w in after}
    # The session scheduled before keeps the shared questions and their rubric versions.
    assert (
        list(
            SessionQuestion.objects.filter(session=session).values_list("question_id", "rubric_id")
        )
        == asked
    )
    assert f'action="{switch}"' not in client.get(plan.get_absolute_url()).text  # done


def test_the_picker_offers_the_copy_not_the_original_and_names_owners(client, team, plan, copy):
    client.force_login(team.interviewer)
    page = client.get(plan.get_absolute_url()).text
    shared = QuestionSet.objects.get(slug="mini", organisation=None)
    assert f'<option value="{copy.pk}">{copy.title}</option>' in page
    assert f'<option value="{shared.pk}">' not in page
    offered = {q.pk for q in Question.objects.filter(question_set=copy)}
    assert all(f'name="question" value="{pk}"' in page for pk in offered if pk)


def test_a_question_dropped_from_the_copy_stays_as_it_was(client, team, plan, copy):
    copy.questions.get(key="star-outage").delete()
    client.force_login(team.interviewer)
    client.post(reverse("interviews:plan_questions_switch", args=[plan.pk, copy.pk]))
    kept = plan.items.get(question__key="star-outage")
    assert kept.question.question_set.organisation is None


def test_another_organisations_copy_or_plan_is_a_404(client, team, plan, copy):
    theirs = question_set_copy(
        source=QuestionSet.objects.get(slug="mini", organisation=None),
        organisation=team.outsider.memberships.get().organisation,
    )
    client.force_login(team.interviewer)
    assert (
        client.post(
            reverse("interviews:plan_questions_switch", args=[plan.pk, theirs.pk])
        ).status_code
        == 404
    )
    client.force_login(team.outsider)
    assert (
        client.post(
            reverse("interviews:plan_questions_switch", args=[plan.pk, copy.pk])
        ).status_code
        == 404
    )
    assert {s for _, s, _, _ in lines(plan)} != {copy.pk}


def test_a_set_that_is_not_a_copy_is_refused_in_words(client, team, plan):
    own = QuestionSet.objects.create(organisation=team.organisation, slug="own", title="Own")
    client.force_login(team.interviewer)
    page = client.post(
        reverse("interviews:plan_questions_switch", args=[plan.pk, own.pk]), follow=True
    )
    assert "Choose a copy of a shared set that your organisation owns." in page.text
