"""make backup and make restore: a dump of the PostgreSQL database, restored into a new one, holds
the same rows and reports byte for byte; a database already in use is never restored into."""

import io
import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from interviews.models import Report, ReportVersion
from tests.conftest import need, need_postgresql, which
from tests.data.written_about import build_world

ROOT = Path(__file__).resolve().parents[2]


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}:{port}/{name}"


def make(target: str, *, database_url: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def manage(*args: str, database: str) -> str:
    result = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url(database)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def tables() -> list[str]:
    names = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    return sorted(names | {"django_migrations"})


def state(cursor) -> dict:
    """Row counts of every table, sequence positions, and every report's and version's data as
    PostgreSQL prints it."""
    found = {}
    for table in tables():
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        found[table] = cursor.fetchone()[0]
    cursor.execute(
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
        "ORDER BY sequencename"
    )
    found["sequences"] = cursor.fetchall()
    for table in (Report._meta.db_table, ReportVersion._meta.db_table):
        query = sql.SQL("SELECT id, data::text FROM {} ORDER BY id").format(sql.Identifier(table))
        cursor.execute(query)
        found[f"{table} data"] = cursor.fetchall()
    return found


@pytest.fixture
def postgres():
    need_postgresql("Backup and restore")
    need(bool(which("pg_dump") and which("pg_restore")), "pg_dump and pg_restore are not installed")


@pytest.fixture
def empty_database(postgres):
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield name
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def dump(postgres, team, django_capture_on_commit_callbacks, tmp_path) -> Path:
    """Interviews with reports, versions, decisions, regrades, a drill: then make backup."""
    build_world(team, django_capture_on_commit_callbacks)
    assert Report.objects.filter(status=Report.Status.READY).count() >= 3
    assert ReportVersion.objects.exists()
    path = tmp_path / "interviews.dump"
    result = make(
        "backup", database_url=database_url(connection.settings_dict["NAME"]), BACKUP_FILE=str(path)
    )
    assert result.returncode == 0, result.stderr
    assert path.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert path.stat().st_mode & 0o077 == 0  # every candidate's data: this account only
    return path


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_new_database_holds_every_row_and_report(dump, empty_database):
    result = make("restore", database_url=database_url(empty_database), BACKUP_FILE=str(dump))
    assert result.returncode == 0, result.stderr
    with connection.cursor() as cursor:
        before = state(cursor)
    with psycopg.connect(database_url(empty_database)) as restored:
        after = state(restored.cursor())
    assert after == before
    original = io.StringIO()
    call_command("export_reports", stdout=original)
    original = original.getvalue()
    assert manage("export_reports", database=empty_database) == original
    assert len(original.splitlines()) == Report.objects.filter(status="ready").count()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_database_in_use_is_never_restored_into(dump):
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        before = state(cursor)
    result = make("restore", database_url=database_url(name), BACKUP_FILE=str(dump))
    assert result.returncode != 0
    assert f"The database {name} is not empty" in result.stderr
    with connection.cursor() as cursor:
        assert state(cursor) == before


def test_sqlite_is_told_how_to_back_up_instead(tmp_path):
    result = make("backup", database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode != 0
    assert "Backups are PostgreSQL dumps" in result.stderr
    assert "copy the file" in result.stderr
    assert not (ROOT / "backups").exists() or not any((ROOT / "backups").iterdir())


def test_a_restore_needs_the_file_named():
    result = make("restore", database_url="postgres://postgres@127.0.0.1:5432/unused")
    assert result.returncode != 0
    assert "make restore BACKUP_FILE=" in result.stderr
