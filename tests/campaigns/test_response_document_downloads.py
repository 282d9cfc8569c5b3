"""A consultation response document is stored and served like an evidence file: under a neutral
name, typed by what it contains, as a sandboxed attachment, whatever name it was uploaded with."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Consultation
from evidence.sample_documents import docx_with_text, pdf_with_text
from tests import builders

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"


def upload(client, name, content):
    response = client.post(
        reverse("campaigns:consultation_create"),
        {
            "title": "Statutory guidance: children who go missing",
            "kind": "consultation",
            "response_status": "drafting",
            "response_document": SimpleUploadedFile(name, content, content_type="text/html"),
        },
    )
    assert response.status_code == 302
    return Consultation.objects.get()


def download(client, consultation):
    return client.get(reverse("campaigns:consultation_document", args=[consultation.pk]))


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("response.html", pdf_with_text("Our response."), "pdf", "application/pdf"),
        (
            "response.svg",
            docx_with_text("Our response."),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_a_response_document_is_typed_by_its_content_not_its_name(
    officer_client, name, content, extension, content_type
):
    consultation = upload(officer_client, name, content)
    assert not consultation.response_document.name.endswith((".html", ".svg"))
    assert consultation.response_document.name.endswith(f".{extension}")

    response = download(officer_client, consultation)

    assert response["Content-Type"] == content_type
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statutory-guidance-children-who-go-missing-response.{extension}"'
    )
    assert b"".join(response.streaming_content) == content


def test_a_response_stored_under_its_uploaded_name_is_served_as_opaque_bytes(officer_client):
    # Stored by an older Waymark under the sender's name: never served as what the name says.
    consultation = builders.consultation()
    consultation.response_document.save(
        "evil.svg", ContentFile(pdf_with_text("Response.")), save=True
    )

    response = download(officer_client, consultation)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["Content-Disposition"].startswith("attachment")
    assert ".svg" not in response["Content-Disposition"]


def test_evidence_file_downloads_are_sandboxed_too(officer_client):
    item = builders.evidence_item(confidentiality="public")
    evidence_file = builders.evidence_file(item)
    response = officer_client.get(evidence_file.get_absolute_url())
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
