"""The main navigation shows what this person does in this space, nothing else."""

import re

import pytest
from django.urls import reverse

from accounts.services import organisation_create
from tests.data.factories import UserFactory

pytestmark = pytest.mark.django_db

TEAM_ONLY = ["Sessions", "Plans", "Candidates", "Drills", "Calibration", "Regrades"]


def nav(client) -> list[str]:
    html = client.get(reverse("interviews:dashboard")).text
    main = re.search(r'<nav class="main-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r">([^<>]+)</a>", main)


def test_a_person_who_only_practises_sees_practice_progress_bank_and_reports(client):
    me = UserFactory()
    organisation_create(name="My practice", owner=me, is_personal=True)
    client.force_login(me)
    assert nav(client) == ["Dashboard", "Progress", "Question bank", "Reports"]


def test_a_team_interviewer_sees_sessions_first_and_no_owner_pages(client, team):
    client.force_login(team.interviewer)
    assert nav(client) == [
        "Dashboard", "Sessions", "Reports", "Plans", "Candidates", "Question bank", "Drills"
    ]  # fmt: skip


def test_a_team_owner_finds_calibration_drills_and_regrades_in_one_menu(client, team):
    client.force_login(team.owner)
    assert nav(client) == [
        "Dashboard", "Sessions", "Reports", "Plans", "Candidates", "Question bank",
        "Interviewer calibration", "Drills", "Regrades",
    ]  # fmt: skip
    html = client.get(reverse("interviews:regrade_list")).text
    menu = re.search(r'<details class="nav-menu">(.*?)</details>', html, re.S).group(1)
    assert '<summary class="current">Calibration</summary>' in menu
    assert re.search(r'aria-current="page">Regrades</a>', menu)


def test_a_candidate_member_sees_their_own_reports_only(client, team):
    client.force_login(team.candidate)
    items = nav(client)
    assert items == ["Dashboard", "Your reports"]
    assert not set(items) & set(TEAM_ONLY)


def test_a_practice_space_dashboard_opens_with_practice(client):
    me = UserFactory()
    organisation_create(name="My practice", owner=me, is_personal=True)
    client.force_login(me)
    html = client.get(reverse("interviews:dashboard")).text
    assert html.index("Practise in writing") < html.index("Scorecards waiting for you")


def test_a_team_dashboard_opens_with_the_scorecards_waiting_and_no_practice(client, team):
    organisation_create(name="Own practice", owner=team.owner, is_personal=True)
    client.force_login(team.owner)
    client.post(reverse("accounts:organisation_switch"), {"organisation": team.organisation.pk})
    html = client.get(reverse("interviews:dashboard")).text
    assert "Scorecards waiting for you" in html and "Upcoming and live" in html
    assert "Practise in writing" not in html and "Start a practice session" not in html
    assert "switch to your practice space" in html
