import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from config.backups import client_program, postgres, run


class Command(BaseCommand):
    help = (
        "Dump the PostgreSQL database of DATABASE_URL to one file in pg_dump's custom format "
        "(make backup). Default: backups/interviews-<UTC time>.dump."
    )
    requires_system_checks = []  # a backup must work even when the site would refuse to start

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="FILE", help="where to write the dump")

    def handle(self, *args, output: str | None = None, **options):
        db = postgres()
        pg_dump = client_program("pg_dump")
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        path = Path(output or settings.BASE_DIR / "backups" / f"interviews-{stamp}.dump")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside, then renamed: a dump cut short never looks like a backup. Readable by
        # this account only, since it holds every candidate's data.
        partial = path.with_name(path.name + ".partial")
        os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        try:
            run([pg_dump, "--format=custom", f"--file={partial}", db["NAME"]], db)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(path)
        size = path.stat().st_size
        self.stdout.write(f"Backed up {db['NAME']} to {path} ({size:,} bytes).")
