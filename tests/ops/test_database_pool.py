"""The web processes under ASGI pool their PostgreSQL connections; everything else keeps
persistent ones."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "db = settings.DATABASES['default']; "
    "print(json.dumps([db['CONN_MAX_AGE'], db.get('OPTIONS', {}).get('pool')]))"
)


def _database_settings(**env) -> list:
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_it_pools_postgresql_connections_when_asked():
    url = "postgres://postgres@127.0.0.1:5432/interviews"
    pooled = _database_settings(DATABASE_URL=url, DATABASE_POOL="true", DATABASE_POOL_SIZE="5")
    assert pooled == [0, {"min_size": 1, "max_size": 5, "timeout": 10}]
    assert _database_settings(DATABASE_URL=url, DATABASE_POOL="false") == [60, None]


def test_it_leaves_sqlite_alone():
    assert _database_settings(DATABASE_URL="sqlite:///x.sqlite3", DATABASE_POOL="true") == [
        60,
        None,
    ]
