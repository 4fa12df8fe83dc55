"""Tests for the rubric scoring engine: hand-computed cases, properties, report recomputation."""

import json
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from interviews.scoring import (
    CATEGORY_ORDER,
    DEFAULT_THRESHOLDS,
    Criterion,
    Question,
    RedFlag,
    Scorecard,
    band_for,
    display,
    report_numbers,
    rounded,
    score_card,
    score_panel,
    score_question,
    weighted_mean,
)

F = Fraction


def crit(cid, points, weight=1, max_points=4):
    return Criterion(cid, f"Criterion {cid}", weight, max_points, points)


def flag(fid, penalty):
    return RedFlag(fid, f"Flag {fid}", penalty)


def question(qid, category, *criteria, weight=1, red_flags=()):
    return Question(qid, category, criteria, weight, red_flags)


def card(interviewer, *questions, recommendation=None):
    return Scorecard(interviewer, questions, recommendation)


# --- Hand-computed cases ------------------------------------------------------------------


def test_weighted_criteria():
    # earned = 2*3 + 1*1 = 7; possible = 2*4 + 1*4 = 12; raw = 100*7/12 = 175/3 = 58.33...
    result = score_question(question("q1", "technical", crit("a", 3, weight=2), crit("b", 1)))
    assert (result.earned, result.possible) == (7, 12)
    assert result.raw == result.score == F(175, 3)
    assert result.penalty == 0
    assert display(result.score) == "58.3"


def test_not_assessed_criterion_is_excluded_from_both_sums():
    # "a" not assessed -> only "b": earned = 1*3 = 3; possible = 1*4 = 4; 100*3/4 = 75
    result = score_question(question("q1", "technical", crit("a", None, weight=2), crit("b", 3)))
    assert (result.earned, result.possible, result.score) == (3, 4, 75)


def test_question_with_nothing_assessed_has_no_score_and_counts_nowhere():
    unscored = question("q1", "technical", crit("a", None), red_flags=(flag("f", 30),))
    lonely = question("q2", "behavioral", crit("a", None))
    scored = question("q3", "technical", crit("a", 2, max_points=5), weight=3)  # 100*2/5 = 40
    result = score_question(unscored)
    assert (result.raw, result.score, result.penalty) == (None, None, 0)  # flag does nothing
    card_score = score_card(card("alice", unscored, lonely, scored))
    # Only q3 counts: technical = 40, overall = 40; behavioral has no scored question at all.
    assert card_score.categories == {"technical": 40}
    assert card_score.overall == 40


def test_red_flag_penalties_are_subtracted_and_floored_at_zero():
    # raw = 100*3/4 = 75; penalties 10 + 5 = 15 -> 75 - 15 = 60
    result = score_question(
        question("q1", "technical", crit("a", 3), red_flags=(flag("f1", 10), flag("f2", 5)))
    )
    assert (result.raw, result.penalty, result.score) == (75, 15, 60)
    # raw = 100*1/4 = 25; penalty 30 -> 25 - 30 = -5 -> floored at 0
    result = score_question(question("q1", "technical", crit("a", 1), red_flags=(flag("f", 30),)))
    assert (result.raw, result.penalty, result.score) == (25, 30, 0)


def test_category_and_overall_are_plan_weighted_means():
    q1 = question("q1", "technical", crit("a", 4))  # 100*4/4 = 100, weight 1
    q2 = question("q2", "technical", crit("a", 2, max_points=5), weight=2)  # 100*2/5 = 40, w 2
    q3 = question("q3", "behavioral", crit("a", 2))  # 100*2/4 = 50, weight 1
    result = score_card(card("alice", q1, q2, q3))
    # technical = (100*1 + 40*2) / (1 + 2) = 180/3 = 60; behavioral = 50
    assert result.categories == {"technical": 60, "behavioral": 50}
    # overall over all questions, not over categories: (100*1 + 40*2 + 50*1) / 4 = 230/4 = 57.5
    assert result.overall == F(115, 2)


def test_categories_follow_plan_order_then_alphabetical():
    names = ["zeta", "system_design", "behavioral", "alpha", "technical"]
    result = score_card(card("a", *(question(n, n, crit("a", 1)) for n in names)))
    assert list(result.categories) == ["technical", "behavioral", "system_design", "alpha", "zeta"]


