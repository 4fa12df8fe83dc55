"""Every form field tells assistive technology what belongs to it; a name typed into any form
is cleaned the same way."""

import re
import unicodedata

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

LIMITED_WIDGETS = {"text", "textarea", "email", "url", "search"}
# Joiners shape letters in Persian, Indic scripts and emoji, so they stay; every other format
# control is invisible and only ever moves or hides the text around it.
KEPT_FORMAT = {"\u200c", "\u200d"}
SPACES = re.compile(r"\s+")


def name_clean(text: str) -> str:
    """A name as it is kept: no invisible format controls (the bidi embeddings, overrides and
    isolates U+202A-U+202E and U+2066-U+2069, the marks U+200E/U+200F, zero-width spaces, BOMs),
    which would turn a plan title beside it around or make two equal names differ; control
    characters and runs of spaces become one space; composed to NFC. NUL is left for the
    field's validator to refuse."""
    kept = (
        " "
        if unicodedata.category(c) == "Cc" and c != "\x00"
        else ""
        if unicodedata.category(c) == "Cf" and c not in KEPT_FORMAT
        else c
        for c in unicodedata.normalize("NFC", text)
    )
    return SPACES.sub(" ", "".join(kept)).strip()


class NameField(forms.CharField):
    """A person's, organisation's, candidate's or plan's name. Cleaned by name_clean; too long
    is refused with the field's error, never cut: the input carries no maxlength, which would
    let the browser drop what was pasted past it without a word."""

    default_error_messages = {
        "max_length": "Up to %(limit_value)d characters: this one has %(show_value)d.",
    }

    def to_python(self, value) -> str:
        return name_clean(super().to_python(value))

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class DescribedBoundField(BoundField):
    """Django ties help text and errors to the input; the character limit shown under a text
    field is tied too, so a screen reader hears it with the field (`templates/_form_fields.html`
    renders the elements these ids name)."""

    @property
    def limit(self) -> int | None:
        max_length = getattr(self.field, "max_length", None)
        return max_length if max_length and self.widget_type in LIMITED_WIDGETS else None

    @property
    def aria_describedby(self) -> str | None:
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        if not self.auto_id or self.is_hidden:
            return ""
        parts = [
            ("helptext", self.help_text),
            ("limit", self.limit),
            ("error", self.errors),
        ]
        return " ".join(f"{self.auto_id}_{suffix}" for suffix, shown in parts if shown)


class FormRenderer(DjangoTemplates):
    bound_field_class = DescribedBoundField
