import unicodedata

from anyascii import anyascii
from django.db import migrations


def _fold(text: str) -> str:
    # config/search.searchable as it stands when this migration was written; a migration keeps
    # its own copy. The stored text was the words as typed, so folding it is enough.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    plain = unicodedata.normalize(
        "NFKC", unicodedata.normalize("NFKC", anyascii(folded)).casefold()
    )
    return folded if plain == folded else f"{folded} {plain}"


def fold_search_text(apps, schema_editor):
    """Every report's search text, folded as the search now folds the query, with its ASCII
    spelling."""
    Report = apps.get_model("interviews", "Report")
    last = 0
    while True:  # in batches by key, and never writing under an open cursor
        rows = list(
            Report.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "search_text")[:1000]
        )
        if not rows:
            return
        last = rows[-1][0]
        changed = [
            Report(pk=pk, search_text=_fold(text)[:400])
            for pk, text in rows
            if _fold(text)[:400] != text
        ]
        Report.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("interviews", "0011_report_plan_title")]

    operations = [migrations.RunPython(fold_search_text, migrations.RunPython.noop)]
