from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_plan_title(apps, schema_editor):
    """Every report takes its plan's current title, in one UPDATE."""
    Report = apps.get_model("interviews", "Report")
    InterviewPlan = apps.get_model("interviews", "InterviewPlan")
    Report.objects.update(
        plan_title=Subquery(InterviewPlan.objects.filter(pk=OuterRef("plan_id")).values("title")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_invitations"),
        ("interviews", "0010_drills_from_gold_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="plan_title",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(fill_plan_title, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["organisation", "plan_title", "-submitted_at", "-id"],
                name="interviews__organis_e9455d_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["organisation", "-plan_title", "-submitted_at", "-id"],
                name="interviews__organis_d48a67_idx",
            ),
        ),
    ]
