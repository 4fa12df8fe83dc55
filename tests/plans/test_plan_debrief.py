import pytest

from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_reports(team, django_capture_on_commit_callbacks):
    plan = make_plan(team.organisation)
    for name, level in (("Low", 1), ("High", 4), ("Mid", 3)):
        session = make_session(
            team.organisation, [team.interviewer], plan=plan, candidate_name=name, mode="hiring"
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.interviewer, lambda n, level=level: level)
    return plan


def test_candidates_on_one_plan_side_by_side_best_first(
    client, team, plan_with_reports, django_assert_max_num_queries
):
    client.force_login(team.owner)
    with django_assert_max_num_queries(8):
        response = client.get(f"/plans/{plan_with_reports.pk}/debrief/")
    assert response.status_code == 200
    names = [row["candidate__name"] for row in response.context["rows"]]
    assert names == ["High", "Mid", "Low"]
    assert response.context["categories"] == ["Technical", "Scenario", "Behavioral"]
    assert "100.0" in response.text and "Strong hire" in response.text


def test_the_query_count_does_not_grow_with_candidates(
    client, team, plan_with_reports, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(team.owner)
    with CaptureQueriesContext(connection) as before:
        client.get(f"/plans/{plan_with_reports.pk}/debrief/")
    for n in range(3):
        session = make_session(
            team.organisation, [team.interviewer], plan=plan_with_reports, candidate_name=f"N{n}"
        )
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.interviewer)
    with CaptureQueriesContext(connection) as after:
        response = client.get(f"/plans/{plan_with_reports.pk}/debrief/")
    assert len(response.context["rows"]) == 6
    assert len(after) == len(before)


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_get_404(client, team, plan_with_reports, who):
    client.force_login(getattr(team, who))
    assert client.get(f"/plans/{plan_with_reports.pk}/debrief/").status_code == 404


def test_it_says_the_questions_were_the_same_only_when_they_were(
    client, team, plan_with_reports, django_capture_on_commit_callbacks
):
    from tests.data.builders import rate_some

    client.force_login(team.owner)
    page = client.get(f"/plans/{plan_with_reports.pk}/debrief/").text
    assert "Everyone was asked every question" in page
    assert "provisional" not in page

    session = make_session(
        team.organisation, [team.interviewer], plan=plan_with_reports, candidate_name="Short"
    )
    with django_capture_on_commit_callbacks(execute=True):
        rate_some(session, team.interviewer, [0], lambda n: 4)
    response = client.get(f"/plans/{plan_with_reports.pk}/debrief/")
    page = response.text
    assert "Everyone was asked every question" not in page
    assert "Not everyone was asked the same questions" in page
    short = next(r for r in response.context["rows"] if r["candidate__name"] == "Short")
    assert short["coverage"] == {"asked": 1, "total": 3, "complete": False, "provisional": True}
    assert f'data-coverage="{session.pk}">1 of 3<' in page
    assert "provisional" in page
