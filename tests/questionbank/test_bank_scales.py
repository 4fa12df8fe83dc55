"""A scale per category in the bank file: validated on the field, used by that category's
rubrics, written back by the export."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from questionbank.bankfile import BankFileError, parse_bank
from questionbank.models import Question, QuestionSet
from questionbank.services import bank_export, bank_load, question_set_copy, rubric_revise

pytestmark = pytest.mark.django_db

STUDY = "Core Concepts of Serverless Computing"


def levels_yaml(word: str, count: int = 5, indent: str = "    ") -> str:
    return "".join(
        f"{indent}- points: {n}\n{indent}  label: {word} {n}\n"
        f"{indent}  descriptor: {word} descriptor {n}.\n"
        for n in range(count)
    )


def bank_text(scales: str = "", anchors: str = "", category: str = "behavioral") -> str:
    return (
        "slug: scaled\ntitle: Scaled bank\n"
        + (f"scales:\n{scales}" if scales else "")
        + "questions:\n"
        + "  - key: story\n"
        + f"    category: {category}\n"
        + "    prompt: Tell me about a time.\n"
        + "    criteria:\n"
        + "      - title: Action\n"
        + "        weight: 2\n"
        + f"        source: {STUDY}\n"
        + anchors
        + "  - key: facts\n"
        + "    category: technical\n"
        + "    prompt: Explain it.\n"
        + "    criteria:\n"
        + "      - title: Explains it\n"
        + "        weight: 1\n"
        + f"        source: {STUDY}\n"
    )


BEHAVIORAL = "  behavioral:\n" + levels_yaml("Star")


def refusal(text: str) -> BankFileError:
    with pytest.raises(BankFileError) as error:
        parse_bank(text, "scaled.yaml")
    return error.value


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_it_reads_a_category_scale_and_falls_back_to_the_bank_scale():
    spec = parse_bank(bank_text(BEHAVIORAL))
    assert [level["label"] for level in spec.scale_for("behavioral")] == [
        f"Star {n}" for n in range(5)
    ]
    assert spec.scale_for("technical") == spec.scale
    assert list(spec.scales) == ["behavioral"]


def test_it_refuses_an_unknown_category_naming_its_line():
    text = bank_text("  trivia:\n" + levels_yaml("Odd"))
    error = refusal(text)
    assert (error.line, error.field) == (line_of(text, "trivia:"), "scales.trivia")
    assert "unknown category" in error.message


def test_it_refuses_a_category_scale_with_another_number_of_levels():
    text = bank_text("  behavioral:\n" + levels_yaml("Star", count=4))
    error = refusal(text)
    assert (error.line, error.field) == (line_of(text, "behavioral:"), "scales.behavioral")
    assert "must have 5 levels" in error.message


def test_it_refuses_levels_out_of_order_in_a_category_scale():
    text = bank_text(BEHAVIORAL.replace("points: 2", "points: 3"))
    error = refusal(text)
    assert error.field == "scales.behavioral[2].points"
    assert error.line == line_of(text, "points: 3")


def test_it_refuses_scales_that_are_not_a_mapping():
    text = bank_text("  - behavioral\n")
    error = refusal(text)
    assert (error.line, error.field) == (line_of(text, "scales:"), "scales")


def test_anchors_are_checked_against_their_categorys_scale():
    anchors = "        anchors:\n          5: Beyond the scale.\n"
    with_bank_default = refusal(bank_text(BEHAVIORAL, anchors))
    assert "not on the scale 0..4" in with_bank_default.message
    assert with_bank_default.field == "questions[0] (story).criteria[0].anchors"


def test_each_categorys_rubrics_are_rated_on_its_scale():
    question_set = bank_load(spec=parse_bank(bank_text(BEHAVIORAL))).question_set
    story = Question.objects.get(key="story").current_rubric()
    facts = Question.objects.get(key="facts").current_rubric()
    assert story.scale[1]["label"] == "Star 1"
    assert facts.scale == question_set.scale
    assert question_set.scale_for("behavioral") == story.scale


def test_changing_only_a_category_scale_publishes_new_versions_of_that_category_only():
    bank_load(spec=parse_bank(bank_text(BEHAVIORAL)))
    result = bank_load(spec=parse_bank(bank_text(BEHAVIORAL.replace("Star", "Told"))))
    assert result.versions_published == 1
    story = Question.objects.get(key="story")
    assert list(story.rubric_versions.values_list("number", flat=True)) == [1, 2]
    assert story.current_rubric().scale[0]["label"] == "Told 0"
    assert Question.objects.get(key="facts").rubric_versions.count() == 1


def test_the_export_writes_the_category_scales_and_reloads_the_same():
    text = bank_text(BEHAVIORAL)
    question_set = bank_load(spec=parse_bank(text)).question_set
    exported = bank_export(question_set=question_set)
    assert list(yaml.safe_load(exported)["scales"]) == ["behavioral"]
    assert parse_bank(exported) == parse_bank(text)


def test_a_bank_without_category_scales_exports_none():
    question_set = bank_load(spec=parse_bank(bank_text())).question_set
    assert "scales" not in yaml.safe_load(bank_export(question_set=question_set))


def test_a_new_draft_with_no_published_version_starts_on_its_categorys_scale():
    question_set = bank_load(spec=parse_bank(bank_text(BEHAVIORAL))).question_set
    fresh = Question.objects.create(question_set=question_set, key="fresh", category="behavioral")
    assert rubric_revise(question=fresh).scale[2]["label"] == "Star 2"


def test_a_copy_keeps_the_category_scales(team):
    source = bank_load(spec=parse_bank(bank_text(BEHAVIORAL))).question_set
    copy = question_set_copy(source=source, organisation=team.organisation)
    assert copy.scales == source.scales
    assert copy.questions.get(key="story").current_rubric().scale[4]["label"] == "Star 4"


def test_the_shipped_bank_rates_behavioral_questions_on_their_own_scale():
    call_command("load_bank", "questionbank/banks/serverless.yaml", stdout=StringIO())
    question_set = QuestionSet.objects.get(slug="serverless", organisation=None)
    assert set(question_set.scales) >= {"behavioral"}
    story = question_set.questions.filter(category="behavioral").first()
    assert story.current_rubric().scale == question_set.scales["behavioral"]
