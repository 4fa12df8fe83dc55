"""The two outermost middlewares: the request id, then timing, counting and the /metrics page."""

import time
from collections.abc import Callable

import sentry_sdk
from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound

from observability import metrics
from observability.request_id import HEADER, META_KEY, accept_or_generate

METRICS_PATH = "/metrics"


class _BothWays:
    """Sync under WSGI, async under ASGI: a sync-only middleware at the top of the stack would
    make Django run every view below it, the streaming async ones included, in a thread."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        if self.async_mode:
            return self.__acall__(request)
        early = self.before(request)
        if early is not None:
            return early
        return self.after(request, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        early = self.before(request)
        if early is not None:
            return early
        return self.after(request, await self.get_response(request))

    def before(self, request: HttpRequest) -> HttpResponse | None:
        return None

    def after(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return response


class RequestIdMiddleware(_BothWays):
    """Settles the request's id before anything logs, and answers it in X-Request-ID.

    django-structlog's middleware, placed after this one, reads the header this one has
    replaced, so every line of the request carries the same id.
    """

    def before(self, request: HttpRequest) -> None:
        request_id = accept_or_generate(request.META.get(META_KEY))
        request.META[META_KEY] = request_id
        request.__dict__.pop("headers", None)  # HttpRequest.headers is cached from META
        request.request_id = request_id
        sentry_sdk.set_tag("request_id", request_id)

    def after(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response[HEADER] = request.request_id
        return response


class MetricsMiddleware(_BothWays):
    """Times every request by the name of the view that answered it, and serves /metrics.

    /metrics is answered here, before the host check and the HTTPS redirect, because Prometheus
    scrapes each web container by its internal address over plain HTTP.
    """

    def before(self, request: HttpRequest) -> HttpResponse | None:
        if request.path == METRICS_PATH:
            return self.scrape(request)
        request._metrics_started = time.perf_counter()
        return None

    def after(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        metrics.request_observed(
            view=self.view_name(request),
            method=request.method or "",
            status=response.status_code,
            seconds=time.perf_counter() - request._metrics_started,
        )
        return response

    @staticmethod
    def scrape(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not metrics.may_scrape(request):
            return HttpResponseNotFound("Not Found", content_type="text/plain")
        body, content_type = metrics.render()
        response = HttpResponse(body, content_type=content_type)
        response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def view_name(request: HttpRequest) -> str:
        match = getattr(request, "resolver_match", None)
        if match is not None:
            return match.view_name
        if settings.STATIC_URL and request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return "static"
        return "unmatched"
