"""People are searched in a full-text index of their name, current role, organisation's name,
email and constituency, kept up to date by every way a person or organisation is saved: words
match from their start, in any order, and an erased person's name is gone from it."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stakeholders import privacy
from stakeholders.models import Person
from tests import builders

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def people_page(client, query, **headers):
    response = client.get(reverse("stakeholders:person_list"), {"q": query}, headers=headers)
    return response.content.decode()


def test_people_are_found_by_words_starting_with_what_was_typed(officer_client):
    builders.person(name="Jo Smith")
    builders.person(name="Al Smithers")
    builders.person(name="Pat Goldsmith")

    html = people_page(officer_client, "smith")

    assert "Jo Smith" in html and "Al Smithers" in html
    # A word's start, not any part of it: "smith" is not in the middle of "Goldsmith".
    assert "Pat Goldsmith" not in html


def test_people_are_found_by_role_email_constituency_and_organisation_in_any_order(
    officer_client,
):
    kent = builders.organisation(name="Kent Police")
    builders.person(name="Helen Marsh", role_title="Missing persons coordinator", organisation=kent)
    builders.person(name="Sam Ode", email="sam.ode@essex.example.org")
    builders.person(name="Ruth Bay", constituency="Folkestone and Hythe")
    builders.person(name="Nobody Else")

    assert "Helen Marsh" in people_page(officer_client, "coordinator missing")
    assert "Helen Marsh" in people_page(officer_client, "marsh kent")
    assert "Sam Ode" in people_page(officer_client, "essex")
    assert "Ruth Bay" in people_page(officer_client, "hythe")
    html = people_page(officer_client, "kent hythe")
    assert "Helen Marsh" not in html and "Ruth Bay" not in html


def test_the_htmx_list_and_site_search_find_the_same_people(officer_client):
    builders.person(name="Jo Smith", organisation=builders.organisation(name="Kent Police"))
    builders.person(name="Al Jones")

    fragment = people_page(officer_client, "smith kent", **HTMX)
    site = officer_client.get(reverse("search:results"), {"q": "smith kent"}).content.decode()

    assert "<html" not in fragment
    for html in (fragment, site):
        assert "Jo Smith" in html and "Al Jones" not in html


def test_a_changed_name_or_new_role_is_searchable_at_once(officer_client):
    person = builders.person(name="Jo Smith", role_title="Analyst")
    person.name = "Jo Brown"
    person.save()
    person.start_role("Head of safeguarding", builders.organisation(name="Kent Police"))

    assert "Jo Brown" in people_page(officer_client, "brown safeguarding kent")
    assert "Jo Brown" not in people_page(officer_client, "smith")
    assert "Jo Brown" not in people_page(officer_client, "analyst")


def test_renaming_an_organisation_finds_its_people_by_the_new_name_only(officer_client):
    organisation = builders.organisation(name="Kent Police")
    builders.person(name="Helen Marsh", organisation=organisation)
    organisation.name = "Medway Police"
    organisation.save()

    assert "Helen Marsh" in people_page(officer_client, "medway")
    assert "Helen Marsh" not in people_page(officer_client, "kent")


def test_people_of_a_deleted_organisation_are_no_longer_found_by_its_name(officer_client):
    organisation = builders.organisation(name="Kent Police")
    builders.person(name="Helen Marsh", organisation=organisation)
    organisation.delete()

    assert "Helen Marsh" not in people_page(officer_client, "kent")
    assert "Helen Marsh" in people_page(officer_client, "marsh")


def test_an_erased_persons_name_is_gone_from_the_search_index(officer, officer_client):
    person = builders.person(name="Jo Smith", email="jo@example.org", role_title="Inspector")
    privacy.erase(person, by=officer)

    # Not only hidden by the lists: the index itself no longer holds the name.
    assert not Person.objects.matching("smith").exists()
    assert not Person.objects.matching("inspector").exists()
    assert "Jo Smith" not in people_page(officer_client, "smith")


def test_the_migration_indexes_everyone_already_there():
    migration = importlib.import_module("stakeholders.migrations.0010_person_search")
    person = builders.person(name="Ada Lovelace", organisation=builders.organisation(name="Kent"))

    class Editor:
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    if connection.vendor == "postgresql":
        # Check the rows just made now, as a migration's own transaction would have none
        # pending (PostgreSQL will not build an index over pending constraint checks).
        Editor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    # The index as it was before the migration: none.
    migration.drop_search_index(apps, Editor())
    Person.objects.update(search_vector=None)
    migration.create_search_index(apps, Editor())

    assert list(Person.objects.matching("lovelace kent")) == [person]


def test_people_search_query_count_does_not_grow_with_matches(officer_client):
    def count_queries(**headers):
        with CaptureQueriesContext(connection) as queries:
            people_page(officer_client, "smith", **headers)
        return len(queries)

    builders.person(name="Jo Smith")
    few, few_htmx = count_queries(), count_queries(**HTMX)
    for n in range(12):
        builders.person(name=f"Smith {n}", organisation=builders.organisation())
    assert (count_queries(), count_queries(**HTMX)) == (few, few_htmx)


def test_the_people_results_fragment_does_not_count_the_cards_it_does_not_show(officer_client):
    champion = builders.person(name="Jo Smith", stance="champion")
    role = champion.start_role("Inspector", builders.organisation())
    champion.end_role(role)
    builders.interaction(
        follow_up_action="Send the briefing", follow_up_due=datetime.date(2020, 1, 1)
    )

    full = people_page(officer_client, "smith")
    with CaptureQueriesContext(connection) as queries:
        fragment = people_page(officer_client, "smith", **HTMX)

    assert "champion left a role" in full and "overdue follow-up" in full
    assert "Jo Smith" in fragment and "champion left" not in fragment
    read = " ".join(query["sql"] for query in queries)
    assert "stakeholders_role" not in read and "stakeholders_interaction" not in read
