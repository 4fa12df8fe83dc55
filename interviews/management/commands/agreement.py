import json as jsonlib

from django.core.management.base import BaseCommand

from interviews.calibration.agreement import agreements_all


class Command(BaseCommand):
    help = (
        "Krippendorff's alpha (ordinal) of every plan with panel data, and of each of its "
        "criteria, from the ready reports. --json prints one JSON object per plan per line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, json: bool = False, **options):
        for found in agreements_all():
            if json:
                self.stdout.write(_dumps(found.as_json()))
                continue
            self.stdout.write(
                f"{found.title} (plan {found.plan_id}): alpha {_shown(found.agreement.alpha)}, "
                f"{found.agreement.units} units, {found.reading}"
            )
            for c in found.criteria:
                self.stdout.write(
                    f"  {c.question} / {c.criterion}: alpha {_shown(c.agreement.alpha)}, "
                    f"{c.agreement.units} units"
                )


def _dumps(value) -> str:
    return jsonlib.dumps(value, ensure_ascii=False)


def _shown(alpha) -> str:
    return "undefined" if alpha is None else f"{float(alpha):.3f}"
