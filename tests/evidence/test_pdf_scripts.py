"""PDFs that would run JavaScript (or start a program) when opened are refused as evidence:
people download evidence and open it in desktop readers, which may run the script. A monitor
scanning a third-party report still reads its text, since nobody opens it from Waymark."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from evidence.models import EvidenceFile
from evidence.sample_documents import pdf_with_text
from harvesting.documents import DocumentHasScripts, extract_document_text
from tests import builders

pytestmark = pytest.mark.django_db


def _action(kind, **entries):
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def _pdf(change):
    writer = PdfWriter(clone_from=io.BytesIO(pdf_with_text("Children went missing from care.")))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def document_script(writer):
    scripts = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("hello"), _action("/JavaScript", JS="app.alert('hello');")]
            )
        }
    )
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): scripts}
    )


def opening_script(writer):
    writer.root_object[NameObject("/OpenAction")] = _action("/JavaScript", JS="app.alert(1)")


def opening_launch(writer):
    writer.root_object[NameObject("/OpenAction")] = _action("/Launch", F="calc.exe")


def page_open_script(writer):
    triggers = DictionaryObject({NameObject("/O"): _action("/JavaScript", JS="app.alert(2)")})
    writer.pages[0][NameObject("/AA")] = triggers


def link_script(writer):
    link = Link(rect=(50, 50, 200, 80), url="https://example.org/")
    writer.add_annotation(0, link)
    annotation = writer.pages[0]["/Annots"][-1].get_object()
    annotation[NameObject("/A")] = _action("/JavaScript", JS="app.alert(3)")


def chained_script(writer):
    first = _action("/GoTo")
    first[NameObject("/Next")] = _action("/JavaScript", JS="app.alert(4)")
    writer.root_object[NameObject("/OpenAction")] = first


SCRIPTED = [
    document_script,
    opening_script,
    opening_launch,
    page_open_script,
    link_script,
    chained_script,
]


def upload(client, content):
    item = builders.evidence_item()
    return client.post(
        reverse("evidence:item_file_upload", args=[item.pk]),
        {"file": SimpleUploadedFile("report.pdf", content, content_type="application/pdf")},
    )


@pytest.mark.parametrize("change", SCRIPTED, ids=lambda change: change.__name__)
def test_a_pdf_that_would_run_a_script_is_refused_as_evidence(officer_client, change):
    response = upload(officer_client, _pdf(change))
    assert response.status_code == 422
    assert "This PDF contains JavaScript" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_pdf_with_an_ordinary_link_is_accepted(officer_client):
    def link(writer):
        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://example.org/"))

    assert upload(officer_client, _pdf(link)).status_code == 302
    assert "missing from care" in EvidenceFile.objects.get().extracted_text


def test_a_monitor_still_reads_the_text_of_a_third_party_pdf_with_scripts():
    pdf = _pdf(document_script)
    [(page, text)] = extract_document_text(pdf, "application/pdf")
    assert page == 1
    assert "missing from care" in text
    with pytest.raises(DocumentHasScripts):
        extract_document_text(pdf, "application/pdf", refuse_scripts=True)
