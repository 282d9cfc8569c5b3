"""A full-text index of organisations (searching them read every organisation's name, notes and
website with LIKE, and "smith" found "Goldsmiths"): an FTS5 table on SQLite, a GIN index on
`search_vector` on PostgreSQL, as people have. Each entry holds the organisation's name, notes
and website; this fills it for every organisation already there."""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS organisation_search USING fts5(name, notes, "
            "website, tokenize = 'unicode61 remove_diacritics 2')"
        )
        schema_editor.execute(
            "INSERT INTO organisation_search (rowid, name, notes, website) "
            "SELECT id, name, notes, website FROM stakeholders_organisation"
        )
    elif vendor == "postgresql":
        Organisation = apps.get_model("stakeholders", "Organisation")
        # PostgreSQL keeps a web address as one word: its separators become spaces.
        website = "website"
        for separator in ("/", ".", ":"):
            website = Replace(website, Value(separator), Value(" "))
        fields = ("name", "notes", website)
        Organisation.objects.update(
            search_vector=SearchVector(*fields, config="english")
            + SearchVector(*fields, config="simple")
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS organisation_search_vector_gin "
            "ON stakeholders_organisation USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS organisation_search")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS organisation_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0010_person_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