def test_weighted_mean_skips_missing_values():
    # (10*1 + 40*3) / (1 + 3) = 130/4 = 32.5; the None pair counts nowhere
    assert weighted_mean([(F(10), F(1)), (None, F(5)), (F(40), F(3))]) == F(65, 2)
    assert weighted_mean([(None, F(1))]) is None
    assert weighted_mean([]) is None


def test_panel_means_use_only_interviewers_who_have_the_value():
    alice = card(
        "alice",
        question("q1", "technical", crit("a", 4)),  # 100
        question("q2", "behavioral", crit("a", 2)),  # 50
        recommendation="yes",
    )
    bob = card(
        "bob",
        question("q1", "technical", crit("a", 2)),  # 50
        question("q2", "behavioral", crit("a", None)),  # not scored
        recommendation="strong_no",
    )
    panel = score_panel([alice, bob])
    # q1 = (100 + 50)/2 = 75; q2 = 50 (alice only, not (50 + 0)/2)
    assert panel.questions == {"q1": 75, "q2": 50}
    # alice: technical 100, behavioral 50, overall (100+50)/2 = 75; bob: technical 50, overall 50
    assert [c.overall for c in panel.cards] == [75, 50]
    # technical = (100+50)/2 = 75; behavioral = 50 (alice only); overall = (75+50)/2 = 62.5
    assert panel.categories == {"technical": 75, "behavioral": 50}
    assert panel.overall == F(125, 2)
    assert panel.band == "lean_no_hire"
    # Interviewers' own recommendations are reported beside, never blended in.
    assert [c.recommendation for c in panel.cards] == ["yes", "strong_no"]


def test_single_interviewer_is_a_panel_of_one():
    alice = card("alice", question("q1", "technical", crit("a", 3, weight=2), crit("b", 1)))
    panel = score_panel([alice])
    alone = score_card(alice)
    assert panel.overall == alone.overall == F(175, 3)
    assert panel.categories == alone.categories
    assert panel.questions == {"q1": F(175, 3)}
    assert panel.band == "lean_no_hire"  # 175/3 = 58.33: >= 50 and < 70


def test_zero_cards_give_an_empty_panel():
    panel = score_panel([])
    assert (panel.cards, panel.questions, panel.categories) == ((), {}, {})
    assert (panel.overall, panel.band, panel.disagreements) == (None, None, ())


def test_disagreement_is_flagged_at_spread_two_but_not_one():
    alice = card("alice", question("q1", "technical", crit("a", 4), crit("b", 3), crit("c", 0)))
    bob = card("bob", question("q1", "technical", crit("a", 2), crit("b", 2), crit("c", None)))
    carol = card("carol", question("q1", "technical", crit("a", None), crit("b", 3)))
    panel = score_panel([alice, bob, carol])
    # a: 4 - 2 = 2 -> flagged (carol did not assess); b: 3 - 2 = 1 -> not; c: one rating only
    assert len(panel.disagreements) == 1
    found = panel.disagreements[0]
    assert (found.question_id, found.criterion_id, found.title) == ("q1", "a", "Criterion a")
    assert found.points == {"alice": 4, "bob": 2}
    assert found.spread == 2


@pytest.mark.parametrize(
    ("overall", "band"),
    [
        (F(100), "strong_hire"),
        (F(85), "strong_hire"),
        (F(8499, 100), "hire"),
        (F(85) - F(1, 10**9), "hire"),
        (F(70), "hire"),
        (F(6999, 100), "lean_no_hire"),
        (F(50), "lean_no_hire"),
        (F(4999, 100), "no_hire"),
        (F(0), "no_hire"),
        (None, None),
    ],
)
def test_band_thresholds_are_inclusive(overall, band):
    assert band_for(overall, DEFAULT_THRESHOLDS) == band


def test_panel_band_at_exactly_85():
    # 100*17/20 = 85 exactly -> strong_hire
    panel = score_panel([card("alice", question("q1", "technical", crit("a", 17, max_points=20)))])
    assert panel.overall == 85
    assert panel.band == "strong_hire"


