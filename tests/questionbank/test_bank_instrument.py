"""The shipped bank as a measuring instrument: every level of every criterion says what an answer
at that level sounds like, red flags score only what no anchor does, prose is paragraphs, and
the file survives a load and an export unchanged.

Checks run per question (ids start with the category) so a failure names the question to fix.
"""

import re
from collections import Counter
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pytest
from django.core.management import call_command

from questionbank.bankfile import QuestionSpec, parse_bank, read_bank
from questionbank.models import Category, QuestionSet, follow_ups_of
from questionbank.services import bank_export

BANK_PATH = Path(__file__).resolve().parents[2] / "questionbank" / "banks" / "serverless.yaml"
BANK = read_bank(BANK_PATH)

CODE = re.compile(r"^(    |\t)")
LIST_ITEM = re.compile(r"^\s*([-*\u2022]|\d+[.)])\s")
WORD = re.compile(r"[a-z0-9]+")
# Words too common in anchors and flags to say that two texts are about the same behaviour.
COMMON = {"a", "an", "the", "of", "or", "and", "to", "in", "on", "for", "with", "is", "it", "as"}


def hard_breaks(text: str) -> list[str]:
    """Lines that continue a paragraph after a single line break: the text was wrapped by hand.
    A list item, a code line (four spaces) and the line after code start afresh."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.split("\n")
        for before, line in pairwise(lines):
            if not (CODE.match(line) or CODE.match(before) or LIST_ITEM.match(line)):
                found.append(line.strip())
    return found


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower())) - COMMON


def repeats(flag: str, anchor: str) -> bool:
    """A flag repeats an anchor when one contains the other, or they share most of their words."""
    a, b = " ".join(WORD.findall(flag.lower())), " ".join(WORD.findall(anchor.lower()))
    if a in b or b in a:
        return True
    fw, aw = words(flag), words(anchor)
    return bool(fw) and len(fw & aw) / len(fw | aw) >= 0.6


def prose_fields(question: QuestionSpec) -> dict[str, str]:
    fields = {"prompt": question.prompt, "guidance": question.guidance}
    fields |= {f"follow_ups[{n}]": f.text for n, f in enumerate(follow_ups_of(question.follow_ups))}
    fields |= {f"model_answer[{n}]": text for n, text in enumerate(question.model_answer)}
    for n, criterion in enumerate(question.criteria):
        fields[f"criteria[{n}].description"] = criterion.description
        for level, text in criterion.anchors.items():
            fields[f"criteria[{n}].anchors.{level}"] = text
    for n, flag in enumerate(question.red_flags):
        fields[f"red_flags[{n}].title"] = flag.title
    return fields


def by_question():
    return pytest.mark.parametrize(
        "question", BANK.questions, ids=[f"{q.category}-{q.key}" for q in BANK.questions]
    )


@by_question()
def test_every_criterion_has_an_anchor_at_every_level_of_its_scale(question):
    levels = [level["points"] for level in BANK.scale_for(question.category)]
    missing = {
        c.title: [level for level in levels if not c.anchors.get(level, "").strip()]
        for c in question.criteria
    }
    assert not {title: gap for title, gap in missing.items() if gap}, "levels without an anchor"


@by_question()
def test_no_red_flag_repeats_an_anchor_of_its_own_question(question):
    anchors = [text for c in question.criteria for text in c.anchors.values()]
    repeated = [
        (flag.title, anchor)
        for flag in question.red_flags
        for anchor in anchors
        if repeats(flag.title, anchor)
    ]
    assert not repeated, "a red flag scores again what an anchor already scores"


@by_question()
def test_no_prose_field_is_wrapped_by_hand(question):
    wrapped = {
        name: found for name, text in prose_fields(question).items() if (found := hard_breaks(text))
    }
    assert not wrapped, "single line breaks inside a paragraph"


def test_the_banks_own_prose_is_not_wrapped_by_hand():
    texts = {"description": BANK.description}
    for name, scale in {"scale": BANK.scale, **BANK.scales}.items():
        texts |= {f"{name}[{level['points']}]": level["descriptor"] for level in scale}
    assert not {name: found for name, text in texts.items() if (found := hard_breaks(text))}


def test_every_category_has_a_five_level_scale_of_its_own():
    assert sorted(BANK.scales) == sorted(Category.values)
    for scale in (BANK.scale, *BANK.scales.values()):
        assert [level["points"] for level in scale] == [0, 1, 2, 3, 4]


def test_every_category_scale_states_its_prompting_rule():
    assert sorted(BANK.rules) == sorted(Category.values)
    for rule in BANK.rules.values():
        assert rule["summary"] and rule["details"]


@by_question()
def test_every_question_ships_a_strong_and_a_borderline_gold_answer(question):
    golds = {gold.title: gold for gold in question.gold_answers}
    strong, borderline = golds["Strong answer"], golds["Borderline answer"]
    strong_points = [level.points for level in strong.levels.values()]
    borderline_points = [level.points for level in borderline.levels.values()]
    # Strong earns 3 or 4 on most criteria; borderline sits where raters split, 2 against 3.
    assert sum(p >= 3 for p in strong_points) > len(strong_points) / 2, strong_points
    assert min(borderline_points) <= 2 <= max(borderline_points), borderline_points
    assert sum(borderline_points) < sum(strong_points)


def test_the_bank_keeps_92_questions_and_18_in_every_category():
    counts = Counter(q.category for q in BANK.questions)
    assert len(BANK.questions) >= 92
    assert {c: counts[c] for c in Category.values if counts[c] < 18} == {}


@pytest.mark.django_db
def test_the_bank_loads_and_its_export_means_the_same():
    call_command("load_bank", str(BANK_PATH), stdout=StringIO())
    exported = bank_export(question_set=QuestionSet.objects.get(slug=BANK.slug, organisation=None))
    assert parse_bank(exported) == BANK


# The checks themselves --------------------------------------------------------------------------


def test_hard_breaks_finds_a_wrapped_paragraph_and_allows_lists_and_code():
    assert hard_breaks("One paragraph\nwrapped by hand.") == ["wrapped by hand."]
    assert hard_breaks("First.\n\nSecond.") == []
    assert hard_breaks("Listen for:\n- events\n- state\n2) scaling") == []
    assert hard_breaks("Read this:\n    def f():\n        return 1\nThen answer.") == []
    assert hard_breaks("- an item\n  continued by hand") == ["continued by hand"]


def test_repeats_spots_a_flag_that_restates_an_anchor():
    assert repeats("Logs secrets", "Logs secrets or tokens in plain text.")
    assert repeats("Grants every function admin rights", "Grants every function admin rights.")
    assert not repeats("Builds SQL from user input", "Names three of the five event sources.")
