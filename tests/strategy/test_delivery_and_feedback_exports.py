"""The activities-delivered and outcome-feedback CSVs: every column of a row."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests import builders

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 2, 3)


def csv_rows(response):
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_activities_export_writes_every_column_of_a_delivery(officer_client):
    campaign = builders.campaign(title="Return home interviews")
    delivery = builders.delivery(
        title="Protocol workshop",
        date=DAY,
        local_area=builders.local_area(name="Essex", status_notes="Not for the export"),
        organisations=[
            builders.organisation(name="Essex Police", notes="Not for the export"),
            builders.organisation(name="Essex County Council"),
        ],
        people_reached=40,
        campaign=campaign,
        notes="Ran long",
    )
    builders.feedback(delivery=delivery)
    builders.feedback(delivery=delivery)

    [row] = csv_rows(officer_client.get(reverse("strategy:delivery_export")))

    assert row == {
        "Date": "2025-02-03",
        "Activity code": "AC4",
        "Activity": delivery.activity.text,
        "Title": "Protocol workshop",
        "Area": "Essex",
        "Organisations": "Essex County Council; Essex Police",
        "People reached": "40",
        "Campaign": "Return home interviews",
        "Feedback answers": "2",
        "Notes": "Ran long",
    }


def test_the_feedback_export_writes_every_column_of_an_answer(officer_client):
    delivery = builders.delivery(date=DAY, notes="Not for the export")
    answer = builders.feedback(
        outcome="OP3",
        agreement=4,
        date=DAY,
        local_area=builders.local_area(name="Kent", status_notes="Not for the export"),
        respondent_audience="professionals",
        respondent_role="Police sergeant",
        comment="Clearer who leads",
        delivery=delivery,
    )

    [row] = csv_rows(officer_client.get(reverse("strategy:feedback_export")))

    assert row == {
        "date": "2025-02-03",
        "outcome": "OP3",
        "statement": answer.outcome.text,
        "agreement": "4",
        "answer": "Agree",
        "area": "Kent",
        "respondent": "Professionals",
        "role": "Police sergeant",
        "comment": "Clearer who leads",
        "delivery": f"{delivery.activity.text} on 3 Feb 2025",
    }
