"""Finding a person in free text and replacing them with a label, for erasure on request."""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Value

NAME_PART = re.compile(r"\w{3,}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def name_parts(names: Iterable[str]) -> set[str]:
    """The words of a name, three letters or more: "Żółć said" names the person as surely as
    the full name does. Two-letter parts are too often ordinary words to redact."""
    return {part for name in names for part in NAME_PART.findall(_nfc(name))}


class Redactor:
    """Replaces each phrase, in any case and either Unicode form, as a whole word; drops the
    person's own words where they are quoted."""

    def __init__(self, phrases: Iterable[str], *, label: str, quotes: Iterable[str] = ()):
        ordered = sorted({_nfc(p.strip()) for p in phrases if p.strip()}, key=len, reverse=True)
        alternatives = "|".join(re.escape(p) for p in ordered)
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if ordered else None
        )
        self.label = label
        self.quotes = {q for q in quotes if q}

    def text(self, value: str) -> str:
        if not value:
            return value
        if value in self.quotes:
            return ""
        for quote in self.quotes:
            value = value.replace(f"“{quote}”", "“…”")
        if self.pattern is not None:
            composed = _nfc(value)
            if self.pattern.search(composed):
                value = self.pattern.sub(self.label, composed)
        return value

    def value(self, value):
        """A JSON value with every string in it redacted; keys and numbers stay."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        return value


@dataclass(frozen=True)
class FreeText:
    """Free-text columns of one model: how to reach its organisation, and its session if any
    (a redacted session's report quotes it and is redacted too)."""

    model: type[models.Model]
    organisation: str
    session: str | None
    fields: tuple[str, ...]
    # A link is no use half redacted: one that names the person is emptied instead.
    emptied: tuple[str, ...] = ("meeting_link",)

    def rows(self, organisation_id: int) -> models.QuerySet:
        return self.model._base_manager.filter(**{self.organisation: organisation_id})

    def redact(
        self, rows: models.QuerySet, redactor_for: Callable[[int | None], "Redactor"]
    ) -> list[tuple[int | None, int]]:
        """Rewrite the rows that name the person; returns (session id, pk) of each one changed.
        Saved with update(): a decision on record refuses save(), and erasure is the one change
        made to it."""
        session = F(self.session) if self.session else Value(None, models.BigIntegerField())
        changed = []
        for row in rows.values("pk", *self.fields, erased_session=session).iterator():
            redact = redactor_for(row["erased_session"])
            changes = {}
            for field in self.fields:
                new = redact.value(row[field])
                if new != row[field]:
                    changes[field] = "" if field in self.emptied else new
            if changes:
                changed.append((row["erased_session"], row["pk"], changes))
        for _, pk, changes in changed:  # after reading: no table is written under an open cursor
            self.model._base_manager.filter(pk=pk).update(**changes)
        return [(session_id, pk) for session_id, pk, _ in changed]
