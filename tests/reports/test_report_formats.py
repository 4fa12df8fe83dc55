"""The pure presentation helpers: rounding, formulas, comparison and chart geometry."""

import datetime as dt
from fractions import Fraction

import pytest

from interviews import scoring
from interviews.reports.formats import chart, compare, display, page


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12.35, "12.4"), (84.95, "85.0"), (84.94999, "84.9"), (0.05, "0.1"), (None, "—")],
)
def test_show_rounds_half_up_from_the_written_decimal(value, shown):
    assert display.show(value) == shown


def test_show_agrees_with_the_engine_on_exact_values():
    for n in range(0, 2001):
        exact = Fraction(n, 20)  # every .x5 boundary between 0 and 100
        assert display.show(float(exact)) == scoring.display(exact)


def test_number_writes_weights_plainly():
    assert [display.number(x) for x in (2.0, 1.5, 0.25, 10)] == ["2", "1.5", "0.25", "10"]


def test_score_formula_shows_inputs_penalty_and_floor():
    question = {
        "score": 0.0,
        "raw": 25.0,
        "penalty": 30.0,
        "red_flags": [{"penalty": 30.0}],
        "criteria": [
            {"weight": 2.0, "points": 1, "max": 4},
            {"weight": 1.0, "points": None, "max": 4},
        ],
    }
    times, minus = display.TIMES, display.MINUS
    assert page.score_formula(question) == (
        f"100 {times} (2{times}1) / (2{times}4) = 25.0 {minus} 30 red-flag penalty = 0.0 "
        "(floored at 0)"
    )


def test_score_formula_for_nothing_assessed():
    question = {"score": None, "raw": None, "red_flags": [], "criteria": []}
    assert "no score" in page.score_formula(question)


def test_change():
    assert compare.change(50.0, 62.35) == "+12.4"
    assert compare.change(62.5, 50.0) == f"{display.MINUS}12.5"
    assert compare.change(50.0, 50.0) == "0.0"
    assert compare.change(None, 50.0) == "—"


def test_progress_chart_needs_two_points_and_scales_scores():
    day = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    point = {
        "submitted_at": day,
        "overall": 0.0,
        "overall_display": "0.0",
        "categories": {"scenario": 0.0, "technical": 0.0},
        "category_display": {},
    }
    assert chart.progress_chart([point]) is None
    later = {
        **point,
        "submitted_at": day + dt.timedelta(days=7),
        "overall": 100.0,
        "overall_display": "100.0",
        "categories": {"technical": 100.0},
    }
    drawn = chart.progress_chart([point, later])
    assert [s["name"] for s in drawn["series"]] == ["overall", "technical", "scenario"]
    overall = drawn["series"][0]["dots"]
    assert overall[0]["x"] == drawn["left"] and overall[1]["x"] == drawn["right"]
    assert overall[0]["y"] == drawn["bottom"] and overall[1]["y"] == drawn["grid"][-1]["y"]
    assert len(drawn["series"][2]["dots"]) == 1  # a category missing later is not invented
    assert [t["label"] for t in drawn["ticks"]] == ["01 Jan 26", "08 Jan 26"]
