"""The organisation's plans with their size, length, category mix and use."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.data.builders import load_small_bank, make_plan, make_session

pytestmark = pytest.mark.django_db

URL = reverse("interviews:plan_list")


def test_it_lists_plans_with_counts_minutes_mix_and_sessions(client, team):
    plan = make_plan(team.organisation, title="Mini loop")
    make_session(team.organisation, [team.interviewer], plan=plan)
    make_session(team.organisation, [team.interviewer], plan=plan, candidate_name="Robin")
    client.force_login(team.interviewer)
    response = client.get(URL)
    assert response.status_code == 200
    (row,) = response.context["plans"]
    # Two sessions and three items: neither join multiplies the other's count.
    assert (row.question_count, row.total_minutes, row.session_count) == (3, 15, 2)
    assert [(value, count) for value, _, count in row.mix] == [
        ("technical", 1),
        ("scenario", 1),
        ("behavioral", 1),
    ]
    assert "Mini loop" in response.text
    assert '<span class="pill behavioral"' in response.text


def test_it_shows_only_the_current_organisations_plans(client, team):
    make_plan(team.organisation, title="Acme loop")
    client.force_login(team.outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Acme loop" not in response.text


def test_the_empty_state_offers_the_ready_plan_and_a_new_plan(client, team):
    client.force_login(team.owner)
    response = client.get(URL)
    assert "No interview plans yet" in response.text
    assert reverse("interviews:plan_ready_create") in response.text
    assert "Serverless developer loop (60 min)" in response.text
    assert reverse("interviews:plan_create") in response.text


def test_opening_the_page_creates_no_plan(client, team):
    client.force_login(team.owner)
    client.get(URL)
    assert not team.organisation.plans.exists()


def test_the_query_count_is_the_same_for_2_and_12_plans(client, team):
    load_small_bank()
    client.force_login(team.interviewer)
    client.get(URL)
    counts = []
    for total in (2, 12):
        while team.organisation.plans.count() < total:
            plan = make_plan(team.organisation, title=f"Plan {team.organisation.plans.count()}")
            make_session(team.organisation, [team.interviewer], plan=plan)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert len(response.context["plans"]) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_it_hides_plans_from_a_candidate_member(client, team):
    client.force_login(team.candidate)
    assert client.get(URL).status_code == 404


def test_it_asks_a_stranger_to_sign_in(client):
    assert client.get(URL).status_code == 302
