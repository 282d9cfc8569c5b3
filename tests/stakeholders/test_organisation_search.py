"""Organisations are searched in a full-text index of their name, notes and website, kept up to
date whenever an organisation is saved: words match from their start, in any order, so a
search for "smith" no longer lists every organisation with "smith" inside a word."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stakeholders.models import Organisation
from tests import builders

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def organisations_page(client, query, **headers):
    response = client.get(reverse("stakeholders:organisation_list"), {"q": query}, headers=headers)
    return response.content.decode()


def test_organisations_are_found_by_words_starting_with_what_was_typed(officer_client):
    builders.organisation(name="Smith Foundation")
    builders.organisation(name="Smithfield Trust")
    builders.organisation(name="Goldsmiths Guild")

    html = organisations_page(officer_client, "smith")

    assert "Smith Foundation" in html and "Smithfield Trust" in html
    # A word's start, not any part of it: "smith" is not in the middle of "Goldsmiths".
    assert "Goldsmiths Guild" not in html


def test_organisations_are_found_by_notes_and_website_in_any_order(officer_client):
    builders.organisation(name="Kent Police", website="https://www.kent.police.uk/")
    builders.organisation(name="Medway Council", notes="Runs the return home interviews.")
    builders.organisation(name="Nobody Else")

    assert "Kent Police" in organisations_page(officer_client, "police kent")
    assert "Kent Police" in organisations_page(officer_client, "kent.police")
    assert "Medway Council" in organisations_page(officer_client, "interviews return")
    html = organisations_page(officer_client, "kent interviews")
    assert "Kent Police" not in html and "Medway Council" not in html


def test_the_htmx_list_and_site_search_find_the_same_organisations(officer_client):
    builders.organisation(name="Smith Foundation")
    builders.organisation(name="Goldsmiths Guild")

    fragment = organisations_page(officer_client, "smith", **HTMX)
    site = officer_client.get(reverse("search:results"), {"q": "smith"}).content.decode()

    assert "<html" not in fragment
    for html in (fragment, site):
        assert "Smith Foundation" in html and "Goldsmiths Guild" not in html


def test_a_renamed_organisation_is_found_by_its_new_name_only(officer_client):
    organisation = builders.organisation(name="Kent Police")
    organisation.name = "Medway Police"
    organisation.notes = "Merged in 2025."
    organisation.save()

    assert "Medway Police" in organisations_page(officer_client, "medway merged")
    assert "Medway Police" not in organisations_page(officer_client, "kent")


def test_a_deleted_organisation_leaves_nothing_in_the_index():
    organisation = builders.organisation(name="Kent Police")
    organisation.delete()
    builders.organisation(name="Essex Police")

    assert list(Organisation.objects.matching("police").values_list("name", flat=True)) == [
        "Essex Police"
    ]


def test_the_migration_indexes_every_organisation_already_there():
    migration = importlib.import_module("stakeholders.migrations.0011_organisation_search")
    organisation = builders.organisation(name="Ada Lovelace Trust", notes="Computing history")

    class Editor:
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    if connection.vendor == "postgresql":
        # As in test_person_search: a migration's own transaction has no checks pending.
        Editor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    # The index as it was before the migration: none.
    migration.drop_search_index(apps, Editor())
    Organisation.objects.update(search_vector=None)
    migration.create_search_index(apps, Editor())

    assert list(Organisation.objects.matching("lovelace computing")) == [organisation]


def test_organisation_search_query_count_does_not_grow_with_matches(officer_client):
    def count_queries(**headers):
        with CaptureQueriesContext(connection) as queries:
            organisations_page(officer_client, "smith", **headers)
        return len(queries)

    builders.organisation(name="Smith Foundation")
    few, few_htmx = count_queries(), count_queries(**HTMX)
    for n in range(12):
        builders.organisation(name=f"Smith {n}")
    assert (count_queries(), count_queries(**HTMX)) == (few, few_htmx)
