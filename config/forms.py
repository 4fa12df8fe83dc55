"""Every form field tells assistive technology what belongs to it."""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

LIMITED_WIDGETS = {"text", "textarea", "email", "url", "search"}


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
