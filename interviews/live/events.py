"""What a change to a session sends to its open pages, once the change has committed.

- `stage`: the candidate screen's stage, rendered once here rather than by every screen.
- `where`: the console's "Candidate is on Qn" line, the same for every panelist.
- `session`, `report`: signals (the data is the new version); each page fetches its own
  fragment, since what it shows depends on who is looking.

Every publication also bumps the session's version in the cache, which is what lets a polling
page be answered 304 without the database (see `views.py`).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.template.loader import render_to_string

from interviews.live import channel
from interviews.models import InterviewSession, WrittenPractice

STAGE, WHERE, SESSION, REPORT = "stage", "where", "session", "report"
SCREEN_EVENTS = frozenset({STAGE})
PANEL_EVENTS = frozenset({STAGE, WHERE, SESSION, REPORT})
REPORT_EVENTS = frozenset({REPORT})


def _version_key(token: str) -> str:
    return f"live:version:{token}"


def version(token: str) -> int | None:
    """The session's version, None when the cache has none (the page is then rendered in full
    and tagged once a version exists). Never touches the database."""
    if len(token) > 64:  # no screen has such a token: not worth a cache key
        return None
    try:
        return cache.get(_version_key(token))
    except Exception:
        return None


def ensure_version(token: str) -> int | None:
    try:
        cache.add(_version_key(token), int(time.time() * 1000), settings.LIVE_STREAM_TTL)
    except Exception:
        return None
    return version(token)


def bump_version(token: str) -> int | None:
    """A new version after every committed change. A missing key starts from the clock, so a
    version lost with the cache is never reused."""
    key = _version_key(token)
    try:
        return cache.incr(key)
    except ValueError:
        return ensure_version(token)
    except Exception:
        return None


def etag(kind: str, version: int | None, *parts) -> str | None:
    if version is None:
        return None
    return '"' + "-".join(str(p) for p in (kind, *parts, version)) + '"'


def _totals(session: InterviewSession) -> dict:
    return session.questions.aggregate(count=Count("pk"), minutes=Sum("minutes"))


def screen_context(session: InterviewSession, totals: dict | None = None) -> dict:
    question = (
        session.questions.filter(position=session.current_position)
        .only("prompt", "position", "minutes")
        .first()
    )
    total = (totals or _totals(session))["count"]
    # A live practice ends on a screen of its own for each viewer (feedback, swap, sign-up);
    # the stage pushed to every screen alike asks each to fetch it.
    practice_end_pending = (
        session.status == InterviewSession.Status.SUBMITTED
        and session.mode == InterviewSession.Mode.PRACTICE
        and not WrittenPractice.objects.filter(session_id=session.pk).exists()
    )
    return {
        "session": session,
        "question": question,
        "total": total,
        "practice_end_pending": practice_end_pending,
    }


def where_context(session: InterviewSession, totals: dict | None = None) -> dict:
    minutes = (totals or _totals(session))["minutes"] or 0
    position = session.current_position if session.started_at else None
    return {"session": session, "candidate_position": position, "total_minutes": minutes}


def session_changed(session_pk: int, *kinds: str) -> None:
    """Publish the kinds of change once the current transaction commits (at once outside one).
    A failure to publish is logged and never undoes or fails the change: pages then catch up
    through their polling fallback."""
    transaction.on_commit(lambda: publish(session_pk, set(kinds)), robust=True)


def publish(session_pk: int, kinds: set[str]) -> str | None:
    session = InterviewSession.objects.filter(pk=session_pk).first()
    if session is None:
        return None
    current = bump_version(session.screen_token)
    events = []
    totals = _totals(session) if kinds & {STAGE, WHERE} else None
    if STAGE in kinds:
        context = screen_context(session, totals) | {"etag": etag("screen", current)}
        events.append((STAGE, render_to_string("interviews/screen.html#stage", context)))
    if WHERE in kinds:
        context = where_context(session, totals) | {"etag": etag("where", current)}
        events.append((WHERE, render_to_string("interviews/_console_where.html", context)))
    events += [(kind, str(current)) for kind in (SESSION, REPORT) if kind in kinds]
    return channel.publish(session_pk, events)
