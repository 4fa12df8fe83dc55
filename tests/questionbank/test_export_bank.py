"""`manage.py export_bank SLUG`: the bank file format on stdout, and export/import round-trips."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from questionbank.bankfile import GoldAnswerSpec, GoldLevelSpec, parse_bank
from questionbank.models import GoldAnswer, Question, QuestionSet, RubricVersion, Tag
from questionbank.services import (
    bank_load,
    criterion_add,
    criterion_update,
    red_flag_add,
    rubric_publish,
    rubric_revise,
)
from tests.questionbank.test_bank_support import RULES, bank_spec

pytestmark = pytest.mark.django_db

REAL_BANK = Path(__file__).resolve().parents[2] / "questionbank" / "banks" / "serverless.yaml"


def export(slug: str) -> str:
    out = StringIO()
    call_command("export_bank", slug, stdout=out)
    return out.getvalue()


def load_text(tmp_path, text: str, name="bank.yaml") -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("load_bank", str(path), stdout=StringIO())


def empty_the_bank() -> None:
    QuestionSet.objects.all().delete()
    Tag.objects.all().delete()
    assert not Question.objects.exists() and not RubricVersion.objects.exists()


def test_export_then_import_into_an_empty_database_then_export_is_identical(tmp_path):
    spec = bank_spec(slug="practice", count=4, description="Line one.\nLine two.")
    bank_load(spec=spec)
    # A rubric revised through the services: the export carries the latest published version.
    question = Question.objects.get(key="question-1")
    draft = rubric_revise(question=question)
    first = draft.criteria.order_by("position").first()
    criterion_update(
        criterion=first, title="Edited title", weight="2.5", source=first.source, description=""
    )
    criterion_add(rubric=draft, title="Added", weight=1, source="Content Delivery")
    red_flag_add(rubric=draft, title="Skips tests", penalty="7.5")
    rubric_publish(rubric=draft)
    exported = export("practice")
    assert "Edited title" in exported and "weight: 2.5" in exported

    empty_the_bank()
    load_text(tmp_path, exported)
    assert export("practice") == exported
    assert parse_bank(exported).questions[1].criteria[-1].title == "Added"


def test_a_question_without_a_published_rubric_is_left_out(tmp_path):
    bank_load(spec=bank_spec(slug="practice", count=2))
    question_set = QuestionSet.objects.get(slug="practice")
    Question.objects.create(question_set=question_set, key="unfinished", category="technical")
    keys = [q["key"] for q in yaml.safe_load(export("practice"))["questions"]]
    assert keys == ["question-0", "question-1"]


def sorted_tags(spec):
    """Tags are a set: the database keeps no order, and the export lists them sorted."""
    for question in spec.questions:
        question.tags = sorted(question.tags)
    return spec


def test_the_real_bank_round_trips():
    """What the file means comes back out; only the final newline YAML keeps is not stored."""
    text = REAL_BANK.read_text(encoding="utf-8")
    call_command("load_bank", str(REAL_BANK), stdout=StringIO())
    exported = export("serverless")
    assert sorted_tags(parse_bank(exported)) == sorted_tags(parse_bank(text))


def test_the_real_banks_export_reloads_byte_identical(tmp_path):
    call_command("load_bank", str(REAL_BANK), stdout=StringIO())
    exported = export("serverless")
    empty_the_bank()
    load_text(tmp_path, exported)
    assert export("serverless") == exported


def with_gold_answers_and_rules(spec):
    """The shipped bank as it is meant to ship: every category scale with its rule and every
    question with a strong and a borderline answer (kept where the file has its own)."""
    for category in spec.scales:
        spec.rules.setdefault(category, RULES[category])
    for question in spec.questions:
        if question.gold_answers:
            continue
        question.gold_answers = [
            GoldAnswerSpec(
                title=title,
                answer=(
                    f"Interviewer: {question.prompt.splitlines()[0]}\n\n"
                    f"Candidate: A {title.lower()} to {question.key}, spoken as one long paragraph"
                    " that no editor wraps, with a number (29 s), a colon: and “quotes”.\n\n"
                    "Interviewer: And then?\n\nCandidate: Then I measure it."
                ),
                levels={
                    c.title: GoldLevelSpec(
                        points=(n + shift) % 5,
                        why=f"Meets the level-{(n + shift) % 5} anchor of “{c.title}”: says what"
                        " the anchor asks for and misses what the next level adds, so no higher.",
                    )
                    for n, c in enumerate(question.criteria)
                },
            )
            for title, shift in (("Strong answer", 3), ("Borderline answer", 2))
        ]
    return spec


def test_the_real_bank_with_gold_answers_and_rules_reloads_byte_identical(tmp_path):
    spec = with_gold_answers_and_rules(parse_bank(REAL_BANK.read_text(encoding="utf-8")))
    bank_load(spec=spec)
    exported = export("serverless")
    assert exported.count("\n    gold_answers:\n") == len(spec.questions)
    assert exported.count("\n    rule:\n") == len(spec.scales) == 4
    assert exported.count("answer: |-\n") == GoldAnswer.objects.count()
    assert sorted_tags(parse_bank(exported)) == sorted_tags(spec)
    empty_the_bank()
    load_text(tmp_path, exported)
    assert export("serverless") == exported


def test_loading_the_export_over_the_bank_changes_nothing(tmp_path):
    call_command("load_bank", str(REAL_BANK), stdout=StringIO())
    versions = RubricVersion.objects.count()
    out = StringIO()
    path = tmp_path / "again.yaml"
    path.write_text(export("serverless"), encoding="utf-8")
    call_command("load_bank", str(path), stdout=out)
    assert "0 new, 0 updated" in out.getvalue()
    assert RubricVersion.objects.count() == versions


def test_an_unknown_slug_is_an_error():
    with pytest.raises(CommandError, match="No shared bank with slug 'nope'"):
        export("nope")
