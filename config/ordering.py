"""Ordered rows kept numbered 0..n-1: one rule for bank questions, plan items and criteria."""

from collections.abc import Sequence


def swap(rows: list, index: int, offset: int) -> list:
    """Swap the row at `index` with its neighbour `offset` away; at either end nothing moves."""
    target = index + offset
    if 0 <= index < len(rows) and 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
    return rows


def renumber(rows: Sequence, field: str = "position") -> list:
    """Give the rows positions 0..n-1 in their order; return those whose position changed."""
    changed = []
    for n, row in enumerate(rows):
        if getattr(row, field) != n:
            setattr(row, field, n)
            changed.append(row)
    return changed


# The two directions a "move" button may send, as offsets for swap().
MOVES = {"up": -1, "down": 1}
