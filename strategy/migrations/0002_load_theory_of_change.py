from django.db import migrations


def load(apps, schema_editor):
    from strategy import theory_of_change

    theory_of_change.load(apps.get_model("strategy", "Element"))


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
