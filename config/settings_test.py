"""Test overrides: fast hashing, local email, DEBUG on so no production-only redirects apply."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403

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
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
# Mails due again are sent by the next request only in the tests of that (tests/outbox/).
MAIL_RESEND_ON_REQUEST = False
