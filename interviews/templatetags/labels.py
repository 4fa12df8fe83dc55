"""Words for stored names: a category's label ("System design"), a band's label in the words
of its kind of session, never a key."""

from django import template

from interviews.models import band_words as band_label_words
from questionbank.models import Category

register = template.Library()


@register.filter
def category_label(name: str) -> str:
    return Category(name).label if name in Category.values else name.replace("_", " ").capitalize()


@register.filter
def band_words(band: str, practice: bool) -> str:
    """A practice report's band reads "Ready" or "Not yet"; a hiring report's reads "Hire"."""
    return band_label_words(band, practice=bool(practice))
