"""What a change to a session sends to its open pages, once the change has committed.

- `stage`: the candidate screen's stage, rendered once here rather than by every screen.
- `where`: the console's "Candidate is on Qn" line, the same for every panelist.
- `session`, `report`: signals (the data is the new version); each page fetches its own
  fragment, since what it shows depends on who is looking.

Every publication also bumps the screen's version (kept beside the streams, see `channel.py`),
which is what lets a polling page be answered 304 without the database (see `views.py`).
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.template.loader import render_to_string

from interviews.live import channel
from interviews.models import InterviewSession, SessionQuestion, WrittenPractice

STAGE, WHERE, SESSION, REPORT = "stage", "where", "session", "report"
# Never sent to a page: it ends the open streams of a screen link that has just been revoked.
REVOKED = "revoked"
SCREEN_EVENTS = frozenset({STAGE})
PANEL_EVENTS = frozenset({STAGE, WHERE, SESSION, REPORT})
REPORT_EVENTS = frozenset({REPORT})


def version(token: str) -> int | None:
    """The screen's version, None when there is none yet (the page is then rendered in full and
    tagged once a version exists). Never touches the database."""
    if len(token) > 64:  # no screen has such a token: not worth a lookup
        return None
    return channel.version(token)


ensure_version = channel.ensure_version


def etag(kind: str, version: int | None, *parts) -> str | None:
    if version is None:
        return None
    return '"' + "-".join(str(p) for p in (kind, *parts, version)) + '"'


def session_questions(session: InterviewSession) -> list[SessionQuestion]:
    """The session's questions as the live pages show them (position, prompt, minutes), in one
    query: the stage's question, the count and the minutes all come from this."""
    return list(session.questions.only("position", "prompt", "minutes").order_by("position"))


def screen_context(
    session: InterviewSession, questions: list[SessionQuestion] | None = None
) -> dict:
    questions = session_questions(session) if questions is None else questions
    question = next((q for q in questions if q.position == session.current_position), None)
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
        "total": len(questions),
        "practice_end_pending": practice_end_pending,
    }


def where_context(
    session: InterviewSession, questions: list[SessionQuestion] | None = None
) -> dict:
    questions = session_questions(session) if questions is None else questions
    position = session.current_position if session.started_at else None
    return {
        "session": session,
        "candidate_position": position,
        "total_minutes": sum(q.minutes for q in questions),
    }


def session_changed(
    session_pk: int,
    *kinds: str,
    session: InterviewSession | None = None,
    questions: list[SessionQuestion] | None = None,
) -> None:
    """Publish the kinds of change once the current transaction commits (at once outside one).
    A caller that holds the session as committed (and its questions) passes them, so the
    publication reads nothing again. A failure to publish is logged and never undoes or fails
    the change: pages then catch up through their polling fallback."""
    transaction.on_commit(
        lambda: publish(session_pk, set(kinds), session=session, questions=questions),
        robust=True,
    )


def revoked_mark(token: str) -> str:
    """How a revocation names the dead link in the stream, without writing the link there."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def screen_revoked(session_pk: int, token: str) -> None:
    """Once committed, end every open stream of a revoked screen link and forget its version.
    Call it before publishing the change that revoked it, so the old link's stream ends first."""

    def revoke() -> None:
        channel.forget_version(token)
        channel.publish(session_pk, [(REVOKED, revoked_mark(token))])

    transaction.on_commit(revoke, robust=True)


def publish(
    session_pk: int,
    kinds: set[str],
    *,
    session: InterviewSession | None = None,
    questions: list[SessionQuestion] | None = None,
) -> str | None:
    if session is None:
        session = InterviewSession.objects.filter(pk=session_pk).first()
        if session is None:
            return None
    current = channel.bump_version(session.screen_token)
    events = []
    if kinds & {STAGE, WHERE} and questions is None:
        questions = session_questions(session)
    if STAGE in kinds:
        context = screen_context(session, questions) | {"etag": etag("screen", current)}
        events.append((STAGE, render_to_string("interviews/screen.html#stage", context)))
    if WHERE in kinds:
        context = where_context(session, questions) | {"etag": etag("where", current)}
        events.append((WHERE, render_to_string("interviews/_console_where.html", context)))
    events += [(kind, str(current)) for kind in (SESSION, REPORT) if kind in kinds]
    return channel.publish(session_pk, events)
