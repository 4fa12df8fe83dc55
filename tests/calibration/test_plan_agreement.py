import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.calibration.agreement import plan_agreement
from tests.data.builders import make_plan, make_session, rate_all
from tests.data.panels import make_panels

pytestmark = pytest.mark.django_db


@pytest.fixture
def panels(team, django_capture_on_commit_callbacks):
    return make_panels(team, django_capture_on_commit_callbacks, sessions=4)


def url(plan) -> str:
    return f"/plans/{plan.pk}/agreement/"


def test_it_shows_alpha_units_and_a_plain_reading(
    client, team, panels, django_assert_max_num_queries
):
    plan, _ = panels
    found = plan_agreement(plan)
    client.force_login(team.interviewer)
    with django_assert_max_num_queries(7):
        response = client.get(url(plan))
    assert response.status_code == 200
    assert found.alpha_shown in response.text
    assert f">{found.agreement.units}<" in response.text
    assert f">{found.agreement.values}<" in response.text
    assert found.reading.capitalize() in response.text


def test_it_lists_criteria_below_tentative_first_with_the_sessions_that_disagree(
    client, team, panels
):
    plan, _ = panels
    client.force_login(team.owner)
    criteria = client.get(url(plan)).context["criteria"]
    alphas = [c.agreement.alpha for c in criteria]
    weak = [a for a in alphas if a is not None and a < 0.667]
    assert weak, "the panels were built to disagree on some criteria"
    assert alphas[: len(weak)] == sorted(weak)
    worst = criteria[0].worst
    assert worst and worst == sorted(worst, key=lambda s: s.disagreement, reverse=True)
    assert all(s.disagreement > 0 for s in worst)


def test_the_query_count_does_not_grow_with_sessions(
    client, team, panels, django_capture_on_commit_callbacks
):
    plan, _ = panels
    client.force_login(team.owner)
    with CaptureQueriesContext(connection) as before:
        client.get(url(plan))
    make_panels(team, django_capture_on_commit_callbacks, sessions=3, seed=9, plan=plan)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url(plan))
    assert response.context["found"].sessions == 7
    assert len(after) == len(before)


def test_it_says_so_when_there_is_no_panel_yet(client, team, django_capture_on_commit_callbacks):
    plan = make_plan(team.organisation)
    session = make_session(team.organisation, [team.owner], plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    client.force_login(team.owner)
    response = client.get(url(plan))
    assert response.status_code == 200 and "No panel data" in response.text


def test_the_plan_page_links_to_it(client, team, panels):
    plan, _ = panels
    client.force_login(team.owner)
    assert url(plan) in client.get(f"/plans/{plan.pk}/").text


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404(client, team, panels, who):
    plan, _ = panels
    client.force_login(getattr(team, who))
    assert client.get(url(plan)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, panels):
    plan, _ = panels
    response = client.get(url(plan))
    assert response.status_code == 302 and "/accounts/login/" in response.url
