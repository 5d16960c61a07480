from django.db import migrations, models
from django.db.models import F


def baseline_from_start(apps, schema_editor):
    """Existing plans were laid out from their start with nothing done; done items were marked done
    when last saved."""
    apps.get_model("assessment", "LearningPlan").objects.update(baseline_on=F("started_on"), baseline_done_hours=0)
    apps.get_model("assessment", "PlanItem").objects.filter(status="done").update(done_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0007_job_ads"),
    ]

    operations = [
        migrations.AddField(
            model_name="learningplan",
            name="baseline_done_hours",
            field=models.PositiveIntegerField(default=0, help_text="Hours done on the baseline day."),
        ),
        migrations.AddField(
            model_name="learningplan",
            name="baseline_on",
            field=models.DateField(null=True, help_text="The open items' weeks are counted from this day."),
        ),
        migrations.AddField(
            model_name="planitem",
            name="done_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(baseline_from_start, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="learningplan",
            name="baseline_on",
            field=models.DateField(help_text="The open items' weeks are counted from this day."),
        ),
    ]
