"""The event streams, and conditional answers for the pages that poll instead.

A stream view is a plain sync view: the access check and everything read from the database
happen there, as in any other view. What it returns streams from an async generator that only
waits on the channel, so under an ASGI server an open stream is a parked coroutine, not a thread.

A page names the last event it has seen (`?after=`, and the browser's `Last-Event-ID` on a
reconnect): the stream replays what came after it, or, when that is gone from the channel,
starts with a snapshot of the current state.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from interviews.access import (
    get_panel_access_for_user,
    get_session_by_screen_token,
    report_or_session_for_user,
)
from interviews.live import channel, events
from interviews.models import InterviewSession

# Streams -----------------------------------------------------------------------------------------


def frame(entry_id: str, event: str, data: str) -> bytes:
    lines = [f"id: {entry_id}", f"event: {event}"]
    lines += [f"data: {line}" for line in data.replace("\r", "").split("\n")]
    return ("\n".join(lines) + "\n\n").encode()


HEARTBEAT = b": keepalive\n\n"
# Said to whoever reads the stream while its channel (Redis) is unreachable; the browser waits
# the longer retry, and the page polls meanwhile.
UNAVAILABLE = (
    b"retry: 5000\n: live updates are unavailable for now (the live channel cannot be reached);"
    b" this page keeps polling and reconnects in 5 s\n\n"
)


def _ends(entry, closes_on: str | None) -> bool:
    """A revocation of the link this stream was opened with."""
    return closes_on is not None and entry[1] == events.REVOKED and entry[2] == closes_on


async def _stream(
    session_pk: int,
    cursor: str,
    head: list[bytes],
    wanted: frozenset,
    once: bool,
    closes_on: str | None = None,
) -> AsyncIterator[bytes]:
    # A frame with only an id moves the browser's Last-Event-ID on without an event.
    retry = b"retry: 1000\n\n" if once else b"retry: 2000\n\n"
    yield retry + b"".join(head) + f"id: {cursor}\n\n".encode()
    if once:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.LIVE_STREAM_MAX_SECONDS
    async with channel.Subscription(session_pk, cursor) as subscription:
        missed = await subscription.catch_up()
        if missed is None:  # trimmed in the meantime: end, and the reconnect gets a snapshot
            if not subscription.ready:
                yield UNAVAILABLE
            return
        last = cursor
        for entry_id, event, data in missed:
            last = entry_id
            if _ends((entry_id, event, data), closes_on):
                return
            if event in wanted:
                yield frame(entry_id, event, data)
        while (remaining := deadline - loop.time()) > 0:
            entry = await subscription.get(min(settings.LIVE_HEARTBEAT_SECONDS, remaining))
            if entry is None:
                yield HEARTBEAT
                continue
            if entry is channel.OVERFLOW:
                return
            if channel.order(entry[0]) <= channel.order(last):
                continue
            last = entry[0]
            if _ends(entry, closes_on):
                return
            if entry[1] in wanted:
                yield frame(*entry)


def _opening(
    request: HttpRequest,
    session: InterviewSession,
    wanted: frozenset,
    snapshot: Callable[[], list[tuple[str, str]]],
) -> tuple[str, list[bytes]]:
    """The frames a stream opens with, and the id it goes on after: what came after the last
    event the page has seen, or a snapshot when that is gone from the channel (or none seen)."""
    after = channel.valid_id(request.headers.get("Last-Event-ID")) or channel.valid_id(
        request.GET.get("after")
    )
    replay = None if after is None else channel.since(session.pk, after)
    if replay is None:
        cursor = channel.last_id(session.pk)  # read first: the snapshot is at least this new
        return cursor, [frame(cursor, event, data) for event, data in snapshot() if event in wanted]
    cursor = replay[-1][0] if replay else after
    return cursor, [frame(*entry) for entry in replay if entry[1] in wanted]


def stream_response(
    request: HttpRequest,
    session: InterviewSession,
    wanted: frozenset,
    snapshot: Callable[[], list[tuple[str, str]]],
    closes_on: str | None = None,
) -> StreamingHttpResponse:
    cursor, head = _opening(request, session, wanted, snapshot)
    # A WSGI server (runserver, the test server) would hold a thread per open stream: there the
    # stream answers what is new and closes, and the browser reconnects a second later.
    hold = isinstance(request, ASGIRequest) or settings.LIVE_HOLD_WSGI_STREAMS
    once = request.GET.get("once") == "1" or not hold
    if isinstance(request, ASGIRequest) and not once:
        # Django hands a request's connection back only when its response ends, which for a
        # stream is up to an hour away: give it back to the pool now, the stream needs none.
        connections.close_all()
    response = StreamingHttpResponse(
        _stream(session.pk, cursor, head, wanted, once, closes_on),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # a proxy must pass each event on at once
    return response


def _stage(session: InterviewSession) -> tuple[str, str]:
    current = events.version(session.screen_token)
    context = events.screen_context(session) | {"etag": events.etag("screen", current)}
    return events.STAGE, render_to_string("interviews/screen.html#stage", context)


def _where(session: InterviewSession) -> tuple[str, str]:
    current = events.version(session.screen_token)
    context = events.where_context(session) | {"etag": events.etag("where", current)}
    return events.WHERE, render_to_string("interviews/_console_where.html", context)


def _signals(session: InterviewSession, *kinds: str) -> list[tuple[str, str]]:
    current = str(events.version(session.screen_token) or 0)
    return [(kind, current) for kind in kinds]


@require_GET
def candidate_screen_live(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate screen's stream: anyone holding the screen's link (once a practice seat
    is taken by an account, that account alone). It ends when the link is revoked."""
    session = get_session_by_screen_token(request, token)
    return stream_response(
        request,
        session,
        events.SCREEN_EVENTS,
        lambda: [_stage(session)],
        closes_on=events.revoked_mark(token),
    )


@require_GET
@login_required
def session_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The stream of the console and the session page: the session's panel, and the
    organisation's owners, who may look."""
    session = get_panel_access_for_user(request, pk).session
    return stream_response(
        request,
        session,
        events.PANEL_EVENTS,
        lambda: [_stage(session), _where(session), *_signals(session, "session", "report")],
    )


@require_GET
@login_required
def report_live(request: HttpRequest, session_pk: int) -> HttpResponse:
    """The report status's stream: whoever may read the report (or wait for it)."""
    _report, session = report_or_session_for_user(request, session_pk)
    return stream_response(
        request, session, events.REPORT_EVENTS, lambda: _signals(session, "report")
    )