def test_custom_thresholds():
    thresholds = {"fail": Decimal("20"), "pass": "60"}  # any order, any accepted number type
    assert band_for(F(60), thresholds) == "pass"
    assert band_for(F(59), thresholds) == "fail"
    assert band_for(F(10), thresholds) == "fail"  # below every threshold -> the lowest band
    panel = score_panel([card("a", question("q1", "technical", crit("a", 3)))], thresholds)
    assert panel.band == "pass"  # 100*3/4 = 75 >= 60
    assert panel.thresholds == {"pass": 60, "fail": 20}
    assert list(panel.thresholds) == ["pass", "fail"]  # ordered high -> low


@pytest.mark.parametrize("thresholds", [{}, {"x": 101}, {"x": -1}, {"ok": 50, "x": "1000"}])
def test_bad_thresholds_are_rejected(thresholds):
    with pytest.raises(ValueError):
        band_for(F(50), thresholds)
    with pytest.raises(ValueError):
        score_panel([], thresholds)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (F(16999, 200), "85.0"),  # 84.995 -> 85.0
        (F(8495, 100), "85.0"),  # 84.95 -> half up -> 85.0
        (F(8485, 100), "84.9"),  # 84.85 -> half up -> 84.9 (half-even would give 84.8)
        (F(8494, 100), "84.9"),  # 84.94 -> 84.9
        (F(175, 3), "58.3"),  # 58.333...
        (F(0), "0.0"),
        (F(100), "100.0"),
        (None, "—"),
    ],
)
def test_display_rounds_half_up_to_one_decimal(value, shown):
    assert display(value) == shown


def test_rounded_is_an_exact_decimal():
    assert rounded(F(8495, 100)) == Decimal("85.0")
    assert str(rounded(F(2, 3))) == "0.7"
    assert rounded(None) is None


def test_numbers_are_converted_to_exact_fractions():
    c = Criterion("a", "A", Decimal("0.5"), 4, 2)
    q = Question("q", "technical", (c,), weight="1/3", red_flags=(RedFlag("f", "F", "2.5"),))
    assert c.weight == F(1, 2) and isinstance(c.weight, Fraction)
    assert q.weight == F(1, 3) and q.red_flags[0].penalty == F(5, 2)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Criterion("a", "A", 1, 4, 5),  # points > max
        lambda: Criterion("a", "A", 1, 4, -1),  # negative points
        lambda: Criterion("a", "A", 0, 4, 2),  # weight 0
        lambda: Criterion("a", "A", "-1", 4, 2),  # negative weight
        lambda: Criterion("a", "A", 1, 0, None),  # max_points < 1
        lambda: Criterion("a", "A", "abc", 4, 2),  # not a number
        lambda: RedFlag("f", "F", -1),  # negative penalty
        lambda: question("q", "technical", crit("a", 1), weight=0),  # question weight 0
        lambda: question("q", "technical", crit("a", 1), crit("a", 2)),  # duplicate criterion
        lambda: card("x", question("q", "t", crit("a", 1)), question("q", "t", crit("a", 1))),
        lambda: card("x", recommendation="maybe"),  # not a known recommendation
    ],
)
def test_bad_input_is_rejected(build):
    with pytest.raises(ValueError):
        build()


@pytest.mark.parametrize(
    "build",
    [
        lambda: Criterion("a", "A", 0.5, 4, 2),  # floats are not exact
        lambda: Criterion("a", "A", 1, 4, 2.0),
        lambda: Criterion("a", "A", 1, 4, True),
    ],
)
def test_inexact_or_odd_types_are_rejected(build):
    with pytest.raises(TypeError):
        build()


def test_panel_rejects_repeated_interviewers_and_mismatched_plans():
    q = question("q1", "technical", crit("a", 1))
    with pytest.raises(ValueError):
        score_panel([card("alice", q), card("alice", q)])
    other_scale = question("q1", "technical", crit("a", 1, max_points=5))
    with pytest.raises(ValueError):
        score_panel([card("alice", q), card("bob", other_scale)])


# --- Property tests -----------------------------------------------------------------------

weights = st.fractions(min_value=F(1, 4), max_value=5, max_denominator=4)
penalties = st.fractions(min_value=0, max_value=40, max_denominator=2)


