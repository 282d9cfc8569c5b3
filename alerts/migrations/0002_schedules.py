from django.db import migrations


def create_schedules(apps, schema_editor):
    from schedules.setup import ensure_schedules

    ensure_schedules(apps.get_model("django_q", "Schedule"))


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedules, migrations.RunPython.noop)]
