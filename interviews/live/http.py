"""HTTP helpers of the live pages: conditional polling (ETag and 304) and the cursor a page
hands to its event stream. Views of any package use them; they are not views."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from interviews.live import channel
from interviews.models import InterviewSession


def not_modified(request: HttpRequest, tag: str | None) -> HttpResponse | None:
    """A 304 when the page already holds this version, else None."""
    if tag is None or tag not in parse_etags(request.headers.get("If-None-Match", "")):
        return None
    return tagged(HttpResponseNotModified(), tag)


def tagged(response: HttpResponse, tag: str | None) -> HttpResponse:
    """Mark a polled answer with its version; browsers must ask again every time."""
    if tag is not None:
        response["ETag"] = tag
        patch_cache_control(response, no_cache=True, private=True)
    return response


LIVE_FIELDS = [
    "status",
    "current_position",
    "question_started_at",
    "started_at",
    "lead",
    "cancel_reason",
    "cancelled_at",
    "submitted_at",
]


def page_cursor(session: InterviewSession) -> str:
    """The id a page rendered now has seen up to, with the session's live fields read again
    after it, so no change can fall between what the page shows and where its stream starts."""
    cursor = channel.last_id(session.pk)
    session.refresh_from_db(fields=LIVE_FIELDS)
    return cursor
