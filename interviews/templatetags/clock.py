"""A clock on a live page (static/js/app.js ticks it): the time since a moment, against an
optional budget. A clock given an end is stopped: it shows the time up to then, for good."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


def _fmt(seconds: float) -> str:
    whole = int(abs(seconds))
    return f"{'-' if seconds < 0 else ''}{whole // 60:02d}:{whole % 60:02d}"


@register.simple_tag
def clock(since: datetime | None, until: datetime | None = None, budget_minutes: int = 0) -> str:
    """`{% clock since until budget_minutes %}`: a ticking span, or a stopped one when `until`
    is set. The text is right before any script runs, and stays right without one."""
    budget = int(budget_minutes or 0) * 60
    elapsed = ((until or timezone.now()) - since).total_seconds() if since else 0
    text = _fmt(max(elapsed, 0)) + (f" / {_fmt(budget)}" if budget else "")
    over = " over" if budget and elapsed > budget else ""
    if since is None:
        return format_html('<span class="timer" role="timer" aria-live="off">{}</span>', text)
    return format_html(
        '<span class="timer{}{}" role="timer" aria-live="off" data-since="{}"{} data-budget="{}">'
        "{}</span>",
        " stopped" if until else "",
        over,
        since.isoformat(),
        format_html(' data-until="{}"', until.isoformat()) if until else "",
        budget,
        text,
    )
