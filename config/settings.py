"""Settings for every environment, read from the process environment.

A newcomer needs only DEBUG=true (the Makefile sets it): SQLite and in-process Celery tasks are the
defaults. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS; DEBUG is off
unless set, so a deployment that forgets it shows no tracebacks. A malformed value stops the
process at start-up rather than surfacing later as a confusing error.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true or false.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_database(name: str, default: str) -> dict:
    url = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a usable database URL: {exc}") from exc
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={url!r} names no database.")
    if env_bool("DATABASE_POOL", default=False) and config["ENGINE"].endswith("postgresql"):
        # Under the ASGI server each request's sync code runs in a thread of its own, so
        # persistent per-thread connections would pile up until PostgreSQL refuses more. A pool
        # per process bounds them (bin/prod web turns it on); a request waits for a free one.
        size = int(os.environ.get("DATABASE_POOL_SIZE", "8"))
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        config.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": size, "timeout": 10}
    if config["ENGINE"].endswith("sqlite3"):
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return config


# The embedded default serves real people too: a panel's autosaves, a lead's moves and the
# candidate's pad write at once. WAL lets readers go on while one writer writes; IMMEDIATE takes
# the write lock when a transaction begins, so two writers queue on the busy timeout instead of
# one failing with "database is locked" when it upgrades a read lock half-way through.
SQLITE_OPTIONS = {
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        " PRAGMA journal_size_limit=67108864;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def env_redis(name: str) -> str:
    url = os.environ.get(name, "").strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"{name}={url!r} must start with redis://, rediss:// or unix://."
        )
    return url


# Off unless asked for: a forgotten variable must not serve tracebacks and the URL list.
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"
REDIS_URL = env_redis("REDIS_URL")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Django's admin edits any row of any organisation: off in production unless asked for.
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "outbox",
    "accounts",
    "questionbank",
    "interviews",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.static.StaticFilesMiddleware",  # WhiteNoise, with async bodies under ASGI
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.links.LinkOriginMiddleware",  # after CommonMiddleware has refused a bad Host
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.csrf.ScriptCsrfCookieMiddleware",  # after CsrfViewMiddleware: runs before its cookie
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.organisation",
            ],
        },
    },
]

# `make run` (uvicorn, which reloads on Python files only) reads templates afresh on every render,
# so an edited template shows on the next request, as under runserver.
if env_bool("TEMPLATES_FROM_DISK", default=False):
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]

# Form fields name their help, length limit and errors in aria-describedby (config/forms.py).
FORM_RENDERER = "config.forms.FormRenderer"

# Rate-limit counters (accounts/ratelimit.py) must be shared by every web process: Redis when
# there is one, else the process's memory (a single development server).
# A cache that stops answering costs a request at most these timeouts (config/cache.py).
CACHES = {
    "default": {
        "BACKEND": "config.cache.RedisCache",  # Django's, with one client per process
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "interviews:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Five wrong passwords for one username from one address lock that pair out for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

_mail_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", default=False),
            # A server that answers nothing must not hold a sender (a request, without a
            # worker) for long: it is tried again later (outbox/services.py).
            "timeout": float(os.environ.get("EMAIL_TIMEOUT", "10")),
        }
        if _mail_backend.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "interviews@localhost")
# Where the accessibility statement asks people to report a barrier.
ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", DEFAULT_FROM_EMAIL)
# Every mail is kept and retried until the server takes it (outbox/): waits double from
# MAIL_RETRY_BACKOFF seconds up to half an hour, for MAIL_MAX_ATTEMPTS tries (about 8 hours).
MAIL_RETRY_BACKOFF = float(os.environ.get("MAIL_RETRY_BACKOFF", "30"))
MAIL_RETRY_MAX_WAIT = 1800
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "20"))
# Without a worker, the first request to finish a minute after the last try sends what is due.
MAIL_RESEND_ON_REQUEST = True
MAIL_RESEND_INTERVAL = 60
# Where mailed links point (reminders are sent by the worker, which has no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
# With Redis, every request reads its browser session from the cache (written through to the
# database, which stays the record): one query less on every signed-in request.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", "")

# No form here posts more than a few kilobytes; anything past this cap is refused with a 400
# before a view reads it (every text field has its own, smaller limit too).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(256 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# Content-Security-Policy: only our own scripts, styles and images, no inline code at all.
# Enforced in production; in development and tests it is report-only, and the browser tests
# fail on any violation the browser reports, so a page that would break is caught before.
_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if DEBUG:
    SECURE_CSP_REPORT_ONLY = _CSP
else:
    SECURE_CSP = _CSP

# Live updates (interviews/live/): events per session in a Redis stream (in memory without
# Redis), a heartbeat comment every 15 s so proxies keep idle streams open, and a stream closed
# after an hour at most (the browser reconnects with Last-Event-ID and misses nothing).
LIVE_HEARTBEAT_SECONDS = float(os.environ.get("LIVE_HEARTBEAT_SECONDS", "15"))
LIVE_STREAM_MAX_SECONDS = float(os.environ.get("LIVE_STREAM_MAX_SECONDS", "3600"))
LIVE_STREAM_LENGTH = 200  # events kept per session for replay
LIVE_STREAM_TTL = 24 * 3600  # seconds a quiet session's stream and version are kept
LIVE_SUBSCRIBE_SECONDS = 5  # a page waits this long for its subscription, then reconnects
LIVE_QUEUE_SIZE = 64  # events waiting for one page before it is dropped and reconnects
LIVE_HOLD_WSGI_STREAMS = False  # tests of the stream itself turn it on for the test client
# Starts every live key and pub/sub channel name. Channels are shared by all the databases of a
# Redis server: two sites on one server need different prefixes (so does each test process).
LIVE_CHANNEL_PREFIX = os.environ.get("LIVE_CHANNEL_PREFIX", "")

# Celery: with REDIS_URL the tasks go to Redis and a worker runs them; without it they run in
# process, so a newcomer's embedded setup still produces reports.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A delivered task that is not acknowledged within this many seconds (its worker died, or lost
# Redis while holding it) is handed out again.
BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("BROKER_VISIBILITY_TIMEOUT", "600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": min(10, BROKER_VISIBILITY_TIMEOUT),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,  # more than the worker's 1 s BRPOP
}
# Queueing happens after a request's commit: with the broker down it gives up at once, or
# within a few seconds when Redis hangs (the sweep below queues the report later), rather than
# holding the answer.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# The worker listens to its queue and nothing else: no remote control, and bin/prod starts it
# without gossip, mingle or heartbeats. Celery 5.7 with kombu 5.7 exits ("Unrecoverable error:
# AttributeError ... 'hostname'") when it loses Redis while holding an unacknowledged task and
# notices the loss on a broadcast (pub/sub) connection first: closing the channel fails
# half-way, and the second close it now makes reads a transport already torn down. Noticed on
# the queue's own connection, the close completes and the worker reconnects.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = env_bool("CELERY_REMOTE_CONTROL", default=False)
# How often beat re-queues submitted sessions that still have no report.
REPORT_SWEEP_SECONDS = int(os.environ.get("REPORT_SWEEP_SECONDS", "120"))
CELERY_BEAT_SCHEDULE = {
    "requeue-missing-reports": {
        "task": "interviews.tasks.sweep_missing_reports",
        "schedule": timedelta(seconds=REPORT_SWEEP_SECONDS),
    },
    # Each reminder is claimed by a unique row, so an overlapping or doubled beat is harmless.
    "send-scorecard-reminders": {
        "task": "interviews.tasks.send_scorecard_reminders",
        "schedule": crontab(minute="*/10"),
    },
    # Mails whose wait is over, or whose task never reached the broker.
    "send-waiting-mail": {"task": "outbox.tasks.sweep", "schedule": crontab(minute="*")},
}

# Observability: request ids, structured logs, Prometheus metrics, Sentry (README "Operating").
import ipaddress  # noqa: E402

from observability.logs import FORMATS, configure_structlog, logging_config  # noqa: E402

LOG_LEVEL = (os.environ.get("LOG_LEVEL") or "INFO").strip().upper()
LOG_FORMAT = (os.environ.get("LOG_FORMAT") or ("console" if DEBUG else "json")).strip().lower()
if LOG_FORMAT not in FORMATS:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be one of {', '.join(FORMATS)}.")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
configure_structlog()
# Outermost: the request id is settled before any line is logged, and timing covers everything.
MIDDLEWARE = [
    "observability.middleware.RequestIdMiddleware",
    "observability.middleware.MetricsMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    *MIDDLEWARE,
]
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True  # already checked by RequestIdMiddleware

try:
    METRICS_ALLOWED_NETWORKS = [
        ipaddress.ip_network(item, strict=False)
        for item in env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
    ]
except ValueError as exc:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {exc}") from exc
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# PROMETHEUS_MULTIPROC_DIR is read by observability.metrics, which checks it.

SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from observability.sentry import init_sentry

    try:
        _traces_rate = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))
    except ValueError as exc:
        raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be a number.") from exc
    init_sentry(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        release=os.environ.get("SENTRY_RELEASE", ""),
        traces_sample_rate=_traces_rate,
    )
