"""Drills never enter reports, percentiles, agreement or the debrief."""

import json

import pytest
from django.core.management import call_command

from interviews.calibration import drills
from interviews.calibration.interviewers import calibration_for
from interviews.calibration.selectors import debrief_rows
from interviews.models import Drill, DrillAttempt, Rating, Report, Scorecard
from interviews.reports.selectors import plan_percentile
from questionbank.models import GoldAnswer, Question
from tests.calibration.gold import load_gold_bank
from tests.calibration.panels import make_panels

pytestmark = pytest.mark.django_db


def everything(plan, team, capsys):
    call_command("agreement", "--json")
    agreement = capsys.readouterr().out
    reports = list(Report.objects.order_by("pk").values_list("data", "overall", "band"))
    percentiles = [plan_percentile(r) for r in Report.objects.order_by("pk")]
    people = [
        (p.username, p.submitted, p.deviation, dict(p.levels), p.rated, p.not_assessed)
        for p in calibration_for(team.organisation)
    ]
    rows, _ = debrief_rows(plan=plan)
    return {
        "agreement": agreement,
        "reports": json.dumps(reports, default=str),
        "percentiles": percentiles,
        "people": people,
        "debrief": [(r["session_id"], r["overall_display"]) for r in rows],
        "ratings": Rating.objects.count(),
        "scorecards": Scorecard.objects.count(),
    }


def test_drills_change_no_number_anywhere(team, django_capture_on_commit_callbacks, capsys):
    plan, _ = make_panels(team, django_capture_on_commit_callbacks, sessions=4)
    before = everything(plan, team, capsys)
    # The same interviewers score drills on a question of the same plan, wildly off.
    question = Question.objects.get(question_set__slug="mini", key="faas-basics")
    crits = question.current_rubric().criteria.all()
    for n in range(3):
        drill = drills.drill_create(
            organisation=team.organisation,
            question=question,
            title=f"Gold {n}",
            transcript="x",
            reference={c.pk: 4 for c in crits},
            reasoning={},
            actor=team.owner,
        )
        drills.drill_attempt_submit(
            drill=drill, interviewer=team.interviewer, ratings={c.pk: 0 for c in crits}
        )
    after = everything(plan, team, capsys)
    assert after == before
    assert json.loads(before["agreement"].splitlines()[0])["units"] > 0


def test_gold_drills_shipped_with_the_bank_change_no_number_anywhere(
    team, django_capture_on_commit_callbacks, capsys
):
    plan, _ = make_panels(team, django_capture_on_commit_callbacks, sessions=4)
    before = everything(plan, team, capsys)
    # The plan's own bank gains gold answers on every question, and the panel scores them all.
    load_gold_bank()
    golds = list(GoldAnswer.objects.live().filter(question__question_set__slug="mini"))
    assert len(golds) == 6
    for gold in golds:
        for user, points in ((team.interviewer, 0), (team.owner, 4)):
            drill = drills.gold_drill(organisation=team.organisation, gold=gold)
            ratings = {c.pk: points for c in gold.rubric.criteria.all()}
            drills.drill_attempt_submit(drill=drill, interviewer=user, ratings=ratings)
    assert Drill.objects.filter(gold_answer__isnull=False).count() == 6
    assert DrillAttempt.objects.count() == 12
    assert everything(plan, team, capsys) == before
