import unicodedata

from anyascii import anyascii
from django.db import migrations, models


def _searchable(text: str) -> str:
    # config/search.searchable as it stands when this migration was written; a migration keeps
    # its own copy.
    def fold(t: str) -> str:
        return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", t).casefold())

    folded = fold(text)
    plain = fold(anyascii(folded))
    return (folded if plain == folded else f"{folded} {plain}")[:500]


def fill_search_key(apps, schema_editor):
    """Every candidate's name and address, as the candidates list's search now reads them."""
    Candidate = apps.get_model("interviews", "Candidate")
    last = 0
    while True:  # in batches by key, and never writing under an open cursor
        rows = list(
            Candidate.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "name", "email")[:1000]
        )
        if not rows:
            return
        last = rows[-1][0]
        Candidate.objects.bulk_update(
            [
                Candidate(pk=pk, search_key=_searchable(f"{name} {email}"))
                for pk, name, email in rows
            ],
            ["search_key"],
        )


class Migration(migrations.Migration):
    dependencies = [("interviews", "0012_report_search_text_folded")]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="search_key",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.RunPython(fill_search_key, migrations.RunPython.noop),
    ]