@st.composite
def questions(draw, qid):
    criteria = []
    for i in range(draw(st.integers(1, 4))):
        top = draw(st.integers(1, 5))
        points = draw(st.none() | st.integers(0, top))
        criteria.append(Criterion(f"c{i}", f"Criterion {i}", draw(weights), top, points))
    flags = [RedFlag(f"f{i}", f"Flag {i}", p) for i, p in enumerate(draw(st.lists(penalties)))]
    category = draw(st.sampled_from([*CATEGORY_ORDER, "other"]))
    return Question(qid, category, tuple(criteria), draw(weights), tuple(flags[:3]))


@st.composite
def scorecards(draw, interviewer="alice"):
    count = draw(st.integers(1, 5))
    return Scorecard(interviewer, tuple(draw(questions(f"q{i}")) for i in range(count)))


@st.composite
def panels(draw):
    """Several interviewers rating the same plan, each skipping questions or criteria at will."""
    plan = draw(scorecards())
    names = draw(st.lists(st.sampled_from(["alice", "bob", "carol"]), min_size=1, unique=True))
    cards = []
    for name in names:
        rated = []
        for q in plan.questions:
            if draw(st.booleans()) and draw(st.booleans()):
                continue  # this interviewer did not ask this question
            criteria = [
                replace(c, points=draw(st.none() | st.integers(0, c.max_points)))
                for c in q.criteria
            ]
            raised = tuple(f for f in q.red_flags if draw(st.booleans()))
            rated.append(replace(q, criteria=tuple(criteria), red_flags=raised))
        cards.append(Scorecard(name, tuple(rated), draw(st.sampled_from([None, "yes", "no"]))))
    return cards


def question_score(assessed, penalty):
    """Independent question rule over (weight, points, max) triples: (raw, penalty, score)."""
    if not assessed:
        return None, 0, None
    raw = 100 * sum(w * p for w, p, _ in assessed) / sum(w * m for w, _, m in assessed)
    return raw, penalty, max(0, raw - penalty)


def independent_score(q):
    assessed = [(c.weight, c.points, c.max_points) for c in q.criteria if c.points is not None]
    return question_score(assessed, sum(f.penalty for f in q.red_flags))[2]


def not_lower(after, before):
    return (before is None and after is None) or after >= before


@given(panels())
def test_scores_stay_within_0_and_100(cards):
    panel = score_panel(cards)
    numbers = [panel.overall, *panel.questions.values(), *panel.categories.values()]
    for cs in panel.cards:
        numbers += [cs.overall, *cs.categories.values()]
        numbers += [n for qs in cs.questions for n in (qs.raw, qs.score)]
    assert all(0 <= n <= 100 for n in numbers if n is not None)


@given(scorecards(), st.data())
def test_raising_a_rating_never_lowers_a_score(scorecard, data):
    spots = [
        (qi, ci)
        for qi, q in enumerate(scorecard.questions)
        for ci, c in enumerate(q.criteria)
        if c.points is not None and c.points < c.max_points
    ]
    assume(spots)
    qi, ci = data.draw(st.sampled_from(spots))
    q = scorecard.questions[qi]
    c = q.criteria[ci]
    raised = replace(c, points=data.draw(st.integers(c.points + 1, c.max_points)))
    new_q = replace(q, criteria=(*q.criteria[:ci], raised, *q.criteria[ci + 1 :]))
    new_card = replace(
        scorecard, questions=(*scorecard.questions[:qi], new_q, *scorecard.questions[qi + 1 :])
    )
    before, after = score_card(scorecard), score_card(new_card)
    assert after.questions[qi].score >= before.questions[qi].score
    assert after.categories[q.category] >= before.categories[q.category]
    assert after.overall >= before.overall


@given(scorecards(), st.data())
def test_criterion_order_does_not_matter(scorecard, data):
    shuffled = replace(
        scorecard,
        questions=tuple(
            replace(q, criteria=tuple(data.draw(st.permutations(q.criteria))))
            for q in scorecard.questions
        ),
    )
    before, after = score_card(scorecard), score_card(shuffled)

    def numbers(cs):
        return [(q.earned, q.possible, q.raw, q.penalty, q.score) for q in cs.questions]

    assert numbers(after) == numbers(before)
    assert (after.categories, after.overall) == (before.categories, before.overall)


