"""The full-text index for each database, and restricted access for administrators."""

from django.db import migrations

FTS_COLUMNS = "title, publisher, summary, findings, quotes, files_text"


def create_search_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        # rowid is the evidence item's id; unicode61 with diacritics removed matches
        # "Care" and "care", "naïve" and "naive"; porter stems "children"/"child" alike.
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS evidence_search USING fts5({FTS_COLUMNS}, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    elif connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS evidence_item_search_vector_gin "
            "ON evidence_evidenceitem USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS evidence_search")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS evidence_item_search_vector_gin")


def grant_restricted_access_to_administrators(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="evidence", model="evidenceitem")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_restricted",
        defaults={"name": "Can see restricted evidence"},
    )
    for group in Group.objects.filter(name="Administrator"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
        ("accounts", "0001_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(grant_restricted_access_to_administrators, migrations.RunPython.noop),
    ]
