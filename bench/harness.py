"""What every benchmark shares: a throwaway database of its own, dropped afterwards."""

import os
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.test.utils import setup_test_environment


@contextmanager
def throwaway_database():
    """A fresh database named for this process (in memory on SQLite), so a benchmark never
    touches real data nor collides with a test run on the same server."""
    setup_test_environment()
    settings.DEBUG = False
    settings.DATABASES["default"].setdefault("TEST", {})
    # In memory on SQLite: never the test settings' file, which a test run may be using.
    name = f"bench_{os.getpid()}" if connection.vendor != "sqlite" else ""
    settings.DATABASES["default"]["TEST"]["NAME"] = name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
