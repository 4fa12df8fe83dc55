"""The JSON download carries every key DESIGN.md promises, and every number in it can be
recomputed from the file alone (done here independently of the scoring engine)."""

import json
from fractions import Fraction

import pytest
from django.urls import reverse

from interviews import scoring
from interviews.models import InterviewSession
from tests.data.builders import make_plan, make_session, raise_first_flag, rate_all

pytestmark = pytest.mark.django_db


def exact(value) -> Fraction:
    """A number from the file as the decimal it was written from (weights are 2-decimal)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _mean(pairs):
    pairs = [(v, w) for v, w in pairs if v is not None]
    if not pairs:
        return None
    return sum(v * w for v, w in pairs) / sum(w for _, w in pairs)


def recompute(data: dict) -> dict:
    """Question, category and overall scores per interviewer, the panel's, and the band."""
    cards = {}
    for card in data["interviewers"]:
        questions = {}
        for q in card["questions"]:
            assessed = [c for c in q["criteria"] if c["points"] is not None]
            score = None
            if assessed:
                earned = sum(exact(c["weight"]) * c["points"] for c in assessed)
                possible = sum(exact(c["weight"]) * c["max"] for c in assessed)
                penalty = sum((exact(f["penalty"]) for f in q["red_flags"]), Fraction(0))
                score = max(Fraction(0), 100 * earned / possible - penalty)
            questions[q["id"]] = (score, exact(q["weight"]), q["category"])
        categories = {}
        for name in {c for _, _, c in questions.values()}:
            value = _mean((s, w) for s, w, c in questions.values() if c == name)
            if value is not None:
                categories[name] = value
        overall = _mean((s, w) for s, w, _ in questions.values())
        cards[card["interviewer"]] = {
            "questions": {k: s for k, (s, _, _) in questions.items()},
            "categories": categories,
            "overall": overall,
        }

    def panel(values):
        return _mean((v, 1) for v in values)

    question_ids = [q["id"] for q in data["questions"]]
    names = {n for c in cards.values() for n in c["categories"]}
    overall = panel(c["overall"] for c in cards.values())
    band = None
    if overall is not None:
        ordered = sorted(data["thresholds"].items(), key=lambda kv: -exact(kv[1]))
        band = next((b for b, t in ordered if overall >= exact(t)), ordered[-1][0])
    return {
        "cards": cards,
        "questions": {
            q: panel(c["questions"].get(q) for c in cards.values()) for q in question_ids
        },
        "categories": {n: panel(c["categories"].get(n) for c in cards.values()) for n in names},
        "overall": overall,
        "band": band,
    }


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def assert_consistent(data: dict) -> dict:
    mine = recompute(data)
    assert close(mine["overall"], data["overall"])
    assert mine["band"] == data["band"]
    assert set(mine["categories"]) == set(data["categories"])
    for name, value in data["categories"].items():
        assert close(mine["categories"][name], value)
    for q in data["questions"]:
        assert close(mine["questions"][q["id"]], q["score"])
    for card in data["interviewers"]:
        theirs = mine["cards"][card["interviewer"]]
        assert close(theirs["overall"], card["overall"])
        for name, value in card["categories"].items():
            assert close(theirs["categories"][name], value)
        for q in card["questions"]:
            assert close(theirs["questions"][q["id"]], q["score"])
    for d in data["disagreements"]:
        points = d["points"].values()
        assert max(points) - min(points) == d["spread"] >= scoring.DISAGREEMENT_SPREAD
    return mine


@pytest.fixture
def panel_session(team, django_capture_on_commit_callbacks):

    plan = make_plan(team.organisation, weights={"faas-basics": "2.5", "star-outage": "0.5"})
    session = make_session(
        team.organisation,
        [team.owner, team.interviewer],
        plan=plan,
        mode=InterviewSession.Mode.HIRING,
    )
    raise_first_flag(session, team.owner)
    rate_all(session, team.owner, points_for=lambda n: (n * 2) % 5)
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.interviewer, points_for=lambda n: None if n < 2 else n % 5)
    return session


def download(client, session) -> dict:
    response = client.get(reverse("interviews:report_json", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.json"')
    return json.loads(response.content)


def test_it_has_every_key_the_design_promises(client, team, panel_session):
    client.force_login(team.owner)
    data = download(client, panel_session)
    for key in (
        "overall",
        "band",
        "categories",
        "questions",
        "disagreements",
        "thresholds",
        "interviewers",
    ):
        assert key in data, key
    assert isinstance(data["categories"], dict)
    for q in data["questions"]:
        assert {"id", "category", "weight", "score", "red_flags", "criteria"} <= set(q)
        for c in q["criteria"]:
            assert {"title", "weight", "points", "max"} <= set(c)
        for f in q["red_flags"]:
            assert "penalty" in f
    for card in data["interviewers"]:
        assert {"overall", "categories", "questions", "recommendation"} <= set(card)
        for q in card["questions"]:
            assert {"id", "category", "weight", "score", "red_flags", "criteria"} <= set(q)
            for c in q["criteria"]:
                assert {"title", "weight", "points", "max"} <= set(c)
    assert set(data["thresholds"]) == {"strong_hire", "hire", "lean_no_hire", "no_hire"}


def test_not_assessed_is_null(client, team, panel_session):
    client.force_login(team.owner)
    data = download(client, panel_session)
    second = data["interviewers"][1]["questions"][0]["criteria"]
    assert second[0]["points"] is None and second[1]["points"] is None


def test_every_number_recomputes_from_the_file(client, team, panel_session):
    client.force_login(team.owner)
    data = download(client, panel_session)
    assert_consistent(data)
    assert data["questions"][0]["red_flags"][0]["penalty"] == 10.0
    assert data["questions"][0]["weight"] == 2.5


def test_it_adds_the_percentile_for_hiring(client, team, panel_session):
    client.force_login(team.owner)
    data = download(client, panel_session)
    assert data["percentile"] == 50.0
    assert data["percentile_basis"] == {"below": 0, "equal": 1, "total": 1}


def test_practice_reports_have_no_percentile(client, team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
    client.force_login(team.owner)
    assert "percentile" not in download(client, session)


def test_a_pending_report_has_nothing_to_download(client, team):
    session = make_session(team.organisation, [team.owner])
    rate_all(session, team.owner)
    client.force_login(team.owner)
    response = client.get(reverse("interviews:report_json", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:report_detail", args=[session.pk])


def test_the_linked_candidate_downloads_their_own(client, team, panel_session):
    panel_session.candidate.user = team.candidate
    panel_session.candidate.save()
    client.force_login(team.candidate)
    assert download(client, panel_session)["session"]["id"] == panel_session.pk


def test_an_outsider_gets_404(client, team, panel_session):
    client.force_login(team.outsider)
    response = client.get(reverse("interviews:report_json", args=[panel_session.pk]))
    assert response.status_code == 404


def test_a_candidate_member_gets_404(client, team, panel_session):
    client.force_login(team.candidate)
    response = client.get(reverse("interviews:report_json", args=[panel_session.pk]))
    assert response.status_code == 404
