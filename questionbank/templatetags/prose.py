"""Question text as people write it in a bank file: a blank line starts a paragraph, a single
line break is only where the file's author wrapped the line, so it flows."""

import re

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@register.filter
def paragraphs(text: str | None) -> SafeString:
    """The text escaped and split into <p> elements at blank lines, inner line breaks joined."""
    if not text:
        return SafeString("")
    blocks = _BLANK_LINE.split(str(text).replace("\r\n", "\n").replace("\r", "\n"))
    flowing = (" ".join(line.strip() for line in b.split("\n") if line.strip()) for b in blocks)
    return format_html_join("", "<p>{}</p>", ((block,) for block in flowing if block))
