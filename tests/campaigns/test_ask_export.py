"""The asks CSV: every column of an ask, and nothing of the restricted evidence behind one."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import builders

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Account from a family whose son went missing (restricted)"


def csv_rows(response):
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_asks_export_writes_every_column_of_an_ask(officer_client, officer):
    changed = timezone.make_aware(datetime.datetime(2025, 6, 2, 9, 30))
    ask = builders.ask(
        campaign=builders.campaign(title="Return home interviews"),
        title="Fund return interviews for adults",
        detail="Not for the export",
        status="made",
        status_changed_at=changed,
        owner=officer,
    )
    ask.target_organisations.add(
        builders.organisation(name="Home Office"), builders.organisation(name="College of Policing")
    )
    ask.target_people.add(builders.person(name="Jess Phillips", notes="Not for the export"))

    [row] = csv_rows(officer_client.get(reverse("campaigns:ask_export")))

    assert row == {
        "Ask": "Fund return interviews for adults",
        "Campaign": "Return home interviews",
        "Status": "Made",
        "Status since": "2025-06-02",
        "Target organisations": "College of Policing; Home Office",
        "Target people": "Jess Phillips",
        "Owner": "olive",
        "Link": f"http://testserver/campaigns/asks/{ask.pk}/",
    }


def test_the_asks_export_names_no_restricted_evidence(client_for, officer, staff_member):
    ask = builders.ask(title="Backed by an account")
    builders.evidence_item(
        title=SECRET_TITLE,
        kind="lived_experience",
        confidentiality="restricted",
        consent_basis="Written consent, 2025",
        review_on=datetime.date(2027, 1, 1),
    ).asks.add(ask)

    for user in (officer, staff_member):
        text = b"".join(client_for(user).get(reverse("campaigns:ask_export"))).decode()
        assert "Backed by an account" in text
        assert SECRET_TITLE not in text
