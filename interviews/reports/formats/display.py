"""Numbers and names as people read them, shared by every format."""

from fractions import Fraction

from interviews import scoring

# Typographic signs for people; spelled by name so they are not mistaken for x and -.
TIMES = "\N{MULTIPLICATION SIGN}"
MINUS = "\N{MINUS SIGN}"
DASH = "\N{EN DASH}"
ARROW = "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"

CATEGORY_LABELS = {
    "technical": "Technical",
    "scenario": "Scenario",
    "behavioral": "Behavioral",
    "system_design": "System design",
}


# Numbers -------------------------------------------------------------------------------------


def show(value: float | None) -> str:
    """One decimal, half up, for a float from the report file.

    The shortest repr of a stored float is the decimal it was written from (12.35, not
    12.3499…), so rounding from it agrees with the engine's exact rounding.
    """
    return scoring.display(None if value is None else Fraction(repr(float(value))))


def number(value: float | int) -> str:
    """A weight or penalty as written: 2, 1.5, 0.25."""
    return format(Fraction(repr(float(value))), "f").rstrip("0").rstrip(".") or "0"


def category_label(name: str) -> str:
    return CATEGORY_LABELS.get(name, name.replace("_", " ").capitalize())


def displays(data: dict) -> dict:
    return data.get("display") or {}


def card_display(data: dict, key: str) -> dict:
    return displays(data).get("interviewers", {}).get(key, {})


def interviewer_name(data: dict, key: str) -> str:
    return data.get("interviewer_names", {}).get(key, key)


# Coverage ------------------------------------------------------------------------------------


def was_asked(question: dict) -> bool:
    """Reports written before coverage was recorded have no `asked`: every question counted."""
    return question.get("asked", True)


def coverage_summary(data: dict) -> dict | None:
    """How much of the plan was covered, in words, or None for a report without the record."""
    coverage = data.get("coverage")
    if not coverage:
        return None
    asked, total = coverage["questions_asked"], coverage["questions_total"]
    rated, criteria = coverage["criteria_rated"], coverage["criteria_total"]
    missing = [category_label(c) for c in coverage.get("categories_not_asked", [])]
    return {
        **coverage,
        "complete": asked == total,
        "text": f"Asked {asked} of {total} question{'s' if total != 1 else ''} · "
        f"{rated} of {criteria} criteri{'a' if criteria != 1 else 'on'} rated",
        "missing_labels": missing,
        "not_asked": [
            {"position": q.get("position"), "summary": q.get("summary", "")}
            for q in data.get("questions", [])
            if not was_asked(q)
        ],
    }


def percentile_words(percentile: dict) -> str:
    """Where the report stands among the others on its plan, counted in people, not reports."""
    others = percentile["total"] - 1
    if others <= 0:
        return "The only scored report on this plan so far."
    text = (
        f"Higher than {percentile['below']} of the {others} other "
        f"candidate{'s' if others != 1 else ''} on this plan"
    )
    level = percentile["equal"] - 1
    if level > 0:
        text += f", level with {level}"
    return text + "."
