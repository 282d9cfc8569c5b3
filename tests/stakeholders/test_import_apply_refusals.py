"""Applying an import refuses exactly what its preview refused, whoever posts to the apply URL."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stakeholders.models import ImportBatch, Organisation, Person
from tests import builders

pytestmark = pytest.mark.django_db


def upload(client, kind, content):
    client.post(
        reverse("stakeholders:import_create"),
        {"kind": kind, "file": SimpleUploadedFile("f.csv", content, content_type="text/csv")},
    )
    return ImportBatch.objects.get()


def apply(client, batch):
    response = client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_an_organisation_with_an_unknown_kind_is_not_imported_by_posting_to_apply(
    officer_client,
):
    batch = upload(
        officer_client,
        "organisations",
        b"name,kind,sector\nGood Org,police_force,\nCharity Org,charity,third_sector\n",
    )
    assert batch.error_count == 1
    preview = officer_client.get(batch.get_absolute_url()).content.decode()
    assert "Unknown kind “charity”" in preview

    response, messages = apply(officer_client, batch)

    assert response.url == batch.get_absolute_url()
    assert messages == ["Some rows have problems, so nothing was imported."]
    assert not Organisation.objects.filter(name__in=["Good Org", "Charity Org"]).exists()
    # Still refused however often it is posted: the stored check is not softened by applying.
    apply(officer_client, batch)
    assert not Organisation.objects.filter(name__in=["Good Org", "Charity Org"]).exists()
    batch.refresh_from_db()
    assert batch.applied_at is None
    assert "Unknown kind “charity”" in officer_client.get(batch.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (b"Sam Lee,dithering,,", "Unknown stance “dithering”"),
        (b"Sam Lee,,Senate,", "Unknown house “Senate”"),
    ],
)
def test_a_person_with_an_unknown_choice_is_not_imported_by_posting_to_apply(
    officer_client, row, error
):
    batch = upload(officer_client, "people", b"name,stance,house,influence\n" + row + b"\n")
    assert batch.error_count == 1

    apply(officer_client, batch)

    assert not Person.objects.filter(name="Sam Lee").exists()
    assert error in officer_client.get(batch.get_absolute_url()).content.decode()


def test_a_row_the_preview_refused_stays_refused_when_the_database_catches_up(officer_client):
    batch = upload(officer_client, "people", b"name,organisation\nSam Lee,Home Office\n")
    assert batch.error_count == 1  # no organisation called Home Office yet
    builders.organisation(name="Home Office")

    apply(officer_client, batch)

    assert not Person.objects.filter(name="Sam Lee").exists()


def test_the_preview_shows_the_values_as_uploaded(officer_client):
    batch = upload(officer_client, "organisations", b"name,kind,sector\nX Org,Charity,\n")
    preview = officer_client.get(batch.get_absolute_url()).content.decode()
    assert "Kind: Charity" in preview
    assert "Kind: other" not in preview
