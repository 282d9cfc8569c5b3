"""The people and organisations CSVs: every column, for the people still on record."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders import privacy
from tests import builders

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def csv_rows(response):
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_people_export_writes_every_column_of_a_person(officer_client, officer):
    police = builders.organisation(name="Kent Police", notes="Not for the export")
    person = builders.person(
        name="DCI Amy Hart",
        role_title="Missing persons lead",
        organisation=police,
        email="amy.hart@example.org",
        phone="01234 567890",
        influence=4,
        stance="supportive",
        house="commons",
        party="Independent",
        constituency="Maidstone",
        owner=officer,
        tags="police, kent",
        notes="Prefers email",
    )
    builders.interaction(people=[person], date=TODAY - datetime.timedelta(days=3))

    [row] = csv_rows(officer_client.get(reverse("stakeholders:person_export")))

    assert row == {
        "Name": "DCI Amy Hart",
        "Current role": "Missing persons lead",
        "Organisation": "Kent Police",
        "Email": "amy.hart@example.org",
        "Phone": "01234 567890",
        "Influence": "4",
        "Stance": "Supportive",
        "House": "House of Commons",
        "Party": "Independent",
        "Constituency": "Maidstone",
        "Relationship owner": "olive",
        "Tags": "kent, police",
        "Last contact": str(TODAY - datetime.timedelta(days=3)),
        "Record": f"http://testserver/stakeholders/people/{person.pk}/",
    }


def test_the_people_export_leaves_out_erased_people(officer_client, administrator):
    builders.person(name="Still here")
    privacy.erase(builders.person(name="Asked to be forgotten"), by=administrator)

    rows = csv_rows(officer_client.get(reverse("stakeholders:person_export")))

    assert [row["Name"] for row in rows] == ["Still here"]


def test_the_organisations_export_writes_every_column_of_an_organisation(officer_client):
    area = builders.local_area(name="Kent", status_notes="Not for the export")
    parent = builders.organisation(name="Home Office", notes="Not for the export either")
    police = builders.organisation(
        name="Kent Police",
        kind="police_force",
        sector="police",
        parent=parent,
        local_area=area,
        website="https://www.kent.police.uk",
        influence=5,
        stance="champion",
        notes="Lead force for the protocol",
    )
    builders.person(organisation=police)
    builders.interaction(organisations=[police], date=TODAY - datetime.timedelta(days=5))

    rows = csv_rows(officer_client.get(reverse("stakeholders:organisation_export")))

    assert rows[1] == {
        "Name": "Kent Police",
        "Kind": "Police force",
        "Sector": "Police",
        "Parent": "Home Office",
        "Local area": "Kent",
        "Website": "https://www.kent.police.uk",
        "Influence": "5",
        "Stance": "Champion",
        "People": "1",
        "Last contact": str(TODAY - datetime.timedelta(days=5)),
        "Notes": "Lead force for the protocol",
        "Record": f"http://testserver/stakeholders/organisations/{police.pk}/",
    }
    assert (rows[0]["Name"], rows[0]["Parent"], rows[0]["Local area"]) == ("Home Office", "", "")
