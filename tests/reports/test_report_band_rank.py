"""The stored band rank that the reports list and the debrief sort by, set by real generation."""

from decimal import Decimal

import pytest

from interviews.models import Report
from interviews.plans import services as plan_services
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db


def plan_with_bands(team, title, strong, hire, lean):
    plan = make_plan(team.organisation, title=title)
    return plan_services.plan_details_update(
        plan=plan,
        title=title,
        thresholds={
            "strong_hire": Decimal(strong),
            "hire": Decimal(hire),
            "lean_no_hire": Decimal(lean),
        },
    )


@pytest.fixture
def reports(team, django_capture_on_commit_callbacks):
    strict = plan_with_bands(team, "Strict loop", 95, 85, 70)
    lenient = plan_with_bands(team, "Lenient loop", 70, 45, 30)
    made = {}
    for name, plan, points in (
        ("Ada", strict, 3),  # 75: lean no hire on the strict plan
        ("Bo", lenient, 2),  # 50: hire on the lenient plan
        ("Cy", strict, 4),  # 100: strong hire
    ):
        session = make_session(team.organisation, [team.owner], plan=plan, candidate_name=name)
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.owner, points_for=lambda n, p=points: p)
        made[name] = Report.objects.get(session=session)
    return made


def test_generation_stores_the_rank_of_the_band(reports):
    assert {name: (r.band, r.band_rank) for name, r in reports.items()} == {
        "Ada": ("lean_no_hire", 2),
        "Bo": ("hire", 1),
        "Cy": ("strong_hire", 0),
    }


def test_the_list_sorted_by_band_puts_a_hire_above_a_higher_scored_lean_no_hire(
    client, team, reports
):
    client.force_login(team.owner)
    rows = client.get("/reports/?sort=band").context["page"].rows
    assert [r.candidate.name for r in rows] == ["Cy", "Bo", "Ada"]
    assert reports["Ada"].overall > reports["Bo"].overall


def test_the_debrief_orders_by_band_then_score(client, team, reports):
    client.force_login(team.owner)
    strict = reports["Ada"].plan
    rows = client.get(f"/plans/{strict.pk}/debrief/").context["rows"]
    assert [row["candidate__name"] for row in rows] == ["Cy", "Ada"]
