import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-key-of-fifty-characters-or-more-0123456789",
    "ALLOWED_HOSTS": "interviews.example.com",
}


def _manage(*args, **env) -> subprocess.CompletedProcess:
    # The test run's own switches are not part of a production environment.
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
    )


def test_it_is_not_in_debug_mode_unless_asked():
    result = _manage("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_missing_static_manifest_stops_the_start(tmp_path):
    result = _manage("check", **PRODUCTION, STATIC_ROOT=str(tmp_path))
    assert result.returncode != 0
    assert "site.E001" in result.stderr
    assert "collectstatic" in result.stderr


def test_deploy_check_reports_only_what_the_readme_explains(tmp_path):
    env = {**PRODUCTION, "STATIC_ROOT": str(tmp_path)}
    assert _manage("collectstatic", "--noinput", **env).returncode == 0
    result = _manage("check", "--deploy", **env)
    assert result.returncode == 0, result.stderr
    issues = [line for line in result.stderr.splitlines() if line.startswith("?: (")]
    assert [line.split(")")[0] for line in issues] == ["?: (security.W021"]


def test_production_responses_enforce_the_content_security_policy(tmp_path):
    env = {**PRODUCTION, "STATIC_ROOT": str(tmp_path)}
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_CSP); print(settings.SECURE_CSP_REPORT_ONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
        text=True,
    )  # fmt: skip
    enforced, report_only = result.stdout.splitlines()
    assert "'self'" in enforced and "unsafe-inline" not in enforced
    assert report_only == "{}"


def test_pages_carry_a_policy_without_unsafe_inline(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy-Report-Only"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_our_404_page_in_production_mode(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Rubric" in response.text
    assert "urlpatterns" not in response.text.lower()


def test_our_500_page_needs_no_request_or_database(settings):
    from django.template import loader

    settings.DEBUG = False
    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html
    assert 'href="/"' in html


def test_a_server_error_shows_our_500_page(settings, monkeypatch):
    import interviews.sessions.views

    settings.DEBUG = False

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("accounts.views.render", boom)
    response = Client(raise_request_exception=False).get("/accounts/signup/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "kaboom" not in response.text
    assert (
        interviews.sessions.views
    )  # the URLconf imports it; the patch above stays local to accounts


def test_an_oversized_body_is_refused_with_400(client, team):
    client.force_login(team.owner)
    response = client.post("/accounts/members/", {"email": "x" * (300 * 1024)})
    assert response.status_code == 400
