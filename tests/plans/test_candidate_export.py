"""A candidate's export holds everything kept about them, decisions and regrades included."""

import json

import pytest
from django.urls import reverse

from tests.data.written_about import EMAIL, NAME, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team, django_capture_on_commit_callbacks) -> World:
    return build_world(team, django_capture_on_commit_callbacks)


@pytest.fixture
def export(client, team, world) -> dict:
    client.force_login(team.owner)
    response = client.get(reverse("interviews:candidate_export", args=[world.candidate.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    return json.loads(response.content)


def held(export: dict, session) -> dict:
    return next(s for s in export["sessions"] if s["id"] == session.pk)


def test_it_names_the_person(export):
    assert export["candidate"]["name"] == NAME and export["candidate"]["email"] == EMAIL


def test_it_holds_the_decisions_in_order_with_their_reasons(export, world):
    decisions = held(export, world.interview)["decisions"]
    assert [d["outcome"] for d in decisions] == ["hold", "advance"]
    assert decisions[0]["rationale"].startswith(NAME) and decisions[0]["change_reason"] is None
    assert decisions[1]["change_reason"] == f"{NAME.upper()} sent references from {EMAIL}"
    assert decisions[0]["evidence"][0]["title"] == "Events"


def test_it_holds_the_regrades_with_their_answers(export, world):
    regrades = held(export, world.interview)["regrades"]
    assert [r["status"] for r in regrades] == ["declined", "accepted"]
    assert all(r["reason"] == f"I, {NAME}, named four sources" for r in regrades)
    assert regrades[1]["response"] == f"accepted for {NAME}"
    assert regrades[0]["points_before"] and regrades[0]["question"] == 1


def test_it_holds_the_report_versions_the_pad_and_the_cancel_reason(export, world):
    interview = held(export, world.interview)
    assert [v["number"] for v in interview["report_versions"]] == [1, 2]
    assert interview["questions"][0]["answer"] == f"I am {NAME}; mail me at {EMAIL}"
    assert len(interview["notes"]) == 2 and interview["report"]["overall"] is not None
    cancelled = [s for s in export["sessions"] if s["status"] == "cancelled"]
    assert [s["cancel_reason"] for s in cancelled] == [f"{NAME} asked to move it"]


def test_it_holds_their_feedback_on_the_interviewer(export, world):
    feedback = held(export, world.practice)["interviewer_feedback"]
    assert feedback["comment"] == f"Thanks — {NAME}"
    assert {r["points"] for r in feedback["ratings"]} == {2}


def test_it_leaves_out_other_candidates(export, world):
    assert world.other.pk not in {s["id"] for s in export["sessions"]}
