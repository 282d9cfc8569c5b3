"""A stored last contact per person (sorting the people list by it took seconds), and a
full-text index of interactions (searching their summaries took half a second): an FTS5 table
on SQLite, a GIN index on `search_vector` on PostgreSQL, as the evidence search has."""

import django.contrib.postgres.search
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def fill_last_contact(apps, schema_editor):
    Person = apps.get_model("stakeholders", "Person")
    Interaction = apps.get_model("stakeholders", "Interaction")
    # Max rather than "newest first, take one": PostgreSQL plans the latter as a backward walk
    # over every interaction's date for each person (hours on a large database).
    latest = (
        Interaction.objects.filter(people=OuterRef("pk"))
        .order_by()
        .values("people")
        .annotate(latest=Max("date"))
        .values("latest")
    )
    Person.objects.update(last_contact=Subquery(latest))


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS interaction_search USING fts5(summary, follow_up, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        schema_editor.execute(
            "INSERT INTO interaction_search (rowid, summary, follow_up) "
            "SELECT id, summary, follow_up_action FROM stakeholders_interaction"
        )
    elif vendor == "postgresql":
        Interaction = apps.get_model("stakeholders", "Interaction")
        fields = ("summary", "follow_up_action")
        Interaction.objects.update(
            search_vector=SearchVector(*fields, config="english")
            + SearchVector(*fields, config="simple")
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS interaction_search_vector_gin "
            "ON stakeholders_interaction USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS interaction_search")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS interaction_search_vector_gin")


class Migration(migrations.Migration):

    dependencies = [
        ('stakeholders', '0005_follow_people_and_scottish_members'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='interaction',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='person',
            name='last_contact',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(condition=models.Q(('erased_at', None)), fields=['last_contact', 'id'], name='person_last_contact_idx'),
        ),
        migrations.RunPython(fill_last_contact, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
