"""A script's request that came without a CSRF cookie never sets one."""

from django.conf import settings
from django.http import HttpRequest


class ScriptCsrfCookieMiddleware:
    """A page left signed out (its cookies cleared, or expired) goes on polling and saving.
    Those requests carry no CSRF cookie, and any page rendered for them (a 404, a form) would set
    a new one. Sent before, and answered after, the person loads the sign-in page in another tab,
    that cookie replaces the one the form there was made with, and the sign-in fails its CSRF
    check. A script needs no cookie from what it fetched: its page set one when it loaded.

    Placed after CsrfViewMiddleware, so this runs before that middleware writes the cookie; a
    view decorated to set it (the 404 page, the sign-in form) has set it already: it is taken
    off the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if (
            request.headers.get("Sec-Fetch-Dest") == "empty"
            and settings.CSRF_COOKIE_NAME not in request.COOKIES
        ):
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
            response.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        return response
