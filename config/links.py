"""Where every link in a page or a mail points: one origin for the whole product.

Inside a request it is the request's own origin (the host and port the person used, checked
against ALLOWED_HOSTS), so a mail written while serving them links back to the site they are on,
whatever SITE_URL says; outside one (the Celery worker, a management command) it is SITE_URL. A
mail written in a request and sent later by the outbox keeps the links it was written with.
"""

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_origin: ContextVar[str] = ContextVar("link_origin", default="")


def origin() -> str:
    """The origin links start with here and now, without a trailing slash."""
    return (_origin.get() or settings.SITE_URL).rstrip("/")


def absolute(path: str) -> str:
    """`path` (from reverse() or get_absolute_url()) as a link that works outside the page."""
    return origin() + path


class LinkOriginMiddleware:
    """Names the request's origin for everything the request writes, mails included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _origin.set(request.build_absolute_uri("/"))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
