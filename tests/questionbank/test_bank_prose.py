"""Prose in the bank file: paragraphs in, paragraphs out, and the export reloads exactly."""

import pytest
import yaml

from questionbank.bankfile import parse_bank
from questionbank.services import bank_export, bank_load

pytestmark = pytest.mark.django_db

LONG = (
    "A warm-up that checks for an accurate mental model rather than a slogan, so let the "
    "candidate talk for two or three minutes before interrupting them with a follow-up."
)
SPLIT = LONG.rfind(" ", 0, 80)
GUIDANCE = (
    f"{LONG}\n\nListen for:\n- servers still exist\n- billing follows use\n\n"
    "Show them:\n\n    def handler(event, context):\n        return event\n\nThen ask."
)

BANK = f"""slug: prose
title: Prose bank
description: >
  Questions written
  as flowing text.
questions:
  - key: q1
    category: technical
    tags: [warm-up, practice]
    prompt: >
      {LONG[:SPLIT]}
      {LONG[SPLIT + 1 :]}
    guidance: |
{"".join(f"      {line}".rstrip() + chr(10) for line in GUIDANCE.splitlines())}    criteria:
      - title: Explains it
        weight: 1
        source: Core Concepts of Serverless Computing
        anchors:
          0: >-
            {LONG}
"""


@pytest.fixture
def exported() -> str:
    return bank_export(question_set=bank_load(spec=parse_bank(BANK)).question_set)


def test_folded_prose_is_stored_as_one_paragraph_without_its_final_newline():
    spec = parse_bank(BANK)
    assert spec.description == "Questions written as flowing text."
    assert spec.questions[0].prompt == LONG
    assert spec.questions[0].guidance == GUIDANCE


def test_a_long_paragraph_is_exported_folded_and_reads_back_the_same(exported):
    assert "  prompt: >-\n" in exported
    assert "anchors:\n          0: >-\n" in exported
    folded = exported.split("prompt: >-\n", 1)[1].split("  guidance:", 1)[0]
    assert len(folded.splitlines()) >= 2
    assert all(len(line) <= 100 for line in folded.splitlines())
    assert yaml.safe_load(exported)["questions"][0]["prompt"] == LONG


def test_paragraphs_lists_and_code_are_exported_as_a_literal_block(exported):
    block = exported.split("guidance: |-\n", 1)[1].split("    criteria:", 1)[0]
    assert f"      {LONG}\n\n      Listen for:\n      - servers still exist\n" in block
    assert "          def handler(event, context):\n              return event\n" in block
    assert "  - key: q1\n    category: technical\n" in exported
    assert "    tags: [practice, warm-up]\n" in exported


def test_the_export_reloads_to_the_same_bank_and_the_same_text(exported):
    assert parse_bank(exported) == parse_bank(BANK)
    again = bank_export(question_set=bank_load(spec=parse_bank(exported)).question_set)
    assert again == exported
