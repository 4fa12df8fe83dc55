"""A criterion the guide does not cover says so, and names the nearest heading to study."""

import pytest
import yaml

from interviews.reports.generation import _major_section
from questionbank import guide
from questionbank.bankfile import BankFileError, parse_bank
from questionbank.forms import CriterionForm
from questionbank.services import bank_export, bank_load

pytestmark = pytest.mark.django_db

NEAREST = "Securing Serverless Functions and APIs"


def bank_text(source_lines: str) -> str:
    return (
        "slug: sourced\ntitle: Sourced bank\nquestions:\n"
        "  - key: xxe\n    category: technical\n    prompt: What is XXE?\n    criteria:\n"
        "      - title: Explains XXE\n        weight: 1\n" + source_lines
    )


BEYOND = f"        source: beyond the guide\n        nearest: {NEAREST}\n"


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def refusal(text: str) -> BankFileError:
    with pytest.raises(BankFileError) as error:
        parse_bank(text, "sourced.yaml")
    return error.value


def test_it_stores_beyond_the_guide_with_the_nearest_heading():
    criterion = parse_bank(bank_text(BEYOND)).questions[0].criteria[0]
    assert criterion.nearest == NEAREST
    assert criterion.source == guide.beyond_the_guide(NEAREST)
    assert guide.study_heading(criterion.source) == NEAREST


def test_a_guide_heading_studies_itself():
    assert guide.study_heading(NEAREST) == NEAREST
    assert guide.nearest_of(NEAREST) == ""


def test_beyond_the_guide_without_a_nearest_heading_is_refused():
    text = bank_text("        source: beyond the guide\n")
    error = refusal(text)
    assert error.field == "questions[0] (xxe).criteria[0].nearest"
    assert error.line == line_of(text, "source:") and "is required" in error.message


def test_a_nearest_heading_that_is_not_in_the_guide_is_refused():
    text = bank_text("        source: beyond the guide\n        nearest: XML parsers\n")
    error = refusal(text)
    assert (error.line, error.field) == (
        line_of(text, "nearest:"),
        "questions[0] (xxe).criteria[0].nearest",
    )
    assert "not a heading of the guide" in error.message


def test_a_nearest_heading_beside_a_guide_source_is_refused():
    text = bank_text(f"        source: {NEAREST}\n        nearest: {NEAREST}\n")
    error = refusal(text)
    assert (error.line, error.field) == (
        line_of(text, "nearest:"),
        "questions[0] (xxe).criteria[0].nearest",
    )


def test_the_export_writes_both_fields_back():
    question_set = bank_load(spec=parse_bank(bank_text(BEYOND))).question_set
    exported = bank_export(question_set=question_set)
    criterion = yaml.safe_load(exported)["questions"][0]["criteria"][0]
    assert (criterion["source"], criterion["nearest"]) == ("beyond the guide", NEAREST)
    assert parse_bank(exported) == parse_bank(bank_text(BEYOND))


def test_the_report_sends_the_candidate_to_the_nearest_headings_section():
    source = guide.beyond_the_guide(NEAREST)
    assert _major_section(source) == "Serverless Security Best Practices"
    assert _major_section("Not a heading") == ""


def test_the_rubric_editor_offers_beyond_the_guide_with_a_nearest_heading():
    data = {"title": "Explains XXE", "weight": "1", "source": guide.beyond_the_guide(NEAREST)}
    form = CriterionForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["source"] == "Beyond the guide; nearest section: " + NEAREST
    assert not CriterionForm({**data, "source": "Beyond the guide"}).is_valid()
