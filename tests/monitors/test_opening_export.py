"""The openings download, CSV and JSON: every key of an opening, as the command writes it."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from strategy.models import Element
from tests import builders

pytestmark = pytest.mark.django_db

PUBLISHED = timezone.make_aware(datetime.datetime(2025, 3, 14, 9, 30))
REASONS = [
    {"phrase": "missing from care", "passage": "children missing from care", "weight": 2.5},
    {"phrase": "care home", "passage": "in a care home", "weight": -1.0},
]


def export(client, **params):
    response = client.get(reverse("monitors:opening_export"), {"status": "", **params})
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_openings_export_writes_every_key_of_an_opening(officer_client):
    source = builders.source(name="Written questions")
    lever = Element.objects.levers().first()
    opening = builders.opening(
        source=source,
        published=PUBLISHED,
        score=0.912345,
        topics=["missing_from_care", "return_interviews"],
        lever_type="",
        lever=lever,
        status="in_progress",
        reasons=REASONS,
        notes="Not for the export",
        change="Not for the export either",
    )
    changed = builders.opening(
        source=source, item=opening.item, revision="b" * 64, published=None, lever_type=""
    )

    records = json.loads(export(officer_client, format="json"))

    by_title = {record["title"]: record for record in records}
    assert by_title[opening.item.title] == {
        "source": "Written questions",
        "title": opening.item.title,
        "url": opening.item.url,
        "published": "2025-03-14T09:30:00+00:00",
        "score": 0.9123,
        "topics": ["missing_from_care", "return_interviews"],
        "lever": lever.text,
        "status": "in_progress",
        "reasons": [{"phrase": "missing from care", "passage": "children missing from care"}],
    }
    page_changed = by_title[f"Page changed: {opening.item.title}"]
    assert (page_changed["published"], page_changed["lever"]) == (None, "")
    assert changed.title == f"Page changed: {opening.item.title}"
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(export(officer_client)))}
    assert rows[opening.item.title] == {
        "source": "Written questions",
        "title": opening.item.title,
        "url": opening.item.url,
        "published": "2025-03-14T09:30:00+00:00",
        "score": "0.9123",
        "topics": "missing_from_care; return_interviews",
        "lever": lever.text,
        "status": "in_progress",
        "reasons": "missing from care",
    }


def test_the_command_streams_the_same_records_with_accents_as_written(officer_client):
    from django.core.management import call_command

    opening = builders.opening()
    opening.item.title = "Missing from care: Café de Paris — a review"
    opening.item.save()
    out, empty = io.StringIO(), io.StringIO()

    call_command("export_openings", stdout=out)
    call_command("export_openings", "--since", "2999-01-01", stdout=empty)

    assert "Café de Paris — a review" in out.getvalue()
    assert json.loads(out.getvalue()) == json.loads(export(officer_client, format="json"))
    assert out.getvalue().endswith("\n]\n") and empty.getvalue() == "[]\n"
