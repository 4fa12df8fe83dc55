"""Text as the searches compare it, the same on SQLite and PostgreSQL: compatibility-normalised
and case-folded in every script, and also spelled in ASCII, so that what a person types finds a
name however it was written. The database's own case-insensitive match knows only A to Z on
SQLite, so the stored text and the query are both folded here and matched as plain substrings."""

import unicodedata

from anyascii import anyascii


def fold(text: str) -> str:
    """Folds "ŻÓŁĆ" and "żółć", "ΕΛΈΝΗ" and "Ελένη", "STRASSE" and "Straße" to the same text."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def searchable(text: str, *, limit: int) -> str:
    """What a row stores to be searched: the folded text, then its ASCII spelling when that
    differs, so a query typed without accents or in Latin letters ("zolc", "elene") finds it
    too. Cut to the column's length."""
    folded = fold(text)
    plain = fold(anyascii(folded))
    return (folded if plain == folded else f"{folded} {plain}")[:limit]
