"""The one guard every CSV download puts its text cells through."""

from typing import Any

# What a spreadsheet reads as the start of a formula (a tab or carriage return can hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text starting like a formula is prefixed so a spreadsheet shows it instead of running it;
    anything else is left as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
