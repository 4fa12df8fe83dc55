"""The plan builder's rules, below the views."""

from decimal import Decimal

import pytest

from interviews.errors import InterviewError
from interviews.plans import services as plan_services
from questionbank.models import Question
from tests.data.builders import load_small_bank, make_plan, make_session

pytestmark = pytest.mark.django_db

BANDS = {"strong_hire": Decimal(85), "hire": Decimal(70), "lean_no_hire": Decimal(50)}


@pytest.mark.parametrize(
    "bands",
    [
        {"strong_hire": 70, "hire": 70, "lean_no_hire": 50},
        {"strong_hire": 85, "hire": 40, "lean_no_hire": 50},
        {"strong_hire": 85, "hire": 70, "lean_no_hire": -1},
        {"strong_hire": 101, "hire": 70, "lean_no_hire": 50},
    ],
)
def test_plan_create_refuses_bands_out_of_order(team, bands):
    with pytest.raises(InterviewError, match="must decrease"):
        plan_services.plan_create(organisation=team.organisation, title="Loop", thresholds=bands)
    assert not team.organisation.plans.exists()


def test_plan_create_accepts_a_zero_lean_no_hire(team):
    plan = plan_services.plan_create(
        organisation=team.organisation, title=" Loop ", thresholds={**BANDS, "lean_no_hire": 0}
    )
    assert (plan.title, plan.lean_no_hire_min) == ("Loop", 0)


def test_plan_item_add_caps_the_suggested_minutes(team):
    load_small_bank()
    question = Question.objects.get(key="faas-basics")
    question.minutes = 180
    question.save()
    plan = plan_services.plan_create(organisation=team.organisation, title="Loop", thresholds=BANDS)
    item = plan_services.plan_item_add(plan=plan, question_id=question.pk)
    assert (item.position, item.minutes) == (0, 120)


@pytest.mark.parametrize(("minutes", "weight"), [(0, 1), (121, 1), (5, 0), (5, Decimal("-1"))])
def test_plan_item_update_refuses_out_of_range_values(team, minutes, weight):
    item = make_plan(team.organisation).items.first()
    with pytest.raises(InterviewError):
        plan_services.plan_item_update(item=item, minutes=minutes, weight=Decimal(weight))
    item.refresh_from_db()
    assert (item.minutes, item.weight) == (5, 1)


def test_plan_item_remove_keeps_positions_contiguous(team):
    plan = make_plan(team.organisation)
    plan_services.plan_item_remove(item=plan.items.get(position=1))
    assert list(plan.items.values_list("position", flat=True)) == [0, 1]


def test_plan_delete_refuses_a_plan_in_use(team):
    plan = make_plan(team.organisation)
    make_session(team.organisation, [team.interviewer], plan=plan)
    with pytest.raises(InterviewError, match="used by 1 session"):
        plan_services.plan_delete(plan=plan)


def test_plan_duplicate_of_an_empty_plan_is_empty(team):
    plan = plan_services.plan_create(
        organisation=team.organisation, title="x" * 200, thresholds=BANDS
    )
    copy = plan_services.plan_duplicate(plan=plan)
    assert len(copy.title) == 200
    assert copy.title.startswith("Copy of x")
    assert not copy.items.exists()


def test_changing_a_line_removed_meanwhile_says_so(team):
    plan = make_plan(team.organisation)
    item = plan.items.get(position=0)
    plan_services.plan_item_remove(item=plan.items.get(pk=item.pk))
    with pytest.raises(InterviewError, match="removed from the plan in the meantime"):
        plan_services.plan_item_update(item=item, minutes=9, weight=Decimal(1))
    plan_services.plan_item_move(item=item, offset=1)
    assert list(plan.items.values_list("position", flat=True)) == [0, 1]
