"""Drills: gold answers scored blind, compared per criterion, and the calibrated mark."""

import pytest

from interviews.calibration import drills
from interviews.errors import InterviewError
from interviews.models import DrillAttempt
from questionbank.models import Question
from tests.data.builders import load_small_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    load_small_bank()
    return Question.objects.get(question_set__slug="mini", key="star-outage")


def criteria(question):
    return list(question.current_rubric().criteria.order_by("position", "id"))


def make_drill(team, question, levels=(3, 2, 4), title="Outage, well told"):
    crits = criteria(question)
    return drills.drill_create(
        organisation=team.organisation,
        question=question,
        title=title,
        transcript="We lost the queue consumer at 2am...",
        reference={c.pk: lv for c, lv in zip(crits, levels, strict=True)},
        reasoning={crits[0].pk: "Situation set out in two sentences."},
        actor=team.owner,
    )


def score(drill, user, levels):
    crits = criteria(drill.question)
    return drills.drill_attempt_submit(
        drill=drill,
        interviewer=user,
        ratings={c.pk: lv for c, lv in zip(crits, levels, strict=True)},
    )


def test_it_records_a_gold_answer_against_the_current_rubric(team, question):
    drill = make_drill(team, question)
    assert drill.rubric == question.current_rubric()
    assert list(drill.reference.values()) == [3, 2, 4]
    assert drill.reasoning[str(criteria(question)[0].pk)] == "Situation set out in two sentences."


def test_it_needs_a_reference_level_for_every_criterion(team, question):
    crits = criteria(question)
    with pytest.raises(InterviewError, match="reference level for: Action, Result"):
        drills.drill_create(
            organisation=team.organisation,
            question=question,
            title="t",
            transcript="x",
            reference={crits[0].pk: 2, crits[1].pk: 9},
            reasoning={},
            actor=team.owner,
        )


def test_it_needs_a_transcript(team, question):
    with pytest.raises(InterviewError, match="transcript"):
        drills.drill_create(
            organisation=team.organisation,
            question=question,
            title="t",
            transcript="  ",
            reference={c.pk: 2 for c in criteria(question)},
            reasoning={},
            actor=team.owner,
        )


def test_it_compares_a_blind_scoring_per_criterion(team, question):
    drill = make_drill(team, question)
    attempt = score(drill, team.interviewer, (4, None, 1))
    found = drills.results(drill, attempt)
    assert [(r.title, r.deviation, r.within) for r in found] == [
        ("Situation", 1, True),
        ("Action", None, False),
        ("Result", -3, False),
    ]


def test_it_keeps_one_attempt_and_refuses_the_author(team, question):
    drill = make_drill(team, question)
    score(drill, team.interviewer, (3, 2, 4))
    with pytest.raises(InterviewError, match="already"):
        score(drill, team.interviewer, (3, 2, 4))
    with pytest.raises(InterviewError, match="blind"):
        score(drill, team.owner, (3, 2, 4))
    assert DrillAttempt.objects.count() == 1


def test_it_needs_every_criterion_rated_or_not_assessed(team, question):
    drill = make_drill(team, question)
    with pytest.raises(InterviewError, match="Rate or mark"):
        drills.drill_attempt_submit(
            drill=drill, interviewer=team.interviewer, ratings={criteria(question)[0].pk: 1}
        )


def test_calibrated_needs_three_drills_within_one_level_on_80_percent(team, question):
    made = [make_drill(team, question, title=f"d{n}") for n in range(4)]
    score(made[0], team.interviewer, (0, 0, 0))  # oldest, all off: no longer counted
    score(made[1], team.interviewer, (3, 2, 4))
    standing = drills.standings_for(team.organisation)[team.interviewer.username]
    assert standing.drills == 2 and not standing.calibrated
    score(made[2], team.interviewer, (2, 3, 4))
    standing = drills.standings_for(team.organisation)[team.interviewer.username]
    assert standing.drills == 3 and not standing.calibrated  # 6 of 9 within
    score(made[3], team.interviewer, (4, 1, 3))
    standing = drills.standings_for(team.organisation)[team.interviewer.username]
    assert (standing.within, standing.compared) == (9, 9) and standing.calibrated


def test_the_threshold_is_inclusive_at_80_percent():
    reference = {str(n): 2 for n in range(5)}
    exactly = {**reference, "0": 4}  # 4 of 5 within one level
    standing = drills.standing([(exactly, reference)] * 3)
    assert standing.share == drills.CALIBRATED_SHARE and standing.calibrated
    below = {**exactly, "1": None}
    assert not drills.standing([(below, reference)] * 3).calibrated
