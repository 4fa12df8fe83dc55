"""Builders shared by the bank tests (no tests here): small banks made through the real loader."""

from decimal import Decimal

from accounts.models import Organisation
from questionbank.bankfile import BankSpec, CriterionSpec, QuestionSpec, RedFlagSpec
from questionbank.models import Category, Difficulty, QuestionSet
from questionbank.services import bank_load

CATEGORIES = [c.value for c in Category]
DIFFICULTIES = [d.value for d in Difficulty]
STUDY = "Core Concepts of Serverless Computing"


def question_spec(n: int, **overrides) -> QuestionSpec:
    fields = {
        "key": f"question-{n}",
        "category": CATEGORIES[n % len(CATEGORIES)],
        "difficulty": DIFFICULTIES[n % len(DIFFICULTIES)],
        "minutes": 5 + n % 10,
        "tags": sorted({"practice", f"group-{n % 3}"}),
        "prompt": f"Question number {n} first line\n\nMore context for question {n}.",
        "guidance": f"Listen for point {n}.",
        "follow_ups": [f"Follow-up {n}"],
        "model_answer": [f"Model point {n}"],
        "criteria": [
            CriterionSpec(
                title=f"Explains idea {n}",
                weight=Decimal(2),
                source=STUDY,
                description="Says what and why.",
                anchors={4: f"Teaches idea {n} with a production example."},
            ),
            CriterionSpec(title=f"Names trade-offs {n}", weight=Decimal(1), source=STUDY),
        ],
        "red_flags": [RedFlagSpec(title="Blames the platform", penalty=Decimal(10))],
    }
    fields.update(overrides)
    return QuestionSpec(**fields)


def bank_spec(*, slug: str = "practice", title: str = "Practice bank", count: int = 3, **kw):
    return BankSpec(
        slug=slug, title=title, questions=[question_spec(n) for n in range(count)], **kw
    )


def make_bank(*, organisation: Organisation | None = None, count: int = 3, **kw) -> QuestionSet:
    return bank_load(spec=bank_spec(count=count, **kw), organisation=organisation).question_set


def draft_url(question, rest=""):
    return f"/bank/questions/{question.pk}/rubric/draft/{rest}"


def criterion_data(criterion, **overrides):
    """The row as the page posts it: every field, the anchor boxes holding what is saved."""
    data = {"title": criterion.title, "weight": "2", "source": STUDY, "description": ""}
    data.update({f"anchor_{points}": "" for points in range(5)})
    data.update({f"anchor_{points}": text for points, text in criterion.anchors.items()})
    data.update(overrides)
    return {f"c{criterion.pk}-{k}": v for k, v in data.items()}


# The prompting rule of each category scale, as the shipped bank states it under
# `scales.<category>.rule`; tests put them on a bank that does not carry them yet.
RULES = {
    "technical": {
        "summary": "The interviewer supplying the idea caps a criterion at 1; what a planned "
        "follow-up draws out counts in full.",
        "details": "A planned follow-up is part of the question: whatever the candidate says in "
        "answer to it is their own and can earn any level. If the interviewer has to name or "
        "explain the idea before the candidate can use it, that criterion is rated at most 1. "
        "Depth nobody asked for is what lifts a rating to 4.",
    },
    "scenario": {
        "summary": "Facts the candidate asks for are their own; a fact the interviewer offers "
        "to unblock them caps that criterion at 2.",
        "details": "Reveal a fact when the candidate asks for the evidence that holds it: it "
        "counts as their finding at any level. A fact offered unasked to get them moving caps "
        "the criterion it unblocks at 2; pointing them at the cause or the fix caps it at 1.",
    },
    "behavioral": {
        "summary": "A hypothetical answer (“I would…”) instead of a real experience caps a "
        "criterion at 1; detail drawn out by follow-ups counts in full.",
        "details": "Rate what happened and what the candidate did. When they describe what "
        "they would do or usually do, ask for a real occasion; if none comes, that part of "
        "the story is rated at most 1. Follow-ups exist to fill the gaps STAR leaves, so "
        "detail they draw out counts as if volunteered.",
    },
    "system_design": {
        "summary": "A design element added only after the interviewer names it caps that "
        "criterion at 2.",
        "details": "Clarifying questions and the interviewer's answers are part of the "
        "exercise and never cap. An element the candidate adds only once the interviewer has "
        "named the aspect (“what about failures?”) is rated at most 2 on the criterion that "
        "scores it, however well it is then sized.",
    },
}
