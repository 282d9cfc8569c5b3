"""Blank rows in an import file neither count towards the row limit nor push real rows out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stakeholders.models import ImportBatch
from tests.evidence.samples import xlsx_with_rows

pytestmark = pytest.mark.django_db


def send(client, name, content):
    return client.post(
        reverse("stakeholders:import_create"),
        {"kind": "people", "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_every_row_of_a_csv_with_blank_lines_is_previewed(officer_client):
    people = b"".join(b"Person %d\n" % n for n in range(2000))
    send(officer_client, "people.csv", b"name\n" + b",\n" * 300 + people)
    batch = ImportBatch.objects.get()
    assert len(batch.rows) == 2000
    assert batch.rows[-1]["values"]["name"] == "Person 1999"
    assert batch.rows[0]["line"] == 302


def test_every_row_of_a_workbook_with_blank_rows_is_previewed(officer_client):
    rows = [["name"], *([None] for _ in range(300)), *([f"Person {n}"] for n in range(2000))]
    send(officer_client, "people.xlsx", xlsx_with_rows(*rows))
    batch = ImportBatch.objects.get()
    assert len(batch.rows) == 2000
    assert batch.rows[-1]["values"]["name"] == "Person 1999"
