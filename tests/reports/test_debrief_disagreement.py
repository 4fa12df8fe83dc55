import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.calibration.decisions import decision_record
from interviews.models import Report
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team, django_capture_on_commit_callbacks):
    """Three panels: Agreed (same levels), Split (one criterion 0 vs 4), Mild (1 apart)."""
    plan = make_plan(team.organisation)
    other = {"Agreed": lambda n: 3, "Split": lambda n: 4 if n == 1 else 3, "Mild": lambda n: 2}
    for name, theirs in other.items():
        session = make_session(
            team.organisation, [team.owner, team.interviewer], plan=plan, candidate_name=name
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.owner, lambda n, name=name: 0 if name == "Split" else 3)
            rate_all(session, team.interviewer, theirs)
    return plan


def debrief(client, plan, order=""):
    return client.get(f"/plans/{plan.pk}/debrief/" + (f"?order={order}" if order else ""))


def test_it_orders_candidates_by_disagreement_with_who_said_what(client, team, plan):
    client.force_login(team.interviewer)
    response = debrief(client, plan)
    candidates = response.context["candidates"]
    assert [c.candidate for c in candidates] == ["Split", "Mild"]  # Agreed has nothing split
    split = candidates[0].splits[0]
    assert split.criterion == "Statelessness" and split.spread == 4
    names = dict(split.named)
    assert names[str(team.owner)] == 0 and names[str(team.interviewer)] == 4
    assert candidates[0].wide == 7


def test_it_can_order_the_table_by_disagreement(client, team, plan):
    client.force_login(team.owner)
    by_band = [r["candidate__name"] for r in debrief(client, plan).context["rows"]]
    assert by_band[0] == "Agreed"
    rows = debrief(client, plan, "disagreement").context["rows"]
    assert [r["candidate__name"] for r in rows] == ["Split", "Mild", "Agreed"]


def test_it_orders_criteria_least_agreement_first(client, team, plan):
    client.force_login(team.owner)
    criteria = debrief(client, plan).context["criteria"]
    alphas = [c.agreement.alpha for c in criteria if c.agreement.alpha is not None]
    assert alphas == sorted(alphas)
    assert "Criteria by disagreement" in debrief(client, plan).text


def test_it_shows_the_current_decision_and_links_owners_to_it(client, team, plan):
    report = Report.objects.get(plan=plan, candidate__name="Mild")
    decision_record(report=report, outcome="hold", rationale="Unsure", actor=team.owner)
    client.force_login(team.owner)
    page = debrief(client, plan).text
    assert '<span class="pill decision-hold">Hold</span>' in page
    assert f"/reports/{report.session_id}/decision/" in page
    client.force_login(team.interviewer)
    page = debrief(client, plan).text
    assert "Hold" in page and f"/reports/{report.session_id}/decision/" not in page


def test_its_queries_do_not_grow_with_candidates(
    client, team, plan, django_capture_on_commit_callbacks
):
    client.force_login(team.owner)
    with CaptureQueriesContext(connection) as before:
        debrief(client, plan)
    for n in range(3):
        session = make_session(
            team.organisation, [team.owner, team.interviewer], plan=plan, candidate_name=f"N{n}"
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.owner, lambda n: 1)
            rate_all(session, team.interviewer, lambda n: 4)
        decision_record(
            report=Report.objects.get(session=session),
            outcome="reject",
            rationale="x",
            actor=team.owner,
        )
    with CaptureQueriesContext(connection) as after:
        response = debrief(client, plan)
    assert len(response.context["rows"]) == 6
    assert len(after) == len(before)


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404(client, team, plan, who):
    client.force_login(getattr(team, who))
    assert debrief(client, plan, "disagreement").status_code == 404