@given(scorecards(), penalties, st.data())
def test_adding_a_red_flag_never_raises_a_score(scorecard, penalty, data):
    qi = data.draw(st.integers(0, len(scorecard.questions) - 1))
    q = scorecard.questions[qi]
    flagged = replace(q, red_flags=(*q.red_flags, RedFlag("extra", "Extra", penalty)))
    new_card = replace(
        scorecard, questions=(*scorecard.questions[:qi], flagged, *scorecard.questions[qi + 1 :])
    )
    before, after = score_card(scorecard), score_card(new_card)
    assert not_lower(before.questions[qi].score, after.questions[qi].score)
    assert after.categories.keys() == before.categories.keys()
    assert all(after.categories[k] <= before.categories[k] for k in before.categories)
    assert not_lower(before.overall, after.overall)


@given(scorecards())
def test_overall_is_the_weighted_mean_of_independent_question_scores(scorecard):
    pairs = [(independent_score(q), q.weight) for q in scorecard.questions]
    pairs = [(s, w) for s, w in pairs if s is not None]
    expected = sum(s * w for s, w in pairs) / sum(w for _, w in pairs) if pairs else None
    result = score_card(scorecard)
    assert result.overall == expected
    assert [qs.score for qs in result.questions] == [
        independent_score(q) for q in scorecard.questions
    ]


# --- report_numbers -----------------------------------------------------------------------


def mean(values, weights=None):
    """Weighted mean of the values that exist; None when none exist."""
    pairs = [
        (v, w) for v, w in zip(values, weights or [1] * len(values), strict=True) if v is not None
    ]
    return sum(v * w for v, w in pairs) / sum(w for _, w in pairs) if pairs else None


def band_of(overall, thresholds):
    """Highest band reached (inclusive), else the lowest band; None without an overall."""
    if overall is None:
        return None
    by_value = sorted(thresholds, key=thresholds.get, reverse=True)
    reached = [band for band in by_value if overall >= thresholds[band]]
    return reached[0] if reached else by_value[-1]


def recompute(report):
    """Rebuild every number of a report from the report dict alone (no engine involved)."""
    interviewers = {}
    for row in report["interviewers"]:
        qs = row["questions"]
        numbers = {}
        for q in qs:
            assessed = [
                (c["weight"], c["points"], c["max"])
                for c in q["criteria"]
                if c["points"] is not None
            ]
            numbers[q["id"]] = question_score(assessed, sum(f["penalty"] for f in q["red_flags"]))
        categories = {
            cat: mean(
                [numbers[q["id"]][2] for q in qs if q["category"] == cat],
                [q["weight"] for q in qs if q["category"] == cat],
            )
            for cat in {q["category"] for q in qs}
        }
        interviewers[row["interviewer"]] = {
            "overall": mean([numbers[q["id"]][2] for q in qs], [q["weight"] for q in qs]),
            "categories": {k: v for k, v in categories.items() if v is not None},
            "questions": numbers,
        }

    panel_questions, disagreements = {}, []
    for q in report["questions"]:
        # From the panel section itself: each interviewer's ratings and the flags they raised.
        names = {name for c in q["criteria"] for name in c["points_by_interviewer"]}
        scores = []
        for name in names:
            assessed = [
                (c["weight"], c["points_by_interviewer"][name], c["max"])
                for c in q["criteria"]
                if c["points_by_interviewer"].get(name) is not None
            ]
            penalty = sum(f["penalty"] for f in q["red_flags"] if name in f["raised_by"])
            scores.append(question_score(assessed, penalty)[2])
        if mean(scores) is not None:
            panel_questions[q["id"]] = mean(scores)
        for c in q["criteria"]:
            points = {name: p for name, p in c["points_by_interviewer"].items() if p is not None}
            if points and max(points.values()) - min(points.values()) >= 2:
                spread = max(points.values()) - min(points.values())
                disagreements.append((q["id"], c["id"], points, spread))

    categories = {cat for row in interviewers.values() for cat in row["categories"]}
    return {
        "overall": mean([row["overall"] for row in interviewers.values()]),
        "band": band_of(report["overall"], report["thresholds"]),
        "categories": {
            cat: mean([row["categories"].get(cat) for row in interviewers.values()])
            for cat in categories
        },
        "questions": panel_questions,
        "disagreements": disagreements,
        "interviewers": interviewers,
    }


