from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.backups import client_program, postgres, run

# Relations a restore would collide with: tables, views, sequences, in any schema of ours.
USER_RELATIONS = """
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%%' AND n.nspname NOT LIKE 'pg_temp%%'
"""


class Command(BaseCommand):
    help = (
        "Restore a dump made by make backup into the database of DATABASE_URL, which must be "
        "new and empty (make restore BACKUP_FILE=...)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="a dump written by make backup")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No dump at {path}.")
        with path.open("rb") as dump:
            magic = dump.read(5)
        if magic != b"PGDMP":
            raise CommandError(f"{path} is not a pg_dump custom-format file.")
        db = postgres()
        pg_restore = client_program("pg_restore")
        with connection.cursor() as cursor:
            cursor.execute(USER_RELATIONS)
            (relations,) = cursor.fetchone()
        if relations:
            raise CommandError(
                f"The database {db['NAME']} is not empty ({relations} tables, views or "
                "sequences), so nothing was restored. Restore into a new, empty database: "
                "createdb NEWNAME, point DATABASE_URL at it and run this again."
            )
        connection.close()  # pg_restore works alone in its one transaction
        run(
            [
                pg_restore,
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                f"--dbname={db['NAME']}",
                str(path),
            ],
            db,
        )
        self.stdout.write(f"Restored {path} into {db['NAME']}.")
