import pytest

from interviews.calibration.services import reminders_sweep
from tests.calibration.reminders import held_session

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_scorecards_chased_by_a_reminder(client, team):
    held_session(team)
    client.force_login(team.interviewer)
    assert "overdue" not in client.get("/").text
    reminders_sweep()
    assert "1 overdue" in client.get("/").text


def test_the_badge_counts_only_my_scorecards_in_this_organisation(client, team):
    held_session(team, panel=[team.owner])
    reminders_sweep()
    client.force_login(team.interviewer)
    assert "overdue" not in client.get("/").text
    client.force_login(team.outsider)
    assert "overdue" not in client.get("/").text
