"""Question text as people write it in a bank file: a blank line starts a paragraph, a single
line break is only where the file's author wrapped the line, so it flows. Lists (lines starting
with "-", "*", "1." or "1)") keep one item a line, and code (lines indented four spaces) keeps
its layout."""

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ITEM = re.compile(r"^\s*([-*•]|\d+[.)])\s+")


def _block(block: str) -> SafeString:
    lines = [line.rstrip() for line in block.split("\n") if line.strip()]
    if any(line.startswith("    ") for line in lines):
        return format_html("<pre><code>{}</code></pre>", "\n".join(lines))
    if sum(bool(_ITEM.match(line)) for line in lines) >= 2:
        return format_html(
            "<p>{}</p>", mark_safe("<br>".join(format_html("{}", line.strip()) for line in lines))
        )
    return format_html("<p>{}</p>", " ".join(line.strip() for line in lines))


@register.filter
def paragraphs(text: str | None) -> SafeString:
    """The text escaped and split into paragraphs at blank lines, inner line breaks joined."""
    if not text:
        return SafeString("")
    blocks = _BLANK_LINE.split(str(text).replace("\r\n", "\n").replace("\r", "\n"))
    return format_html_join("", "{}", ((_block(b),) for b in blocks if b.strip()))
