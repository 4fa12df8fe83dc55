"""Words for stored names: a category's label ("System design"), never its key."""

from django import template

from questionbank.models import Category

register = template.Library()


@register.filter
def category_label(name: str) -> str:
    return Category(name).label if name in Category.values else name.replace("_", " ").capitalize()
