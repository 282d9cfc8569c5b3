"""Each person's last contact is stored and kept right by every door that changes interactions,
and interactions are found through a full-text index that follows every change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import Interaction, Person
from tests import builders

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def last_contact(person):
    return Person.objects.get(pk=person.pk).last_contact


def interaction_form(people, *, date, summary="Discussed return home interviews", **extra):
    return {
        "date": str(date),
        "kind": "meeting",
        "people": [p.pk for p in people],
        "summary": summary,
        **extra,
    }


def searched(client, text):
    response = client.get(reverse("stakeholders:interaction_list"), {"q": text})
    return response.content.decode()


def test_logging_an_interaction_moves_everyone_involveds_last_contact(officer_client):
    helen, sam = builders.person(name="Helen Marsh"), builders.person(name="Sam Ode")
    builders.interaction(people=[helen], date=TODAY - 30 * DAY)

    officer_client.post(
        reverse("stakeholders:interaction_create"),
        interaction_form([helen, sam], date=TODAY - 2 * DAY),
    )

    assert last_contact(helen) == TODAY - 2 * DAY
    assert last_contact(sam) == TODAY - 2 * DAY


def test_editing_an_interactions_date_or_people_corrects_last_contact(officer_client):
    helen, sam = builders.person(name="Helen Marsh"), builders.person(name="Sam Ode")
    builders.interaction(people=[helen], date=TODAY - 30 * DAY)
    latest = builders.interaction(people=[helen, sam], date=TODAY - 2 * DAY)

    officer_client.post(
        reverse("stakeholders:interaction_edit", args=[latest.pk]),
        interaction_form([sam], date=TODAY - 5 * DAY),
    )

    # Helen is no longer in it: her last contact falls back to the one before.
    assert last_contact(helen) == TODAY - 30 * DAY
    assert last_contact(sam) == TODAY - 5 * DAY


def test_deleting_an_interaction_takes_it_out_of_last_contact_and_search(officer_client):
    helen = builders.person(name="Helen Marsh")
    builders.interaction(people=[helen], date=TODAY - 30 * DAY, summary="Older letter")
    latest = builders.interaction(people=[helen], date=TODAY - DAY, summary="Safeguarding call")

    officer_client.post(reverse("stakeholders:interaction_delete", args=[latest.pk]))

    assert not Interaction.objects.filter(pk=latest.pk).exists()
    assert last_contact(helen) == TODAY - 30 * DAY
    assert "Safeguarding call" not in searched(officer_client, "safeguarding")


def test_an_interaction_logged_from_an_opening_counts_as_a_contact(officer_client):
    helen = builders.person(name="Helen Marsh")
    opening = builders.opening()
    opening.people.add(helen)

    officer_client.post(reverse("monitors:opening_interaction_create", args=[opening.pk]))

    assert last_contact(helen) == TODAY
    assert Interaction.objects.get().summary.split()[0] in searched(
        officer_client, opening.title.split()[0]
    )


def test_someone_never_met_has_no_last_contact_and_sorts_after_those_met(officer_client):
    builders.person(name="Never Met")
    met = builders.person(name="Met Once")
    builders.interaction(people=[met], date=TODAY - 9 * DAY)

    page = officer_client.get(reverse("stakeholders:person_list"), {"o": "-last_contact"})

    text = page.content.decode()
    assert last_contact(met) == TODAY - 9 * DAY
    assert text.index("Met Once") < text.index("Never Met")


def test_interaction_search_finds_words_in_summaries_and_follow_ups_as_prefixes(officer_client):
    builders.interaction(summary="Talked about return home interviews")
    builders.interaction(summary="Budget letter", follow_up_action="Send the protocol draft")
    builders.interaction(summary="Nothing relevant")

    by_prefix = searched(officer_client, "interv")
    by_follow_up = searched(officer_client, "protocol")
    by_phrase = searched(officer_client, '"return home"')

    assert "return home interviews" in by_prefix and "Budget letter" not in by_prefix
    assert "Budget letter" in by_follow_up and "return home" not in by_follow_up
    assert "return home interviews" in by_phrase and "Nothing relevant" not in by_phrase


def test_interaction_search_still_finds_the_people_and_organisations_named(officer_client):
    helen = builders.person(name="Helen Marsh")
    police = builders.organisation(name="Kent Police")
    builders.interaction(people=[helen], summary="First meeting")
    builders.interaction(organisations=[police], summary="Second meeting")

    assert "First meeting" in searched(officer_client, "marsh")
    assert "Second meeting" in searched(officer_client, "kent")


def test_editing_an_interactions_summary_changes_what_search_finds(officer_client):
    helen = builders.person(name="Helen Marsh")
    interaction = builders.interaction(people=[helen], summary="About the protocol")

    officer_client.post(
        reverse("stakeholders:interaction_edit", args=[interaction.pk]),
        interaction_form([helen], date=TODAY, summary="About the partnership"),
    )

    assert "About the partnership" in searched(officer_client, "partnership")
    assert "About the partnership" not in searched(officer_client, "protocol")


def test_an_erased_name_cannot_be_found_through_interaction_search(client_for, administrator):
    helen = builders.person(name="Helen Marsh")
    builders.interaction(people=[helen], summary="Helen Marsh agreed to meet")
    client = client_for(administrator)

    client.post(reverse("stakeholders:person_erase", args=[helen.pk]), {"confirm": "helen marsh"})

    assert "agreed to meet" not in searched(client, "helen")
    assert "agreed to meet" in searched(client, "erased")
