"""Every imported organisation and person is checked by the form that adds one in the browser,
so a rule on that form holds for imported rows too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stakeholders.models import ImportBatch, Organisation, Person
from tests import builders

pytestmark = pytest.mark.django_db


def preview(client, kind, content):
    client.post(
        reverse("stakeholders:import_create"),
        {"kind": kind, "file": SimpleUploadedFile("f.csv", content, content_type="text/csv")},
    )
    batch = ImportBatch.objects.get()
    return batch, client.get(batch.get_absolute_url()).content.decode()


def test_an_imported_organisation_already_in_waymark_gets_the_add_pages_own_message(
    officer_client,
):
    builders.organisation(name="Home Office")
    typed = officer_client.post(
        reverse("stakeholders:organisation_create"), {"name": "home office", "sector": "government"}
    ).content.decode()

    batch, page = preview(officer_client, "organisations", b"name,sector\nhome office,government\n")

    message = "Open the existing organisation rather than adding it twice."
    assert message in typed
    assert message in page
    assert batch.error_count == 1


def test_an_imported_name_longer_than_the_form_allows_is_refused_in_the_preview(officer_client):
    batch, page = preview(officer_client, "people", b"name\n" + b"x" * 201 + b"\n")
    assert "Name: Ensure this value has at most 200 characters (it has 201)." in page
    officer_client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    assert not Person.objects.exists()


def test_a_number_in_the_organisation_column_is_a_name_never_a_record_id(officer_client):
    home_office = builders.organisation(name="Home Office")
    batch, page = preview(
        officer_client, "people", f"name,organisation\nSam Lee,{home_office.pk}\n".encode()
    )
    assert f"No organisation called “{home_office.pk}”" in page
    assert batch.error_count == 1


def test_imported_rows_are_saved_by_the_forms_with_labels_read_as_choices(officer_client):
    area = builders.local_area(name="Kent")
    builders.organisation(name="Home Office")
    _, page = preview(
        officer_client,
        "organisations",
        b"name,kind,parent,area,stance\n"
        b"Kent Police,Police force,,Kent,Supportive.\n"
        b"Kent Police Missing Persons Unit,police_force,Kent Police,kent,\n"
        b"Missing Persons Policy Unit,Government department,home office,,\n",
    )
    assert "3 rows ready to import" in page
    officer_client.post(reverse("stakeholders:import_apply", args=[ImportBatch.objects.get().pk]))
    kent = Organisation.objects.get(name="Kent Police")
    assert (kent.kind, kent.sector, kent.local_area, kent.stance) == (
        "police_force",
        "police",
        area,
        "supportive",
    )
    assert Organisation.objects.get(name="Kent Police Missing Persons Unit").parent == kent
    unit = Organisation.objects.get(name="Missing Persons Policy Unit")
    assert (unit.parent.name, unit.sector) == ("Home Office", "government")
