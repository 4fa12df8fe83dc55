"""`manage.py load_bank PATH`: idempotent, all or nothing; a bad file names file, line, field."""

from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db.models import Max

from questionbank.models import Criterion, Question, QuestionSet, RedFlag, RubricVersion, Tag

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REAL_BANK = ROOT / "questionbank" / "banks" / "serverless.yaml"
MODELS = (QuestionSet, Question, RubricVersion, Criterion, RedFlag, Tag, Question.tags.through)


def question_yaml(key="q1", category="technical", weight="2", key_line=True) -> str:
    return (
        (f"  - key: {key}\n" if key_line else "  - prompt: Explain it.\n")
        + f"    category: {category}\n"
        + ("    prompt: Explain it.\n" if key_line else "")
        + "    tags: [basics]\n"
        + "    criteria:\n"
        + "      - title: Explains it\n"
        + f"        weight: {weight}\n"
        + '        source: "Core Concepts of Serverless Computing"\n'
        + "    red_flags:\n"
        + "      - title: Makes things up\n"
        + "        penalty: 10\n"
    )


def bank_yaml(*questions: str, title="Tiny bank") -> str:
    return f"slug: tiny\ntitle: {title}\nquestions:\n" + "".join(questions)


def write(tmp_path, text: str, name="bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth - 1]


def snapshot() -> dict:
    """Every row of the bank's tables, so 'exactly as before' can be compared."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def counts_and_max_ids() -> dict:
    return {
        model.__name__: (model.objects.count(), model.objects.aggregate(m=Max("pk"))["m"])
        for model in MODELS
    }


def load(path) -> str:
    out = StringIO()
    call_command("load_bank", str(path), stdout=out)
    return out.getvalue()


# Loading -----------------------------------------------------------------------------------------


def test_it_loads_a_bank_file(tmp_path):
    path = write(tmp_path, bank_yaml(question_yaml("q1"), question_yaml("q2")))
    output = load(path)
    assert "Bank 'tiny': 2 new, 0 updated, 0 unchanged questions" in output
    question_set = QuestionSet.objects.get(slug="tiny", organisation=None)
    assert list(question_set.questions.values_list("key", flat=True)) == ["q1", "q2"]
    rubric = question_set.questions.get(key="q1").current_rubric()
    assert rubric.number == 1 and rubric.is_published
    assert rubric.criteria.get().source == "Core Concepts of Serverless Computing"


def test_the_real_bank_loads_and_a_second_load_changes_nothing():
    load(REAL_BANK)
    before = counts_and_max_ids()
    assert before["Question"][0] > 0
    output = load(REAL_BANK)
    assert counts_and_max_ids() == before
    assert " 0 new, 0 updated, " in output
    assert "0 rubric versions published" in output


def test_second_load_of_the_same_file_writes_no_rows_and_no_versions(tmp_path):
    path = write(tmp_path, bank_yaml(question_yaml("q1"), question_yaml("q2")))
    load(path)
    before, rows = counts_and_max_ids(), snapshot()
    load(path)
    assert counts_and_max_ids() == before
    assert snapshot() == rows


def test_a_changed_rubric_gets_a_new_version_and_the_old_one_stays(tmp_path):
    load(write(tmp_path, bank_yaml(question_yaml("q1", weight="2"))))
    old = RubricVersion.objects.get()
    old_weights = list(old.criteria.values_list("weight", flat=True))
    output = load(write(tmp_path, bank_yaml(question_yaml("q1", weight="3"))))
    assert "1 updated" in output and "1 rubric version published" in output
    question = Question.objects.get(key="q1")
    assert list(question.rubric_versions.values_list("number", flat=True)) == [1, 2]
    assert list(RubricVersion.objects.get(pk=old.pk).criteria.values_list("weight", flat=True)) == (
        old_weights
    )
    assert question.current_rubric().criteria.get().weight == 3


# All or nothing ----------------------------------------------------------------------------------


def test_a_file_whose_third_question_is_bad_leaves_the_database_as_it_was(tmp_path):
    load(write(tmp_path, bank_yaml(question_yaml("q1"), question_yaml("q2"))))
    before = snapshot()
    text = bank_yaml(
        question_yaml("q1", weight="5"),  # changed: would make a new version
        question_yaml("q2"),
        question_yaml("q3", category="trivia"),
        title="Renamed bank",
    )
    with pytest.raises(CommandError):
        load(write(tmp_path, text, "bad.yaml"))
    assert snapshot() == before


def test_a_failure_while_writing_the_last_change_rolls_everything_back(tmp_path, monkeypatch):
    """Validation catches bad files before writing; this proves the write itself is atomic: the
    new questions q2 and q3 are written first, then q1's new rubric version fails."""
    load(write(tmp_path, bank_yaml(question_yaml("q1"))))
    before = snapshot()
    from questionbank import services

    calls = []

    def failing_create(**kwargs):
        calls.append(kwargs["question"].key)
        assert services.Question.objects.filter(key__in=["q2", "q3"]).count() == 2
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "rubric_create", failing_create)
    text = bank_yaml(
        question_yaml("q1", weight="4"), question_yaml("q2"), question_yaml("q3"), title="New"
    )
    with pytest.raises(RuntimeError):
        load(write(tmp_path, text))
    assert calls == ["q1"]
    assert snapshot() == before


