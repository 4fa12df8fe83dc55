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
