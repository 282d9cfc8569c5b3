"""A full-text index of people (searching them read every person with LIKE, so a search took
longer the more people there were): an FTS5 table on SQLite, a GIN index on `search_vector` on
PostgreSQL, as interactions and evidence have. Each entry holds the person's name, current
role, organisation's name, email and constituency; this fills it for everyone already there."""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Replace


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS person_search USING fts5(name, role_title, "
            "organisation, email, constituency, tokenize = 'unicode61 remove_diacritics 2')"
        )
        schema_editor.execute(
            "INSERT INTO person_search (rowid, name, role_title, organisation, email, "
            "constituency) SELECT p.id, p.name, p.role_title, o.name, p.email, p.constituency "
            "FROM stakeholders_person p LEFT JOIN stakeholders_organisation o "
            "ON o.id = p.organisation_id"
        )
    elif vendor == "postgresql":
        Person = apps.get_model("stakeholders", "Person")
        Organisation = apps.get_model("stakeholders", "Organisation")
        organisation = Subquery(
            Organisation.objects.filter(pk=OuterRef("organisation_id")).values("name")[:1]
        )
        # PostgreSQL keeps an email address as one word: its separators become spaces.
        email = Replace(Replace("email", Value("@"), Value(" ")), Value("."), Value(" "))
        fields = ("name", "role_title", organisation, email, "constituency")
        Person.objects.update(
            search_vector=SearchVector(*fields, config="english")
            + SearchVector(*fields, config="simple")
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS person_search_vector_gin "
            "ON stakeholders_person USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS person_search")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0009_unrated_influence_and_stance"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
