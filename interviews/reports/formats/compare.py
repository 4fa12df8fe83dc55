"""Two reports side by side: overall, categories and questions with the change between."""

from fractions import Fraction

from interviews import scoring
from interviews.reports.formats.display import (
    MINUS,
    category_label,
    coverage_summary,
    displays,
    show,
    was_asked,
)


def change(before: float | None, after: float | None) -> str:
    """The difference as shown: '+4.2', minus 1.0, '0.0', or an em dash when one is missing."""
    if before is None or after is None:
        return "—"
    diff = Fraction(repr(float(after))) - Fraction(repr(float(before)))
    text = scoring.display(abs(diff))
    if text == "0.0":
        return text
    return ("+" if diff > 0 else MINUS) + text


def compare(left: dict, right: dict) -> dict:
    """Two reports side by side: overall, categories, and question scores matched by key."""

    def cat(data: dict, name: str) -> str:
        shown = displays(data).get("categories", {})
        value = data["categories"].get(name)
        if value is None and name in (data.get("coverage") or {}).get("categories_not_asked", []):
            return "not asked"
        return shown.get(name) or show(value)

    names = list(left["categories"]) + [
        n for n in right["categories"] if n not in left["categories"]
    ]
    categories = [
        {
            "label": category_label(n),
            "left": cat(left, n),
            "right": cat(right, n),
            "change": change(left["categories"].get(n), right["categories"].get(n)),
        }
        for n in names
    ]

    def by_key(data: dict) -> dict[str, dict]:
        return {q.get("key") or q["id"]: q for q in data["questions"]}

    def score(data: dict, q: dict | None) -> str:
        if q is None or not was_asked(q):
            return "not asked"
        return displays(data).get("questions", {}).get(q["id"]) or show(q["score"])

    lq, rq = by_key(left), by_key(right)
    questions = []
    for key in [*lq, *(k for k in rq if k not in lq)]:
        a, b = lq.get(key), rq.get(key)
        sample = a or b
        questions.append(
            {
                "key": key,
                "summary": sample.get("summary", ""),
                "category": sample["category"],
                "category_label": category_label(sample["category"]),
                "left_position": a.get("position") if a else None,
                "right_position": b.get("position") if b else None,
                "left": score(left, a),
                "right": score(right, b),
                "change": change(a and a["score"], b and b["score"]),
            }
        )

    def asked(data: dict) -> set[str]:
        return {k for k, q in by_key(data).items() if was_asked(q)}

    return {
        "coverage": {
            "left": coverage_summary(left),
            "right": coverage_summary(right),
            "same_questions": asked(left) == asked(right),
        },
        "overall": {
            "left": displays(left).get("overall") or show(left["overall"]),
            "right": displays(right).get("overall") or show(right["overall"]),
            "change": change(left["overall"], right["overall"]),
        },
        "categories": categories,
        "questions": questions,
    }
