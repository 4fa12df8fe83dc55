import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from interviews.models import Report
from interviews.reports.formats.json import report_json
from interviews.reports.selectors import PlanPercentiles


class Command(BaseCommand):
    help = (
        "Write every ready report to stdout as one JSON object per line (the same JSON as the "
        "download). Streams from the database, so memory stays flat however many there are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation", metavar="SLUG", help="only the reports of this organisation"
        )

    def handle(self, *args, organisation: str | None = None, **options):
        reports = Report.objects.filter(status=Report.Status.READY)
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"No organisation with slug {organisation!r}.")
            reports = reports.filter(organisation=org)
        percentiles = PlanPercentiles()
        rows = (
            reports.select_related("session")
            .only("id", "plan_id", "overall", "data", "session__mode")
            .order_by("pk")
        )
        for report in rows.iterator(chunk_size=200):
            line = json.dumps(
                report_json(report.data, percentiles.for_report(report)), ensure_ascii=False
            )
            self.stdout.write(line)
