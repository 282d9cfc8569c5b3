"""Every imported survey answer is checked by the form that records one answer in the browser,
so a rule on that form holds whichever door the answer comes through."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from strategy.models import OutcomeFeedback
from tests import builders
from tests.evidence.samples import xlsx_with_rows

pytestmark = pytest.mark.django_db

FUTURE = "The date of an answer cannot be in the future."


def import_file(client, content, name="answers.csv"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(reverse("strategy:feedback_import"), {"file": upload})


def test_an_answer_dated_in_the_future_is_refused_in_the_browser_and_in_an_import(officer_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    typed = officer_client.post(
        reverse("strategy:feedback_create"),
        {"outcome": builders.element("OP3").pk, "agreement": 4, "date": tomorrow.isoformat()},
    )
    assert FUTURE in typed.content.decode()

    imported = import_file(
        officer_client,
        f"outcome,agreement,date\nOP3,4,2025-02-03\nOP3,4,{tomorrow:%d/%m/%Y}\n".encode(),
    )

    page = imported.content.decode()
    assert "Nothing was imported: 1 problem" in page
    assert FUTURE in page
    assert not OutcomeFeedback.objects.exists()


def test_an_imported_role_longer_than_the_form_allows_is_refused_not_cut_short(officer_client):
    page = import_file(
        officer_client, b"outcome,agreement,date,role\nOP3,4,2025-02-03," + b"x" * 151 + b"\n"
    ).content.decode()
    assert "Respondent role: Ensure this value has at most 150 characters (it has 151)." in page
    assert not OutcomeFeedback.objects.exists()


def test_survey_answers_import_from_an_excel_workbook(officer_client, officer):
    builders.local_area(name="Kent")
    workbook = xlsx_with_rows(
        ["Outcome", "Agreement", "Date", "Area"],
        ["OP3", 5, datetime.datetime(2025, 2, 3), "Kent"],
        ["op1", "Strongly disagree", "03/02/2025", ""],
    )
    response = import_file(officer_client, workbook, name="answers.xlsx")
    assert response.status_code == 302
    answers = OutcomeFeedback.objects.order_by("id")
    assert [(a.outcome.code, a.agreement, a.date) for a in answers] == [
        ("OP3", 5, datetime.date(2025, 2, 3)),
        ("OP1", 1, datetime.date(2025, 2, 3)),
    ]
    assert answers[0].local_area.name == "Kent"
    assert {a.recorded_by for a in answers} == {officer}


def test_a_number_in_the_area_column_is_a_name_never_a_record_id(officer_client):
    area = builders.local_area(name="Kent")
    page = import_file(
        officer_client, f"outcome,agreement,date,area\nOP3,4,2025-02-03,{area.pk}\n".encode()
    ).content.decode()
    assert f"“{area.pk}” is not a local area Waymark knows." in page
    assert not OutcomeFeedback.objects.exists()
