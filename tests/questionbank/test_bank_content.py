"""Content checks for the serverless question bank and the guide headings it cites.

Plain pytest: no database, no Django models, so it runs with ``-p no:django``.
"""

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from questionbank import guide

REPO_ROOT = Path(__file__).resolve().parents[2]
BANK_PATH = REPO_ROOT / "questionbank" / "banks" / "serverless.yaml"

CATEGORIES = ("technical", "scenario", "behavioral", "system_design")
DIFFICULTIES = ("easy", "medium", "hard")
STAR_PARTS = ("Situation", "Task", "Action", "Result")
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

BANK = yaml.safe_load(BANK_PATH.read_text(encoding="utf-8"))
QUESTIONS = BANK["questions"]
SCALE_POINTS = {level["points"] for level in BANK["scale"]}


def _guide_path() -> Path:
    return Path(
        os.environ.get("GUIDE_PATH") or REPO_ROOT.parent / "shared" / "seeds" / guide.GUIDE_FILENAME
    )


@pytest.fixture(scope="module")
def guide_lines() -> list[str]:
    path = _guide_path()
    if not path.is_file():
        pytest.skip(f"guide not found at {path}; set GUIDE_PATH to the serverless interview guide")
    return path.read_text(encoding="utf-8").splitlines()


def _by_key(question: dict) -> str:
    return question["key"]


def _is_positive_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _non_empty_strings(items: object) -> bool:
    return isinstance(items, list) and all(isinstance(i, str) and i.strip() for i in items)


# --- guide headings -----------------------------------------------------------------------


def test_every_heading_is_a_whole_line_of_the_guide(guide_lines):
    missing = sorted(h for h in guide.HEADINGS if h not in set(guide_lines))
    assert not missing, f"not whole lines of the guide: {missing}"


def test_headings_occur_once_and_in_guide_order(guide_lines):
    positions = []
    for major, subs in guide.MAJOR_SECTIONS:
        for heading in (major, *subs):
            occurrences = [i for i, line in enumerate(guide_lines) if line == heading]
            assert len(occurrences) == 1, f"{heading!r} occurs {len(occurrences)} times"
            positions.append(occurrences[0])
    assert positions == sorted(positions)


def test_major_sections_are_the_guides_ten_sections_in_order():
    assert [major for major, _ in guide.MAJOR_SECTIONS] == [
        "Understanding Serverless Fundamentals",
        "Core Serverless Technologies",
        "Serverless Architecture Patterns",
        "Coding and Development Practices",
        "Testing and Debugging Serverless Applications",
        "Serverless Security Best Practices",
        "Serverless Interview Preparation \u2013 Technical Questions",
        "Serverless Interview Preparation \u2013 Behavioral Questions",
        "Serverless Interview Preparation \u2013 System Design",
        "Detailed FAQs",
    ]


def test_major_section_of_maps_headings_to_their_section():
    assert guide.major_section_of("Detailed FAQs") == "Detailed FAQs"
    assert (
        guide.major_section_of("Project Example: Real-time Chat Application")
        == "Serverless Interview Preparation \u2013 Behavioral Questions"
    )
    with pytest.raises(KeyError):
        guide.major_section_of("Last Word")
    with pytest.raises(KeyError):
        guide.major_section_of("DynamoDB")


# --- bank structure -----------------------------------------------------------------------


def test_bank_has_its_identity_fields():
    assert BANK["slug"] == "serverless"
    assert BANK["title"].strip()
    assert BANK["description"].strip()


def test_every_scale_level_from_0_to_4_has_a_label_and_descriptor():
    levels = {level["points"]: level for level in BANK["scale"]}
    assert sorted(levels) == [0, 1, 2, 3, 4]
    for level in levels.values():
        assert level["label"].strip()
        assert isinstance(level["descriptor"], str) and level["descriptor"].strip()


def test_bank_has_enough_questions_in_every_category():
    counts = Counter(q["category"] for q in QUESTIONS)
    assert set(counts) <= set(CATEGORIES)
    for category in CATEGORIES:
        assert counts[category] >= 18, f"{category}: only {counts[category]} questions"
    assert len(QUESTIONS) >= 92


def test_question_keys_are_unique_kebab_case():
    keys = [q["key"] for q in QUESTIONS]
    assert len(keys) == len(set(keys)), [k for k, n in Counter(keys).items() if n > 1]
    assert all(KEBAB.match(k) for k in keys), [k for k in keys if not KEBAB.match(k)]


def test_every_major_section_is_cited_by_some_criterion():
    cited = {
        guide.major_section_of(c["source"])
        for q in QUESTIONS
        for c in q["criteria"]
        if c["source"] in guide.HEADINGS
    }
    uncited = [major for major, _ in guide.MAJOR_SECTIONS if major not in cited]
    assert not uncited, f"major sections never cited: {uncited}"


@pytest.mark.parametrize("question", QUESTIONS, ids=_by_key)
def test_question_is_complete(question):
    assert question["category"] in CATEGORIES
    assert question["difficulty"] in DIFFICULTIES
    assert isinstance(question["minutes"], int) and 2 <= question["minutes"] <= 20
    assert question["tags"] and all(KEBAB.match(t) for t in question["tags"])
    assert question["prompt"].strip().splitlines()[0].strip()
    assert isinstance(question["guidance"], str) and question["guidance"].strip()
    # A follow-up that names the element it scores is written {text, names_element: true}.
    follow_ups = [f["text"] if isinstance(f, dict) else f for f in question["follow_ups"]]
    assert _non_empty_strings(follow_ups) and len(follow_ups) >= 2
    assert _non_empty_strings(question["model_answer"]) and len(question["model_answer"]) >= 3


@pytest.mark.parametrize("question", QUESTIONS, ids=_by_key)
def test_criteria_are_weighted_sourced_and_unique(question):
    criteria = question["criteria"]
    assert len(criteria) >= 3
    titles = [c["title"] for c in criteria]
    assert len(titles) == len(set(titles))
    for criterion in criteria:
        assert isinstance(criterion["title"], str) and criterion["title"].strip()
        assert _is_positive_number(criterion["weight"]), criterion["title"]
        studied = criterion.get("nearest") or criterion["source"]
        if "nearest" in criterion:
            assert criterion["source"] == guide.BEYOND_THE_GUIDE
        assert studied in guide.HEADINGS, f"unknown source {studied!r}"
        assert criterion["description"].strip()
        for points, text in (criterion.get("anchors") or {}).items():
            assert points in SCALE_POINTS, f"{criterion['title']}: anchor for level {points!r}"
            assert isinstance(text, str) and text.strip()


@pytest.mark.parametrize("question", QUESTIONS, ids=_by_key)
def test_red_flags_have_positive_penalties(question):
    red_flags = question.get("red_flags") or []
    assert len(red_flags) <= 3
    for flag in red_flags:
        assert flag["title"].strip()
        assert _is_positive_number(flag["penalty"]), flag["title"]


@pytest.mark.parametrize(
    "question", [q for q in QUESTIONS if q["category"] == "behavioral"], ids=_by_key
)
def test_behavioral_questions_are_scored_with_star(question):
    # Situation and Task may be one criterion: raters scored the same sentences twice otherwise.
    titles = [c["title"] for c in question["criteria"]]
    prefixes = [t.split(":", 1)[0].lower() for t in titles if ":" in t]
    covered = {part for prefix in prefixes for part in prefix.split(" and ")}
    for part in STAR_PARTS:
        assert part.lower() in covered, f"no {part} criterion in {titles}"
