from django.db import migrations, models

BAND_ORDER = ("strong_hire", "hire", "lean_no_hire", "no_hire")


def fill_band_rank(apps, schema_editor):
    Report = apps.get_model("interviews", "Report")
    for rank, band in enumerate(BAND_ORDER):
        Report.objects.filter(band=band).update(band_rank=rank)


def add_search_index(apps, schema_editor):
    """A trigram index serves the reports list's text search (icontains is UPPER(..) LIKE on
    PostgreSQL); other databases scan, which is fine at their sizes."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS interviews_report_search_trgm "
        "ON interviews_report USING gin (UPPER(search_text) gin_trgm_ops)"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS interviews_report_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("interviews", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="band_rank",
            field=models.PositiveSmallIntegerField(default=4),
        ),
        migrations.RunPython(fill_band_rank, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["organisation", "band_rank", "-overall", "-id"],
                name="interviews__organis_76d25e_idx",
            ),
        ),
        migrations.RunPython(add_search_index, drop_search_index),
    ]
