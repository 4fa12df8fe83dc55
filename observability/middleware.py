"""The two outermost middlewares: the request id, then timing, counting and the /metrics page."""

import time
from collections.abc import Callable

import sentry_sdk
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound

from observability import metrics
from observability.request_id import HEADER, META_KEY, accept_or_generate

METRICS_PATH = "/metrics"


class RequestIdMiddleware:
    """Settles the request's id before anything logs, and answers it in X-Request-ID.

    django-structlog's middleware, placed after this one, reads the header this one has
    replaced, so every line of the request carries the same id.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept_or_generate(request.META.get(META_KEY))
        request.META[META_KEY] = request_id
        request.__dict__.pop("headers", None)  # HttpRequest.headers is cached from META
        request.request_id = request_id
        sentry_sdk.set_tag("request_id", request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class MetricsMiddleware:
    """Times every request by the name of the view that answered it, and serves /metrics.

    /metrics is answered here, before the host check and the HTTPS redirect, because Prometheus
    scrapes each web container by its internal address over plain HTTP.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == METRICS_PATH:
            return self.scrape(request)
        started = time.perf_counter()
        response = self.get_response(request)
        metrics.request_observed(
            view=self.view_name(request),
            method=request.method or "",
            status=response.status_code,
            seconds=time.perf_counter() - started,
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
