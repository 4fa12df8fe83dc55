"""The small test bank with gold answers on every question, loaded through the real loader."""

from questionbank.bankfile import GoldAnswerSpec, GoldLevelSpec, parse_bank
from questionbank.models import GoldAnswer, QuestionSet
from questionbank.services import bank_load
from tests.data.builders import SMALL_BANK

# (title, the level every criterion deserves)
ANSWERS = (("Strong answer", 4), ("Borderline answer", 2))


def gold_bank_spec(*, why: str = "Why {title} earns {points}."):
    spec = parse_bank(SMALL_BANK, "mini.yaml")
    for question in spec.questions:
        question.gold_answers = [
            GoldAnswerSpec(
                title=title,
                answer=f"Interviewer: {question.prompt}\n\nCandidate: My answer to {question.key}.",
                levels={
                    c.title: GoldLevelSpec(points, why.format(title=c.title, points=points))
                    for c in question.criteria
                },
            )
            for title, points in ANSWERS
        ]
    return spec


def load_gold_bank(**kw) -> QuestionSet:
    """The shared mini bank with its gold answers. Load it after making plans or sessions:
    those load the mini bank without them, which retires them."""
    return bank_load(spec=gold_bank_spec(**kw)).question_set


def gold_of(question_set: QuestionSet, key: str, title: str = "Strong answer") -> GoldAnswer:
    return GoldAnswer.objects.live().get(
        question__question_set=question_set, question__key=key, title=title
    )
