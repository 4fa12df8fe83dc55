from django.core.management.base import BaseCommand, CommandError

from questionbank.bankfile import BankFileError, read_bank
from questionbank.services import bank_load


class Command(BaseCommand):
    help = "Import a question bank file (YAML). Idempotent, and all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the bank file, e.g. questionbank/banks/serverless.yaml")

    def handle(self, *args, path: str, **options):
        try:
            spec = read_bank(path)
        except BankFileError as exc:
            raise CommandError(str(exc)) from exc
        result = bank_load(spec=spec)
        self.stdout.write(self.style.SUCCESS(str(result)))
