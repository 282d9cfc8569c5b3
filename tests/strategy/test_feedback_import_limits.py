"""An outcome feedback file over the limits is refused with a message that says the limit and
what the file holds, and nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategy.models import OutcomeFeedback

pytestmark = pytest.mark.django_db


def post(client, content):
    upload = SimpleUploadedFile("answers.csv", content, content_type="text/csv")
    return client.post(reverse("strategy:feedback_import"), {"file": upload}).content.decode()


def test_a_file_over_the_row_limit_says_how_many_answers_it_has(officer_client):
    content = b"outcome,agreement,date\n" + b"OP3,4,2025-02-03\n" * 7_500
    page = post(officer_client, content)
    assert "The file has 7,500 answers; Waymark imports at most 5,000 at once." in page
    assert not OutcomeFeedback.objects.exists()


def test_a_line_of_endless_columns_is_refused_before_it_is_parsed(officer_client):
    page = post(officer_client, b"outcome,agreement\n" + b"," * 2_000_000 + b"\n")
    assert "Line 2 has more than 1,000 columns" in page
    assert not OutcomeFeedback.objects.exists()
