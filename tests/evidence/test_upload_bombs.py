"""Word and Excel files that expand far beyond their size are refused before they are parsed,
and their text is read in a child process whose memory is capped, never in the web process."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence import extraction
from evidence.models import EvidenceFile
from stakeholders.models import ImportBatch
from tests import builders
from tests.evidence.samples import docx_bomb, docx_with_text, xlsx_bomb, xlsx_with_rows

pytestmark = pytest.mark.django_db


def upload_evidence(client, name, content):
    item = builders.evidence_item()
    return client.post(
        reverse("evidence:item_file_upload", args=[item.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
    )


def upload_import(client, name, content):
    return client.post(
        reverse("stakeholders:import_create"),
        {"kind": "people", "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


@pytest.mark.parametrize(
    ("name", "bomb"),
    [("cells.xlsx", lambda: xlsx_bomb(300_000)), ("paragraphs.docx", lambda: docx_bomb(200_000))],
)
def test_an_office_file_that_expands_hundreds_of_times_is_refused_as_evidence(
    officer_client, name, bomb
):
    response = upload_evidence(officer_client, name, bomb())
    assert response.status_code == 422
    assert "looks like a decompression bomb" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_spreadsheet_bomb_is_refused_as_an_import(officer_client):
    response = upload_import(officer_client, "people.xlsx", xlsx_bomb(300_000))
    assert "looks like a decompression bomb" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_office_file_expanding_past_the_total_limit_is_refused(officer_client, settings):
    settings.WAYMARK_ZIP_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    workbook = xlsx_with_rows(*([f"Row {n}", "x" * 200] for n in range(5000)))
    response = upload_evidence(officer_client, "big.xlsx", workbook)
    assert "expands to" in response.content.decode()
    assert "at most 1 MB" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_word_text_needing_more_memory_than_allowed_is_refused_by_the_capped_reader(
    officer_client, settings, monkeypatch
):
    # Let the bomb past the zip check, to show the child process's cap holds on its own.
    settings.WAYMARK_ZIP_MAX_RATIO = 100_000
    monkeypatch.setattr(extraction, "DOCUMENT_MEMORY_BYTES", 160 * 1024 * 1024)
    response = upload_evidence(officer_client, "paragraphs.docx", docx_bomb(300_000))
    assert response.status_code == 422
    assert "could not be read as a Word document" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_ordinary_word_and_excel_files_are_read_under_the_same_cap(officer_client, monkeypatch):
    monkeypatch.setattr(extraction, "DOCUMENT_MEMORY_BYTES", 160 * 1024 * 1024)
    assert (
        upload_evidence(officer_client, "a.docx", docx_with_text("Ran away twice.")).status_code
        == 302
    )
    workbook = xlsx_with_rows(["Force", "Episodes"], ["Kent", 12])
    assert upload_evidence(officer_client, "b.xlsx", workbook).status_code == 302
    texts = sorted(EvidenceFile.objects.values_list("extracted_text", flat=True))
    assert "Ran away twice." in texts[0]
    assert "Kent | 12" in texts[1]


def test_a_csv_over_the_row_limit_says_the_limit_and_how_many_rows_it_has(officer_client):
    content = b"name\n" + b"".join(b"Person %d\n" % n for n in range(100_000))
    response = upload_import(officer_client, "people.csv", content)
    page = response.content.decode()
    assert "The file has 100,000 rows; Waymark imports at most 2,000 rows at once." in page
    assert not ImportBatch.objects.exists()


def test_a_workbook_over_the_row_limit_says_the_limit(officer_client):
    workbook = xlsx_with_rows(["name"], *([f"Person {n}"] for n in range(2100)))
    page = upload_import(officer_client, "people.xlsx", workbook).content.decode()
    assert "The file has more than 2,000 rows; Waymark imports at most 2,000" in page
    assert not ImportBatch.objects.exists()


def test_a_csv_line_of_endless_columns_is_refused_before_it_is_parsed(officer_client):
    content = b"name\n" + b"," * 5_000_000 + b"\n"
    page = upload_import(officer_client, "people.csv", content).content.decode()
    assert "Line 2 has more than 1,000 columns" in page
    assert not ImportBatch.objects.exists()


def test_a_macro_enabled_office_file_renamed_docx_is_refused(officer_client):
    with_macros = _add_part(docx_with_text("Hello"), "word/vbaProject.bin", b"\x00" * 64)
    response = upload_evidence(officer_client, "notes.docx", with_macros)
    assert "not a file type Waymark accepts" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def _add_part(document, name, content):
    import io
    import zipfile

    out = io.BytesIO(document)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(name, content)
    return out.getvalue()
