import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Consultation
from evidence.sample_documents import pdf_with_text
from tests import builders

pytestmark = pytest.mark.django_db


def test_consultation_cannot_close_before_it_opens(officer_client):
    response = officer_client.post(
        reverse("campaigns:consultation_create"),
        {
            "title": "APP on missing persons",
            "kind": "consultation",
            "opens_on": "2026-03-10",
            "closes_on": "2026-03-01",
            "response_status": "not_started",
        },
    )
    assert response.status_code == 200
    assert "A consultation cannot close before it opens." in response.content.decode()
    assert not Consultation.objects.exists()


def test_consultation_list_is_sorted_by_deadline_with_flags(officer_client):
    later = builders.consultation(title="Later", closes_in_days=60)
    soon = builders.consultation(title="Soon", closes_in_days=3)
    overdue = builders.consultation(title="Missed", closes_in_days=-2)
    builders.consultation(title="Answered", closes_in_days=-5, response_status="submitted")
    body = officer_client.get(reverse("campaigns:consultation_list")).content.decode()
    assert body.index("Missed") < body.index("Soon") < body.index("Later")
    assert soon.deadline_state() == "closing_soon"
    assert overdue.deadline_state() == "overdue"
    assert later.deadline_state() == "open"
    assert "Closing soon" in body and "Overdue" in body


def test_closing_soon_and_overdue_counts_ignore_submitted_responses():
    builders.consultation(closes_in_days=5)
    builders.consultation(closes_in_days=5, response_status="submitted")
    builders.consultation(closes_in_days=-1)
    builders.consultation(closes_in_days=40)
    counts = Consultation.objects.counts()
    assert counts == {"total": 4, "closing_soon": 1, "overdue": 1}


def test_filtering_consultations_closing_soon(officer_client):
    builders.consultation(title="Due next week", closes_in_days=7)
    builders.consultation(title="Due next quarter", closes_in_days=90)
    body = officer_client.get(
        reverse("campaigns:consultation_list"), {"deadline": "closing_soon"}
    ).content.decode()
    assert "Due next week" in body
    assert "Due next quarter" not in body


def test_marking_a_response_submitted_inline_dates_it(officer_client):
    consultation = builders.consultation(closes_in_days=3)
    response = officer_client.post(
        reverse("campaigns:consultation_response", args=[consultation.pk]),
        {"response_status": "submitted"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    consultation.refresh_from_db()
    assert consultation.response_status == "submitted"
    assert consultation.submitted_on == timezone.localdate()


def _post_response_document(client, upload):
    return client.post(
        reverse("campaigns:consultation_create"),
        {
            "title": "Response with a document",
            "kind": "consultation",
            "response_status": "drafting",
            "response_document": upload,
        },
    )


def test_response_document_downloads_as_an_attachment(officer_client):
    pdf = pdf_with_text("Our response to the APP consultation on missing persons.")
    response = _post_response_document(
        officer_client, SimpleUploadedFile("response.pdf", pdf, content_type="application/pdf")
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    download = officer_client.get(
        reverse("campaigns:consultation_document", args=[consultation.pk])
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == pdf


def test_html_disguised_as_a_response_document_is_refused(officer_client):
    response = _post_response_document(
        officer_client,
        SimpleUploadedFile("response.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
    )
    assert "is not a file type Waymark accepts" in response.content.decode()
    assert not Consultation.objects.exists()


def test_an_oversized_response_document_is_refused(officer_client, settings):
    settings.WAYMARK_MAX_UPLOAD_BYTES = 1024
    response = _post_response_document(
        officer_client,
        SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4096, "application/pdf"),
    )
    assert "The file is too large" in response.content.decode()
    assert not Consultation.objects.exists()


def test_consultation_export_lists_deadlines(officer_client):
    builders.consultation(title="Statutory guidance on children who go missing", closes_in_days=4)
    response = officer_client.get(reverse("campaigns:consultation_export"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Statutory guidance on children who go missing" in content
    assert "closing soon" in content
    assert (timezone.localdate() + datetime.timedelta(days=4)).isoformat() in content


def test_editing_a_consultation_keeps_its_response_document(officer_client):
    pdf = pdf_with_text("Our response.")
    _post_response_document(
        officer_client, SimpleUploadedFile("response.pdf", pdf, content_type="application/pdf")
    )
    consultation = Consultation.objects.get()
    response = officer_client.post(
        reverse("campaigns:consultation_edit", args=[consultation.pk]),
        {"title": "Renamed", "kind": "consultation", "response_status": "in_review"},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Renamed"
    assert consultation.response_document
