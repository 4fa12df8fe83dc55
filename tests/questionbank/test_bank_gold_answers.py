"""Gold answers in the bank file: parsed and checked against the question's criteria, stored
against the rubric version they were rated on, loaded idempotently and all or nothing, exported
in the same style, and copied with the bank."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from questionbank.bankfile import BankFileError, parse_bank
from questionbank.models import GoldAnswer, Question, QuestionSet
from questionbank.services import bank_export, bank_load, question_set_copy

pytestmark = pytest.mark.django_db

STRONG = """\
      - title: Strong answer
        answer: |-
          Interviewer: What is FaaS?

          Candidate: Functions that run when an event arrives, billed per call.
        levels:
          Explains events:
            points: 4
            why: >-
              Names the trigger, the billing and a concrete event source: everything level 4
              asks for.
          Names limits:
            points: 3
            why: >-
              Gives the 15-minute limit but no workaround.
"""
BORDERLINE = """\
      - title: Borderline answer
        answer: |-
          Candidate: It is a function in the cloud.
        levels:
          Explains events:
            points: 2
            why: >-
              Generic.
          Names limits:
            points: 1
            why: >-
              Only after a hint.
"""


def bank_text(*golds: str, category: str = "technical") -> str:
    text = (
        "slug: gold\n"
        "title: Gold bank\n"
        "questions:\n"
        "  - key: faas\n"
        f"    category: {category}\n"
        "    prompt: What is FaaS?\n"
        "    criteria:\n"
        "      - title: Explains events\n"
        "        weight: 2\n"
        "        source: Core Concepts of Serverless Computing\n"
        "      - title: Names limits\n"
        "        weight: 1\n"
        "        source: Core Concepts of Serverless Computing\n"
    )
    if golds:
        text += "    gold_answers:\n" + "".join(golds)
    return text


def fails(text: str) -> BankFileError:
    with pytest.raises(BankFileError) as caught:
        parse_bank(text, "gold.yaml")
    return caught.value


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def load(text: str, organisation=None) -> QuestionSet:
    return bank_load(spec=parse_bank(text, "gold.yaml"), organisation=organisation).question_set


# Parsing -----------------------------------------------------------------------------------------


def test_it_parses_every_gold_answer_with_its_levels_in_criterion_order():
    spec = parse_bank(bank_text(STRONG, BORDERLINE))
    strong, borderline = spec.questions[0].gold_answers
    assert strong.title == "Strong answer"
    assert strong.answer == (
        "Interviewer: What is FaaS?\n\n"
        "Candidate: Functions that run when an event arrives, billed per call."
    )
    assert list(strong.levels) == ["Explains events", "Names limits"]
    assert strong.levels["Explains events"].points == 4
    assert strong.levels["Explains events"].why.startswith("Names the trigger, the billing")
    assert "\n" not in strong.levels["Explains events"].why
    assert borderline.levels["Names limits"].points == 1


def test_gold_answers_are_optional():
    assert parse_bank(bank_text()).questions[0].gold_answers == []


def test_an_unknown_criterion_title_is_named_with_its_line():
    text = bank_text(STRONG.replace("Names limits:", "Names limit:"))
    error = fails(text)
    assert error.line == line_of(text, "Names limit:")
    assert error.field == "questions[0] (faas).gold_answers[0].levels.Names limit"
    assert "not a criterion of this question" in error.message
    assert "Explains events; Names limits" in error.message
    assert str(error).startswith(f"gold.yaml:{error.line}: ")


def test_a_criterion_without_a_level_is_an_error_on_the_levels_line():
    text = bank_text(BORDERLINE.split("          Names limits:")[0])
    error = fails(text)
    assert error.line == line_of(text, "levels:")
    assert error.field == "questions[0] (faas).gold_answers[0].levels"
    assert error.message == "rates no level for: Names limits"


@pytest.mark.parametrize("points", ["5", "-1", "true", "2.5", "high"])
def test_points_must_be_a_level_of_the_categorys_scale(points):
    text = bank_text(STRONG.replace("points: 3", f"points: {points}"))
    error = fails(text)
    assert error.line == line_of(text, f"points: {points}")
    assert error.field.endswith(".levels.Names limits.points")
    assert "0 to 4" in error.message


def test_the_scale_is_the_questions_category_scale():
    """A category rated on three levels takes points 0..2 only."""
    scales = (
        "scale:\n"
        + "".join(f"  - {{points: {n}, label: L{n}, descriptor: D{n}}}\n" for n in range(3))
        + "scales:\n  behavioral:\n"
        + "".join(f"    - {{points: {n}, label: B{n}, descriptor: E{n}}}\n" for n in range(3))
    )
    text = bank_text(STRONG.replace("points: 4", "points: 2"), category="behavioral")
    text = text.replace("questions:\n", scales + "questions:\n", 1)
    error = fails(text)
    assert error.line == line_of(text, "points: 3") and "0 to 2" in error.message


def test_every_level_needs_a_why():
    text = bank_text(
        BORDERLINE.replace("            why: >-\n              Generic.\n", "            why: ''\n")
    )
    error = fails(text)
    assert error.field.endswith(".levels.Explains events.why")
    assert error.message == "must be non-empty text"
    text = bank_text(BORDERLINE.replace("            why: >-\n              Generic.\n", ""))
    assert fails(text).field.endswith(".levels.Explains events.why")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("title: Strong answer", "title: ''"), "gold_answers[0].title", "non-empty"),
        (("        answer: |-", "        transcript: |-"), "gold_answers[0].transcript", "unknown"),
        (
            ("            points: 3", "            points: 3\n            weight: 1"),
            "weight",
            "unknown",
        ),
    ],
)
def test_fields_of_a_gold_answer_are_checked(change, field, message):
    error = fails(bank_text(STRONG.replace(*change)))
    assert field in error.field and message in error.message


def test_two_gold_answers_of_a_question_need_different_titles():
    text = bank_text(STRONG, STRONG)
    error = fails(text)
    assert error.field == "questions[0] (faas).gold_answers[1].title"
    assert error.line == line_of(text, "title: Strong answer") + STRONG.count("\n")


def test_gold_answers_must_be_a_list():
    text = bank_text() + "    gold_answers: Strong\n"
    assert fails(text).field == "questions[0] (faas).gold_answers"


def test_a_bad_gold_answer_makes_load_bank_exit_naming_file_line_and_field(tmp_path):
    text = bank_text(STRONG.replace("Names limits:", "Names limit:"))
    path = tmp_path / "gold.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=rf"gold.yaml:{line_of(text, 'Names limit:')}: "):
        call_command("load_bank", str(path), stdout=StringIO())
    assert not GoldAnswer.objects.exists() and not QuestionSet.objects.exists()


# Loading -----------------------------------------------------------------------------------------


def test_load_stores_them_against_the_rubric_version_they_were_rated_on():
    load(bank_text(STRONG, BORDERLINE))
    question = Question.objects.get(key="faas")
    rubric = question.current_rubric()
    golds = list(question.gold_answers.live())
    assert [g.title for g in golds] == ["Strong answer", "Borderline answer"]
    events, limits = rubric.criteria.order_by("position")
    assert all(g.rubric == rubric for g in golds)
    assert golds[0].levels == {
        str(events.pk): {
            "points": 4,
            "why": "Names the trigger, the billing and a concrete event source: everything "
            "level 4 asks for.",
        },
        str(limits.pk): {"points": 3, "why": "Gives the 15-minute limit but no workaround."},
    }
    assert golds[1].reference == {str(events.pk): 2, str(limits.pk): 1}


def test_a_second_load_changes_nothing():
    text = bank_text(STRONG, BORDERLINE)
    load(text)
    before = list(GoldAnswer.objects.order_by("pk").values())
    result = bank_load(spec=parse_bank(text))
    assert "0 new, 0 updated, 1 unchanged" in str(result)
    assert list(GoldAnswer.objects.order_by("pk").values()) == before


def test_a_changed_answer_is_retired_and_replaced_and_the_unchanged_one_kept():
    load(bank_text(STRONG, BORDERLINE))
    strong, borderline = GoldAnswer.objects.order_by("position")
    result = bank_load(spec=parse_bank(bank_text(STRONG, BORDERLINE.replace("Generic.", "Vague."))))
    assert result.updated == 1
    live = list(GoldAnswer.objects.live().order_by("position"))
    assert live[0].pk == strong.pk
    assert live[1].pk != borderline.pk and "Vague." in str(live[1].levels)
    borderline.refresh_from_db()
    assert borderline.retired_at is not None and "Generic." in str(borderline.levels)


def test_a_new_rubric_version_rerates_the_gold_answers_against_it():
    load(bank_text(STRONG))
    old = GoldAnswer.objects.get()
    load(bank_text(STRONG).replace("weight: 2", "weight: 3"))
    question = Question.objects.get()
    assert question.current_rubric().number == 2
    new = question.gold_answers.live().get()
    assert new.rubric == question.current_rubric() and new.pk != old.pk
    old.refresh_from_db()
    assert old.retired_at is not None and old.rubric.number == 1


def test_dropping_them_from_the_file_retires_them():
    load(bank_text(STRONG, BORDERLINE))
    load(bank_text())
    assert not GoldAnswer.objects.live().exists() and GoldAnswer.objects.count() == 2


def test_a_load_that_fails_on_a_later_gold_answer_stores_nothing():
    second = (
        "  - key: later\n"
        "    category: technical\n"
        "    prompt: Then?\n"
        "    criteria:\n"
        "      - {title: Explains events, weight: 1, source: Deployment}\n"
        "      - {title: Names limits, weight: 1, source: Deployment}\n"
        "    gold_answers:\n" + STRONG
    )
    spec = parse_bank(bank_text(STRONG) + second)
    # A spec the parser would refuse: the second question's answer rates a criterion it lacks.
    levels = spec.questions[1].gold_answers[0].levels
    levels["Gone"] = levels.pop("Names limits")
    with pytest.raises(KeyError):
        bank_load(spec=spec)
    assert not GoldAnswer.objects.exists() and not QuestionSet.objects.exists()


# Export and copy ---------------------------------------------------------------------------------


def test_export_writes_answers_as_literal_blocks_and_whys_folded():
    question_set = load(bank_text(STRONG, BORDERLINE))
    exported = bank_export(question_set=question_set)
    assert (
        "    gold_answers:\n"
        "      - title: Strong answer\n"
        "        answer: |-\n"
        "          Interviewer: What is FaaS?\n"
        "\n"
        "          Candidate: Functions that run when an event arrives, billed per call.\n"
        "        levels:\n"
        "          Explains events:\n"
        "            points: 4\n"
        "            why: >-\n"
        "              Names the trigger, the billing and a concrete event source: "
        "everything level\n"
        "              4 asks for.\n"
    ) in exported
    # However short, an answer is a literal block and a why is folded.
    assert "        answer: |-\n          Candidate: It is a function in the cloud.\n" in exported
    assert "            why: >-\n              Generic.\n" in exported
    assert yaml.safe_load(exported)["questions"][0]["gold_answers"][1]["title"] == (
        "Borderline answer"
    )


def test_export_then_load_into_an_empty_database_then_export_is_identical():
    exported = bank_export(question_set=load(bank_text(STRONG, BORDERLINE)))
    QuestionSet.objects.all().delete()
    question_set = load(exported)
    assert bank_export(question_set=question_set) == exported
    assert parse_bank(exported).questions == parse_bank(bank_text(STRONG, BORDERLINE)).questions


def test_export_leaves_out_answers_rated_against_an_earlier_version(team):
    from questionbank.services import criterion_update, rubric_publish, rubric_revise

    copy = question_set_copy(source=load(bank_text(STRONG)), organisation=team.organisation)
    question = copy.questions.get()
    draft = rubric_revise(question=question)
    first = draft.criteria.order_by("position").first()
    criterion_update(criterion=first, title="Renamed", weight=2, source=first.source)
    rubric_publish(rubric=draft)
    exported = bank_export(question_set=copy)
    assert "gold_answers" not in exported
    parse_bank(exported)  # still a valid bank file


def test_a_copy_carries_the_gold_answers_rated_against_its_own_criteria(team):
    shared = load(bank_text(STRONG, BORDERLINE))
    copy = question_set_copy(source=shared, organisation=team.organisation)
    original, copied = Question.objects.get(question_set=shared), copy.questions.get()
    golds = list(copied.gold_answers.live())
    assert [g.title for g in golds] == ["Strong answer", "Borderline answer"]
    rubric = copied.current_rubric()
    assert all(g.rubric == rubric for g in golds)
    criteria = {str(c.pk): c.title for c in rubric.criteria.all()}
    assert {criteria[k]: v for k, v in golds[0].levels.items()} == {
        c.title: original.gold_answers.live().first().levels[str(c.pk)]
        for c in original.current_rubric().criteria.all()
    }
    assert (
        bank_export(question_set=copy).split("questions:", 1)[1]
        == bank_export(question_set=shared).split("questions:", 1)[1]
    )


def test_a_copy_leaves_retired_answers_behind(team):
    shared = load(bank_text(STRONG, BORDERLINE))
    load(bank_text(STRONG))
    copy = question_set_copy(source=shared, organisation=team.organisation)
    assert [g.title for g in GoldAnswer.objects.filter(question__question_set=copy)] == [
        "Strong answer"
    ]


def test_a_copied_question_with_gold_answers_can_still_be_deleted(team):
    from questionbank.services import question_delete

    copy = question_set_copy(
        source=load(bank_text(STRONG, BORDERLINE)), organisation=team.organisation
    )
    question_delete(question=copy.questions.get())
    assert not copy.questions.exists()
    assert GoldAnswer.objects.filter(question__question_set=copy).count() == 0
    assert GoldAnswer.objects.count() == 2  # the shared bank's own
