"""Logging for every process: one JSON object a line in production, readable lines in development.

structlog renders both the product's structlog events and plain ``logging`` records (Django,
Celery, the product's own modules), so every line carries the bound context: the request id, the
user, the task.

Lines name people by id only. A traceback carries no frame locals (a view's locals hold
candidates, notes and ratings), and a request is logged by its path, without the query string
(searches are for names).
"""

import logging

import structlog
from structlog.tracebacks import ExceptionDictTransformer

FORMATS = ("json", "console")


def _shared_processors() -> list:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def configure_structlog() -> None:
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared_processors(),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def _essentials_first(logger, method_name, event_dict: dict) -> dict:
    """When, how bad, what and which request lead each line, for a human scanning raw JSON."""
    first = ("timestamp", "level", "event", "request_id")
    return {key: event_dict.pop(key) for key in first if key in event_dict} | event_dict


def json_formatter() -> logging.Formatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.ExceptionRenderer(ExceptionDictTransformer(show_locals=False)),
            _essentials_first,
            structlog.processors.JSONRenderer(sort_keys=False),
        ],
    )


def console_formatter() -> logging.Formatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.dev.ConsoleRenderer(
                colors=False, exception_formatter=structlog.dev.plain_traceback
            ),
        ],
    )


def logging_config(log_format: str, level: str) -> dict:
    """The LOGGING setting: every record to stderr through the chosen formatter."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "observability.logs.json_formatter"},
            "console": {"()": "observability.logs.console_formatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's default console handler would print each of its records a second time.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            # django-structlog's request_finished line replaces Django's own per-request lines.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
        },
    }


def bound(key: str):
    """A value of the current logging context (the request id, say), or None."""
    return structlog.contextvars.get_contextvars().get(key)


def request_without_query(request, log_kwargs: dict, **kwargs) -> None:
    """django-structlog logs a request as method and full path; keep the path, drop the query."""
    log_kwargs["request"] = f"{request.method} {request.path}"


def connect_request_logging() -> None:
    from django_structlog import signals

    for signal in (
        signals.bind_extra_request_metadata,
        signals.bind_extra_request_finished_metadata,
        signals.bind_extra_request_failed_metadata,
    ):
        signal.connect(request_without_query, dispatch_uid="observability.request_without_query")
