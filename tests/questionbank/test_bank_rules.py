"""The prompting rule of each category scale and the planned follow-ups that do not cap: in the
bank file, stored, exported the same way, copied, and edited through the question form."""

import pytest
import yaml

from questionbank.bankfile import BankFileError, parse_bank
from questionbank.forms import follow_ups_parsed, follow_ups_text
from questionbank.models import FollowUp, Question, QuestionSet
from questionbank.services import bank_export, bank_load, question_set_copy
from tests.questionbank.test_bank_support import RULES

pytestmark = pytest.mark.django_db


def levels(indent: str, prefix: str = "") -> str:
    return "".join(
        f"{indent}- {{points: {n}, label: {prefix}L{n}, descriptor: {prefix}D{n}}}\n"
        for n in range(5)
    )


RULED = (
    "slug: ruled\n"
    "title: Ruled bank\n"
    "scales:\n"
    "  technical:\n"
    "    rule:\n"
    "      summary: The interviewer supplying the idea caps a criterion at 1.\n"
    "      details: >-\n"
    "        A planned follow-up is part of the question.\n"
    "    levels:\n"
    + levels("      ", "T")
    + "  behavioral:\n"
    + levels("    ", "B")
    + "questions:\n"
    "  - key: faas\n"
    "    category: technical\n"
    "    prompt: What is FaaS?\n"
    "    follow_ups:\n"
    "      - What does it cost?\n"
    "      - text: Where does the state go between calls?\n"
    "        names_element: true\n"
    "    criteria:\n"
    "      - {title: Explains events, weight: 1, source: Deployment}\n"
)


def fails(text: str) -> BankFileError:
    with pytest.raises(BankFileError) as caught:
        parse_bank(text, "ruled.yaml")
    return caught.value


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_category_scale_with_a_rule_is_parsed_beside_one_without():
    spec = parse_bank(RULED)
    assert spec.rules == {
        "technical": {
            "summary": "The interviewer supplying the idea caps a criterion at 1.",
            "details": "A planned follow-up is part of the question.",
        }
    }
    assert [level["label"] for level in spec.scales["technical"]] == [f"TL{n}" for n in range(5)]
    assert [level["label"] for level in spec.scales["behavioral"]] == [f"BL{n}" for n in range(5)]


def test_details_are_optional():
    text = RULED.replace(
        "      details: >-\n        A planned follow-up is part of the question.\n",
        "",
    )
    assert parse_bank(text).rules["technical"] == {
        "summary": "The interviewer supplying the idea caps a criterion at 1."
    }


@pytest.mark.parametrize(
    ("change", "needle", "field", "message"),
    [
        (("    rule:\n", "    rules:\n"), "rules:", "scales.technical.rules", "unknown field"),
        (("    levels:\n", "    steps:\n"), "steps:", "scales.technical.steps", "unknown field"),
        (
            ("      summary: The", "      text: The"),
            "text: The",
            "scales.technical.rule.text",
            "unknown field",
        ),
        (
            ("      summary: The interviewer", "      summary: |-\n        Two\n        lines"),
            "summary: |-",
            "scales.technical.rule.summary",
            "one line",
        ),
    ],
)
def test_a_bad_rule_is_named_with_its_line(change, needle, field, message):
    text = RULED.replace(*change)
    error = fails(text)
    assert error.field == field
    assert error.line == line_of(text, needle)
    assert message in error.message


def test_a_rule_is_a_mapping():
    start = RULED.index("    rule:\n")
    text = RULED[:start] + "    rule: x\n" + RULED[RULED.index("    levels:\n") :]
    error = fails(text)
    assert error.field == "scales.technical.rule" and error.line == line_of(text, "rule: x")


def test_a_scale_with_a_rule_still_needs_its_levels():
    text = RULED.replace("    levels:\n" + levels("      ", "T"), "")
    error = fails(text)
    assert error.field == "scales.technical.levels" and error.message == "is required beside a rule"


