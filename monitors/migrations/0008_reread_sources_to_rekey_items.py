from django.db import migrations


def forget_what_was_read(apps, schema_editor):
    """Make each source's next scan read and store its entries even if nothing changed.

    Items stored before entries were keyed as they are now are re-keyed by the scan that reads
    them (monitors.ingest._rekey_sightings): an entry's key depends on the other entries on its
    page, which only a scan sees. Without this, a source whose bytes never change again would
    answer 304 or the same digest and keep its items under their earlier keys. Safe to run
    twice: it only forgets validators, and the scan after it re-keys each sighting once.
    """
    Source = apps.get_model("monitors", "Source")
    Source.objects.update(etag="", last_modified="", content_digest="")


class Migration(migrations.Migration):

    dependencies = [
        ("monitors", "0007_item_identity_within_source_and_merged_count"),
    ]

    operations = [
        migrations.RunPython(forget_what_was_read, migrations.RunPython.noop),
    ]