# Bad files name the file, the line and the field -------------------------------------------------


def bad_files() -> list:
    unknown_category = bank_yaml(question_yaml("q1"), question_yaml("q2", category="trivia"))
    missing_key = bank_yaml(question_yaml("q1"), question_yaml(key_line=False))
    duplicate = bank_yaml(question_yaml("q1"), question_yaml("q1"))
    duplicate_field = bank_yaml(
        question_yaml("q1").replace("    tags:", "    category: x\n    tags:")
    )
    cases = [
        ("unknown category", unknown_category, line_of(unknown_category, "trivia"),
         "questions[1] (q2).category", "unknown category 'trivia'"),
        ("missing key", missing_key, line_of(missing_key, "- prompt:"),
         "questions[1].key", "is required"),
        ("duplicate question key", duplicate, line_of(duplicate, "key: q1", 2),
         "questions[1].key", "duplicate key 'q1'"),
        ("duplicate field in a mapping", duplicate_field, line_of(duplicate_field, "category: x"),
         "category", "duplicate key"),
    ]  # fmt: skip
    for weight in ("0", "-1", "heavy"):
        text = bank_yaml(question_yaml("q1"), question_yaml("q2", weight=weight))
        cases.append(
            (f"weight {weight}", text, line_of(text, f"weight: {weight}"),
             "questions[1] (q2).criteria[0].weight", "must be a positive number")
        )  # fmt: skip
    malformed = "slug: tiny\ntitle: Tiny\nquestions:\n  - key: q1\n    prompt: [unclosed\n"
    cases += [
        ("malformed YAML", malformed, None, "yaml", "malformed YAML"),
        ("a YAML list", "- key: q1\n- key: q2\n", 1, "questions", "not a bank file"),
        ("a mapping without questions", "slug: tiny\ntitle: Tiny\n", 1, "questions",
         "not a bank file"),
        ("an empty file", "", 1, "questions", "not a bank file"),
    ]  # fmt: skip
    return [pytest.param(*case[1:], id=case[0]) for case in cases]


@pytest.mark.parametrize(("text", "line", "field", "message"), bad_files())
def test_a_bad_file_is_refused_naming_file_line_and_field(tmp_path, text, line, field, message):
    path = write(tmp_path, text)
    with pytest.raises(CommandError) as error:
        load(path)
    where = f"{path}:{line}" if line else f"{path}:"
    assert str(error.value).startswith(where), str(error.value)
    assert f": {field}: " in str(error.value)
    assert message in str(error.value)
    assert not QuestionSet.objects.exists()


def test_malformed_yaml_names_the_line_of_the_problem(tmp_path):
    text = "slug: tiny\ntitle: Tiny\nquestions:\n  - key: q1\n    prompt: [unclosed\n"
    path = write(tmp_path, text)
    with pytest.raises(CommandError) as error:
        load(path)
    line = int(str(error.value).split(":", 2)[1])
    assert 5 <= line <= 6  # the unclosed bracket, or the end of the file it runs into


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        load(tmp_path / "nope.yaml")


# The command line --------------------------------------------------------------------------------
# As manage.py runs it (execute_from_command_line: the exit status, the two streams), in this
# process: a new interpreter per case would cost more than the case. The command closes the
# database connections when it ends, so these tests run outside a test transaction.


def run_manage(*args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `manage.py *args`."""
    out, err = StringIO(), StringIO()
    status = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            execute_from_command_line(["manage.py", *args])
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
    return status, out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("text", "line", "field", "message"), bad_files())
def test_the_command_exits_non_zero_on_a_bad_file(tmp_path, text, line, field, message):
    path = write(tmp_path, text)
    status, _, stderr = run_manage("load_bank", str(path))
    assert status != 0
    assert str(path) in stderr
    if line:
        assert f"{path}:{line}: {field}: " in stderr
    assert message in stderr
    assert not QuestionSet.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_exits_zero_and_stays_idempotent_on_a_good_file(tmp_path):
    path = write(tmp_path, bank_yaml(question_yaml("q1"), question_yaml("q2")))
    status, stdout, stderr = run_manage("load_bank", str(path))
    assert status == 0, stderr
    assert "2 new" in stdout
    status, stdout, stderr = run_manage("load_bank", str(path))
    assert status == 0, stderr
    assert "0 new, 0 updated, 2 unchanged questions; 0 rubric versions published" in stdout
