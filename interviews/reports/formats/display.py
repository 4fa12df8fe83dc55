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
