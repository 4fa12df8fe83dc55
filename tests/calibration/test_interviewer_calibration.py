from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import InterviewSession
from tests.data.factories import UserFactory
from tests.data.panels import make_panels

pytestmark = pytest.mark.django_db
URL = "/calibration/"


@pytest.fixture
def panels(team, django_capture_on_commit_callbacks):
    third = UserFactory(username="severe-sam", first_name="Sam", last_name="Severe")
    plan, sessions = make_panels(team, django_capture_on_commit_callbacks, sessions=6, extra=third)
    return plan, sessions, third


def people(client) -> dict:
    return {p.username: p for p in client.get(URL).context["people"]}


def test_it_shows_who_rates_high_and_who_rates_low(client, team, panels):
    client.force_login(team.owner)
    found = people(client)
    # The panels were built with the interviewer a level above the owner, the third one below.
    assert found[team.interviewer.username].leaning == "lenient"
    assert found["severe-sam"].leaning == "severe"
    assert found[team.interviewer.username].deviation > 0 > found["severe-sam"].deviation
    assert found["severe-sam"].leaning_criteria[0].leaning == "severe"


def test_it_counts_scorecards_levels_gaps_and_recommendations(client, team, panels):
    client.force_login(team.owner)
    owner = people(client)[team.owner.username]
    assert owner.submitted == 6
    assert sum(owner.levels.values()) == owner.rated - owner.not_assessed
    assert set(owner.levels) <= set(range(5))
    assert 0 < owner.not_assessed_rate < 0.5  # one criterion in ten is left not assessed
    assert owner.recommendations == 6 and 0 <= owner.matching_band <= 6


def test_it_measures_the_time_from_the_session_end_to_the_submit(client, team, panels):
    _, sessions, _ = panels
    session = sessions[0]
    card = session.scorecards.get(interviewer=team.owner)
    # The mini plan's three questions are planned at five minutes each: the session ends at +15.
    started = card.submitted_at - timedelta(minutes=15 + 45)
    InterviewSession.objects.filter(pk=session.pk).update(started_at=started)
    client.force_login(team.owner)
    owner = people(client)[team.owner.username]
    assert owner.minutes_to_submit == [pytest.approx(45)]
    assert owner.median_shown == "45 min"


def test_the_query_count_does_not_grow_with_sessions(
    client, team, panels, django_capture_on_commit_callbacks
):
    plan, _, third = panels
    client.force_login(team.owner)
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    make_panels(
        team, django_capture_on_commit_callbacks, sessions=2, seed=3, plan=plan, extra=third
    )
    with CaptureQueriesContext(connection) as after:
        response = client.get(URL)
    owner = next(p for p in response.context["people"] if p.username == team.owner.username)
    assert owner.submitted == 8
    assert len(after) == len(before) <= 8


def test_the_owners_menu_links_to_it(client, team, panels):
    client.force_login(team.owner)
    assert f'href="{URL}"' in client.get("/").text
    client.force_login(team.interviewer)
    assert f'href="{URL}"' not in client.get("/").text


@pytest.mark.parametrize("who", ["interviewer", "candidate"])
def test_it_is_for_owners_only(client, team, panels, who):
    client.force_login(getattr(team, who))
    assert client.get(URL).status_code == 404


def test_a_stranger_gets_404_and_an_other_teams_owner_sees_nothing_of_this_team(
    client, team, panels
):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404
    client.force_login(team.outsider)
    response = client.get(URL)
    assert response.status_code == 200 and response.context["people"] == []
    assert team.interviewer.username not in response.text


def test_before_any_scorecard_the_page_says_what_fills_it(client, team):
    client.force_login(team.owner)
    html = client.get(URL).content.decode()
    assert "No submitted scorecards yet." in html
    assert "once their scorecards are submitted" in html and 'href="/sessions/new/"' in html
