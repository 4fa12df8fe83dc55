"""Error reporting to Sentry, switched on by SENTRY_DSN alone."""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=traces_sample_rate,
        # Ratings, notes and candidate names are personal data: no bodies, no user details, no
        # frame locals, no query strings (searches are for names).
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=without_query,
    )


def without_query(event: dict, hint: dict) -> dict:
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("query_string", None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    return event
