"""What `make backup` and `make restore` share: the PostgreSQL of DATABASE_URL and the client
programs that read and write its dumps."""

import os
import re
import shutil
import subprocess

from django.core.management.base import CommandError
from django.db import OperationalError, connection


def postgres() -> dict:
    """The default database's settings; refused, in words, unless it is PostgreSQL."""
    if connection.vendor != "postgresql":
        raise CommandError(
            "Backups are PostgreSQL dumps, and DATABASE_URL is "
            f"{connection.vendor} ({connection.settings_dict['NAME']}). For the embedded SQLite "
            "file, stop the server and copy the file (or: sqlite3 db.sqlite3 '.backup copy')."
        )
    return connection.settings_dict


def client_environment(db: dict) -> dict[str, str]:
    """libpq's variables, so the password never appears on a command line."""
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db["NAME"],
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    return {key: str(value) for key, value in values.items() if value}


def server_major() -> int:
    try:
        return connection.pg_version // 10000
    except OperationalError as exc:
        name = connection.settings_dict["NAME"]
        raise CommandError(
            f"Cannot reach the database {name} (a restore needs it created first: createdb "
            f"{name}): {exc}".strip()
        ) from exc


def client_program(name: str) -> str:
    """pg_dump or pg_restore from PATH, refused when older than the server it must talk to."""
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} is not on the PATH: install the PostgreSQL client of the server's version "
            "(Debian: postgresql-client-15)."
        )
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"\)\s*(\d+)", version)
    client = int(found.group(1)) if found else 0
    server = server_major()
    if client < server:
        raise CommandError(
            f"{path} is version {client} and the server {server}: use a {name} of version "
            f"{server} or newer (put its bin directory first on the PATH)."
        )
    return path


def run(command: list[str], db: dict) -> None:
    result = subprocess.run(
        command, env={**os.environ, **client_environment(db)}, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise CommandError(f"{os.path.basename(command[0])} failed:\n{result.stderr.strip()}")