def test_the_levels_under_a_rule_are_checked_like_any_scale():
    text = RULED.replace("      - {points: 4, label: TL4, descriptor: TD4}\n", "")
    error = fails(text)
    assert error.field == "scales.technical.levels" and "must have 5 levels" in error.message


def test_a_follow_up_is_a_text_or_a_mapping_that_names_the_element():
    spec = parse_bank(RULED)
    assert spec.questions[0].follow_ups == [
        "What does it cost?",
        {"text": "Where does the state go between calls?", "names_element": True},
    ]
    plain = RULED.replace("        names_element: true\n", "        names_element: false\n")
    assert parse_bank(plain).questions[0].follow_ups[1] == "Where does the state go between calls?"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("names_element: true", "names_element: yes please"), ".names_element", "true or false"),
        (("names_element: true", "caps: false"), ".follow_ups[1].caps", "unknown field"),
        (("      - What does it cost?\n", "      - 12\n"), ".follow_ups[0]", "non-empty text"),
        (("      - text: Where", "      - text: ''\n        note: Where"), "note", "unknown"),
    ],
)
def test_a_bad_follow_up_is_named(change, field, message):
    error = fails(RULED.replace(*change))
    assert field in error.field and message in error.message


def test_rules_and_follow_ups_are_stored_exported_and_reload_identically():
    question_set = bank_load(spec=parse_bank(RULED)).question_set
    assert question_set.rule_for("technical")["summary"].endswith("caps a criterion at 1.")
    assert question_set.rule_for("behavioral") is None
    question = Question.objects.get(key="faas")
    assert question.planned_follow_ups == [
        FollowUp("What does it cost?"),
        FollowUp("Where does the state go between calls?", names_element=True),
    ]
    exported = bank_export(question_set=question_set)
    assert (
        "scales:\n"
        "  technical:\n"
        "    rule:\n"
        "      summary: The interviewer supplying the idea caps a criterion at 1.\n"
        "      details: A planned follow-up is part of the question.\n"
        "    levels:\n"
        "      - points: 0\n"
    ) in exported
    assert "  behavioral:\n    - points: 0\n" in exported
    assert (
        "    follow_ups:\n"
        "      - What does it cost?\n"
        "      - text: Where does the state go between calls?\n"
        "        names_element: true\n"
    ) in exported
    QuestionSet.objects.all().delete()
    again = bank_load(spec=parse_bank(exported)).question_set
    assert bank_export(question_set=again) == exported
    assert parse_bank(exported) == parse_bank(RULED)


def test_the_four_rules_round_trip_through_a_bank_file():
    spec = parse_bank(RULED)
    for category in RULES:
        spec.scales[category] = spec.scales["technical"]
    spec.rules = RULES
    question_set = bank_load(spec=spec).question_set
    exported = bank_export(question_set=question_set)
    assert yaml.safe_load(exported)["scales"]["scenario"]["rule"] == RULES["scenario"]
    assert parse_bank(exported).rules == RULES


def test_a_second_load_changes_nothing_and_a_new_rule_is_saved():
    bank_load(spec=parse_bank(RULED))
    assert "0 new, 0 updated, 1 unchanged" in str(bank_load(spec=parse_bank(RULED)))
    bank_load(spec=parse_bank(RULED.replace("caps a criterion at 1.", "caps it at 1.")))
    assert QuestionSet.objects.get().rule_for("technical")["summary"].endswith("caps it at 1.")


def test_a_copy_keeps_the_rules_and_the_follow_ups(team):
    shared = bank_load(spec=parse_bank(RULED)).question_set
    copy = question_set_copy(source=shared, organisation=team.organisation)
    assert copy.rules == shared.rules
    assert copy.questions.get().planned_follow_ups[1].names_element


def test_the_question_form_writes_and_reads_the_not_capping_mark():
    items = ["What does it cost?", {"text": "Where does the state go?", "names_element": True}]
    text = follow_ups_text(items)
    assert text == "What does it cost?\n[does not cap] Where does the state go?"
    assert follow_ups_parsed(text + "\n\n  [Does not cap]   \n") == items
