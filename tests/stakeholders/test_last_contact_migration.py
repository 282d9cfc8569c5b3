"""Migration stakeholders 0006 stores each person's last contact: the people already recorded
when it runs get the date of their latest interaction, not a blank until someone next edits."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("stakeholders", "0005_follow_people_and_scottish_members")]
AFTER = [("stakeholders", "0006_last_contact_and_interaction_search")]

# Migrating back and forth changes the schema, which SQLite cannot do inside the transaction a
# plain database test runs in. The fixture leaves the schema at the last migration again.
pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    """Migrate to `targets` and return the models as they were at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # what is applied now
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0005():
    old = migrate(BEFORE)
    yield old
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_people_recorded_before_the_migration_get_their_latest_interaction_as_last_contact(
    at_0005,
):
    person = at_0005.get_model("stakeholders", "Person")
    interaction = at_0005.get_model("stakeholders", "Interaction")
    met_twice = person.objects.create(name="Met twice")
    met_once = person.objects.create(name="Met once")
    never_met = person.objects.create(name="Never met")
    for day, people in (
        (datetime.date(2024, 5, 1), [met_twice, met_once]),
        (datetime.date(2025, 2, 3), [met_twice]),
        (datetime.date(2023, 1, 9), [met_twice]),
    ):
        interaction.objects.create(date=day, summary=f"Meeting on {day}").people.set(people)

    person = migrate(AFTER).get_model("stakeholders", "Person")

    last_contacts = dict(person.objects.values_list("name", "last_contact"))
    assert last_contacts == {
        met_twice.name: datetime.date(2025, 2, 3),
        met_once.name: datetime.date(2024, 5, 1),
        never_met.name: None,
    }
