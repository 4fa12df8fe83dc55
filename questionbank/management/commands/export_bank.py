from django.core.management.base import BaseCommand, CommandError

from questionbank.models import QuestionSet
from questionbank.services import bank_export


class Command(BaseCommand):
    help = "Write a shared question bank to stdout in the bank file format."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        question_set = QuestionSet.objects.filter(slug=slug, organisation__isnull=True).first()
        if question_set is None:
            raise CommandError(f"No shared bank with slug {slug!r}.")
        self.stdout.write(bank_export(question_set=question_set), ending="")
