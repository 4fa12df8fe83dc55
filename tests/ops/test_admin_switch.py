"""Django's admin answers only where ADMIN_ENABLED says so: off in production by default."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import clear_url_caches

import config.urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.com"}


def _setting(**env) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if k != "ADMIN_ENABLED"}
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.ADMIN_ENABLED)"],
        cwd=ROOT,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "enabled"),
    [
        (PRODUCTION, "False"),
        ({**PRODUCTION, "ADMIN_ENABLED": "true"}, "True"),
        ({"DEBUG": "true"}, "True"),
        ({"DEBUG": "true", "ADMIN_ENABLED": "false"}, "False"),
    ],
)
def test_it_is_off_in_production_unless_enabled(env, enabled):
    result = _setting(**env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == enabled


def test_a_bad_value_stops_the_process():
    result = _setting(ADMIN_ENABLED="perhaps")
    assert result.returncode != 0
    assert "ADMIN_ENABLED='perhaps' is not a boolean" in result.stderr


@pytest.fixture
def route_admin(settings):
    """Build the URLs again as a process started with ADMIN_ENABLED would."""

    def route(enabled: bool) -> None:
        settings.ADMIN_ENABLED = enabled
        importlib.reload(config.urls)
        clear_url_caches()

    yield route
    route(django_settings.ADMIN_ENABLED)


@pytest.fixture
def superuser(user_factory):
    return user_factory(is_staff=True, is_superuser=True)


def test_when_off_the_admin_is_a_404_even_for_a_superuser(client, route_admin, superuser):
    route_admin(False)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    assert client.get("/admin/accounts/user/").status_code == 404


def test_when_on_it_serves_staff_and_sends_others_to_its_login(client, route_admin, superuser):
    route_admin(True)
    assert client.get("/admin/").status_code == 302
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
