"""Someone nobody has rated yet is shown as not rated, never as a middling 3 and Neutral."""

import csv
import io

import pytest
from django.urls import reverse

from api.models import ApiToken
from stakeholders.models import Person
from tests import builders

pytestmark = pytest.mark.django_db


def test_a_person_added_without_a_rating_is_saved_as_not_rated_yet(officer_client):
    form = officer_client.get(reverse("stakeholders:person_create")).content.decode()
    assert form.count(">Not rated yet</option>") == 2  # influence and stance
    response = officer_client.post(reverse("stakeholders:person_create"), {"name": "Sam Okoro"})
    assert response.status_code == 302
    person = Person.objects.get(name="Sam Okoro")
    assert (person.influence, person.stance) == (None, None)
    page = officer_client.get(person.get_absolute_url()).content.decode()
    assert "Not rated yet" in page and "3 out of 5" not in page and "Neutral" not in page


def test_the_grid_lists_the_unrated_instead_of_placing_them_mid_grid(officer_client):
    rated = builders.person(name="Rated Person", influence=3, stance="neutral")
    unrated = builders.person(name="Sam Okoro", influence=None, stance=None)
    half = builders.person(name="Half Rated", influence=4, stance=None)
    builders.organisation(name="Unrated Trust", influence=None, stance=None)
    page = officer_client.get(reverse("dashboards:influence")).content.decode()
    assert f'data-person="{rated.pk}"' in page
    assert f'data-person="{unrated.pk}"' not in page
    assert f'data-person="{half.pk}"' not in page
    section = page[page.index('id="not-rated"') :]
    assert "People (2)" in section and "Organisations (1)" in section
    assert "Sam Okoro" in section and "Half Rated" in section and "Unrated Trust" in section
    assert reverse("stakeholders:person_edit", args=[unrated.pk]) in section  # a link to rate


def test_readers_see_not_rated_yet_without_a_link_to_rate(leader_client):
    unrated = builders.person(name="Sam Okoro", influence=None, stance=None)
    page = leader_client.get(reverse("dashboards:influence")).content.decode()
    section = page[page.index('id="not-rated"') :]
    assert "Sam Okoro" in section
    assert reverse("stakeholders:person_edit", args=[unrated.pk]) not in section
    row = page[page.index(f'id="person-row-{unrated.pk}"') :]
    assert "Not rated yet" in row[: row.index("</tr>")]


def test_the_unrated_come_last_in_the_grid_tables(officer_client):
    builders.person(name="Aaron Unrated", influence=None, stance=None)
    builders.person(name="Zoe Rated", influence=1, stance="opposed")
    page = officer_client.get(reverse("dashboards:influence")).content.decode()
    table = page[page.index('id="influence-table"') :]
    assert table.index("Zoe Rated") < table.index("Aaron Unrated")


def test_people_list_filters_and_exports_the_unrated(officer_client):
    builders.person(name="Sam Okoro", influence=None, stance=None)
    builders.person(name="Rated Person", influence=4, stance="supportive")
    page = officer_client.get(reverse("stakeholders:person_list"), {"influence": "unrated"})
    body = page.content.decode()
    assert "Sam Okoro" in body and "Rated Person" not in body
    export = officer_client.get(reverse("stakeholders:person_export"))
    rows = {
        row["Name"]: row
        for row in csv.DictReader(
            io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))
        )
    }
    assert rows["Sam Okoro"]["Influence"] == "Not rated yet"
    assert rows["Sam Okoro"]["Stance"] == "Not rated yet"
    assert rows["Rated Person"]["Influence"] == "4"


def test_the_api_gives_null_for_an_unrated_person(client, staff_member):
    person = builders.person(influence=None, stance=None)
    secret = ApiToken.issue(staff_member, "script")[1]
    response = client.get(
        f"/api/v1/people/{person.pk}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    assert response.json()["influence"] is None and response.json()["stance"] is None


def test_erasing_a_person_leaves_them_unrated(administrator):
    from stakeholders import privacy

    person = builders.person(name="To Erase", influence=5, stance="champion")
    privacy.erase(person, by=administrator)
    person.refresh_from_db()
    assert person.is_erased
    assert (person.influence, person.stance) == (None, None)
