"""`manage.py agreement --json` against the `krippendorff` package run on `export_reports`."""

import io
import json
from collections import defaultdict

import krippendorff
import numpy as np
import pytest
from django.core.management import call_command

from tests.data.builders import make_session, rate_all
from tests.data.panels import make_panels

pytestmark = pytest.mark.django_db


def lines(*args) -> list[dict]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def reference_alpha(units: list[dict]) -> float | None:
    """Alpha as the package computes it: one row per coder, one column per unit."""
    coders = sorted({who for unit in units for who in unit})
    data = np.array(
        [[np.nan if unit.get(c) is None else unit[c] for unit in units] for c in coders],
        dtype=float,
    )
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
    except ValueError:
        return None
    return float(value) if np.isfinite(value) else None


def pairable(units: list[dict]) -> int:
    return sum(1 for u in units if sum(p is not None for p in u.values()) >= 2)


def units_from_export(reports: list[dict]):
    """Straight from the JSON: per plan and per (question key, criterion title), the points of
    each interviewer, for sessions rated by two or more interviewers."""
    plans: dict[int, list[dict]] = defaultdict(list)
    criteria: dict[int, dict[tuple, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for report in reports:
        if len(report["interviewers"]) < 2:
            continue
        plan = report["session"]["plan"]["id"]
        keys = {q["id"]: q["key"] for q in report["questions"]}
        units: dict[tuple, dict] = {}
        titles: dict[tuple, str] = {}
        for card in report["interviewers"]:
            for q in card["questions"]:
                for c in q["criteria"]:
                    units.setdefault((q["id"], c["id"]), {})[card["interviewer"]] = c["points"]
                    titles[q["id"], c["id"]] = (keys[q["id"]], c["title"])
        for unit_id, unit in units.items():
            plans[plan].append(unit)
            criteria[plan][titles[unit_id]].append(unit)
    return plans, criteria


def test_it_gives_the_alpha_the_reference_package_computes_from_the_export(
    team, django_capture_on_commit_callbacks
):
    plan, _ = make_panels(team, django_capture_on_commit_callbacks, sessions=6)
    # A single-interviewer session on the same plan is no panel and changes nothing.
    solo = make_session(team.organisation, [team.owner], plan=plan, candidate_name="Solo")
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(solo, team.owner, lambda n: 4)

    plans, criteria = units_from_export(lines("export_reports"))
    (row,) = lines("agreement", "--json")

    assert set(row) == {"plan", "title", "alpha", "units", "criteria"}
    assert (row["plan"], row["title"]) == (plan.pk, "Panel loop")
    expected = reference_alpha(plans[plan.pk])
    assert expected is not None
    assert row["alpha"] == pytest.approx(expected, abs=1e-9)
    assert row["units"] == pairable(plans[plan.pk])
    assert [(c["question"], c["criterion"]) for c in row["criteria"]] == list(criteria[plan.pk])
    for c in row["criteria"]:
        units = criteria[plan.pk][c["question"], c["criterion"]]
        theirs = reference_alpha(units)
        assert c["units"] == pairable(units) and c["units"] <= 6
        if theirs is None:
            assert c["alpha"] is None
        else:
            assert c["alpha"] == pytest.approx(theirs, abs=1e-9)


def test_it_prints_nothing_for_plans_without_panels(team, django_capture_on_commit_callbacks):
    solo = make_session(team.organisation, [team.owner], candidate_name="Solo")
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(solo, team.owner)
    assert lines("agreement", "--json") == []


def test_it_says_null_when_alpha_is_undefined(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner, team.interviewer])
    for user in (team.owner, team.interviewer):
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, user, lambda n: 3)  # everyone gives 3 everywhere: no variation
    (row,) = lines("agreement", "--json")
    assert row["alpha"] is None and row["units"] == 7
    assert all(c["alpha"] is None and c["units"] == 1 for c in row["criteria"])


def test_it_reads_plainly_without_json(team, django_capture_on_commit_callbacks):
    make_panels(team, django_capture_on_commit_callbacks, sessions=2)
    out = io.StringIO()
    call_command("agreement", stdout=out)
    assert "Panel loop" in out.getvalue() and "alpha" in out.getvalue()


def test_on_the_demo_data_every_plan_and_criterion_matches_the_reference(
    django_capture_on_commit_callbacks,
):
    call_command("load_bank", "questionbank/banks/serverless.yaml", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    plans, criteria = units_from_export(lines("export_reports"))
    rows = lines("agreement", "--json")
    assert [row["plan"] for row in rows] == list(plans)
    for row in rows:
        assert row["alpha"] == pytest.approx(reference_alpha(plans[row["plan"]]), abs=1e-9)
        assert row["units"] == pairable(plans[row["plan"]])
        for c in row["criteria"]:
            units = criteria[row["plan"]][c["question"], c["criterion"]]
            assert c["units"] == pairable(units) == 6
            assert c["alpha"] == pytest.approx(reference_alpha(units), abs=1e-9)
    assert 0.667 <= rows[0]["alpha"] < 0.8  # tentative, with weaker criteria to look at