def engine_numbers(panel):
    """The engine's own numbers in the shape recompute() returns, as floats."""

    def f(value):
        return None if value is None else float(value)

    return {
        "overall": f(panel.overall),
        "band": panel.band,
        "categories": {k: f(v) for k, v in panel.categories.items()},
        "questions": {k: f(v) for k, v in panel.questions.items()},
        "disagreements": [
            (d.question_id, d.criterion_id, d.points, d.spread) for d in panel.disagreements
        ],
        "interviewers": {
            cs.interviewer: {
                "overall": f(cs.overall),
                "categories": {k: f(v) for k, v in cs.categories.items()},
                "questions": {
                    qs.question.id: (f(qs.raw), f(qs.penalty), f(qs.score)) for qs in cs.questions
                },
            }
            for cs in panel.cards
        },
    }


def assert_close(actual, expected):
    """Structural equality, with floats compared up to rounding noise."""
    if isinstance(expected, dict):
        assert actual.keys() == expected.keys()
        for key in expected:
            assert_close(actual[key], expected[key])
    elif isinstance(expected, list | tuple):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected, strict=True):
            assert_close(a, e)
    elif isinstance(expected, float):
        assert actual == pytest.approx(expected, rel=1e-9, abs=1e-9)
    else:
        assert actual == expected


def sample_panel():
    alice = card(
        "alice",
        question(
            "q1", "technical", crit("a", 3, weight=2), crit("b", 1), red_flags=(flag("f1", 5),)
        ),
        question("q2", "behavioral", crit("a", 4), weight=2),
        recommendation="yes",
    )
    bob = card(
        "bob",
        question(
            "q1", "technical", crit("a", 1, weight=2), crit("b", None), red_flags=(flag("f1", 5),)
        ),
        question("q3", "scenario", crit("a", None)),
        recommendation="no",
    )
    return score_panel([alice, bob])


def test_report_numbers_can_be_recomputed_from_the_file_alone():
    panel = sample_panel()
    report = json.loads(json.dumps(report_numbers(panel)))  # as read back from a file
    assert_close(recompute(report), engine_numbers(panel))
    # alice q1: 100*7/12 - 5 = 160/3; q2 = 100; overall (160/3*1 + 100*2)/3 = 760/9
    # bob q1: 100*(2*1)/(2*4) - 5 = 20; q3 unscored; overall 20
    # panel overall = (760/9 + 20)/2 = 470/9 = 52.2 -> lean_no_hire
    assert report["overall"] == float(F(470, 9))  # unrounded float
    assert report["band"] == "lean_no_hire"
    assert report["thresholds"] == {"strong_hire": 85, "hire": 70, "lean_no_hire": 50, "no_hire": 0}
    assert [q["id"] for q in report["questions"]] == ["q1", "q2", "q3"]  # first-seen order
    q1 = report["questions"][0]
    assert q1["score"] == float(F(110, 3))  # (160/3 + 20)/2 = 110/3
    assert q1["criteria"][1]["points_by_interviewer"] == {"alice": 1, "bob": None}
    assert q1["criteria"][1]["points"] == 1  # the mean of the assessed ratings only
    assert q1["red_flags"] == [
        {"id": "f1", "title": "Flag f1", "penalty": 5.0, "raised_by": ["alice", "bob"]}
    ]
    assert report["questions"][2]["score"] is None
    assert report["disagreements"] == [
        {
            "question_id": "q1",
            "criterion_id": "a",
            "title": "Criterion a",
            "points": {"alice": 3, "bob": 1},
            "spread": 2,
        }
    ]
    assert [row["recommendation"] for row in report["interviewers"]] == ["yes", "no"]


@given(panels())
def test_report_numbers_recompute_for_any_panel(cards):
    panel = score_panel(cards)
    assert_close(recompute(json.loads(json.dumps(report_numbers(panel)))), engine_numbers(panel))
