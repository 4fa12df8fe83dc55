"""Test overrides: fast hashing, local email, DEBUG on so no production-only redirects apply."""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DEBUG", "true")


def _worker_redis_url(url: str, worker: str) -> str:
    """pytest-xdist worker gwN gets the Redis database N places after REDIS_URL's (modulo 16), as
    it gets a test database of its own: live streams and versions are keyed by session id, and
    every worker's database numbers its sessions from 1. The tests that start servers on Redis
    databases of their own take the next ones (tests/conftest.py, spare_redis_url)."""
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        return url
    base = int(parts.path.lstrip("/") or 0)
    db = (base + int(worker.removeprefix("gw"))) % 16
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))


def _channel_prefix(database_url: str, worker: str) -> str:
    """Pub/sub channels are shared by every database of a Redis server: each test process names
    its live channels after its checkout's database and its worker, so no other process (another
    worker, another checkout's suite) hears them."""
    name = urlsplit(database_url).path.strip("/") or "sqlite"
    return f"test-{name}-{worker or 'main'}:"


# The Redis URL the suite was given, before a worker's database is chosen.
SUITE_REDIS_URL = os.environ.get("REDIS_URL", "")
# A Celery worker started by a test (CELERY_WORKER_PROCESS) is given its broker, and inherits
# its test process's channel prefix, so the events it publishes reach that test's streams.
if os.environ.get("CELERY_WORKER_PROCESS") != "1":
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if SUITE_REDIS_URL and _worker.startswith("gw"):
        os.environ["REDIS_URL"] = _worker_redis_url(SUITE_REDIS_URL, _worker)
    os.environ["LIVE_CHANNEL_PREFIX"] = _channel_prefix(os.environ.get("DATABASE_URL", ""), _worker)

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Tasks run in process unless a test asks for the real worker (see tests/conftest.py).
# A worker started by the celery_worker fixture consumes its own queue from the real Redis.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_WORKER_PROCESS") != "1"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
AXES_ENABLED = True
# Rate-limit counters per test process, emptied before each test (tests/conftest.py): a Redis
# cache shares the broker's database, which clear() would empty.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# SQLite tests run on a file in WAL mode, as `make run` does, not on the shared in-memory
# database whose table locks ignore the busy timeout: the browser tests' threaded server then
# meets the same locking a panel meets on the embedded default.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # pytest-django suffixes it with the xdist worker (.test-db.sqlite3_gw0), as it does a
    # PostgreSQL test database's name, so each worker has a database of its own.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
else:
    # A test database is thrown away: a commit need not wait for the disk (the live-server and
    # worker tests commit at every step). Nothing in the suite crashes PostgreSQL itself.
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
# Mails due again are sent by the next request only in the tests of that (tests/outbox/).
MAIL_RESEND_ON_REQUEST = False
