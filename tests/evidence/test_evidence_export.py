"""The evidence CSV: every column of an item, and restricted items only for those granted them."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from strategy.models import Element
from tests import builders

pytestmark = pytest.mark.django_db

RESTRICTED_TITLE = "Account from a father whose daughter went missing"


def csv_rows(response):
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_evidence_export_writes_every_column_of_an_item(officer_client):
    campaign = builders.campaign(title="Return home interviews")
    first = builders.ask(campaign=campaign, title="Fund return interviews")
    second = builders.ask(campaign=campaign, title="Count repeat episodes")
    outcome = Element.objects.outcomes().first()
    item = builders.evidence_item(
        title="Repeat episodes in 2024",
        kind="statistics",
        confidentiality="public",
        publisher="NCA Missing Persons Unit",
        published_on=datetime.date(2025, 3, 1),
        url="https://example.org/repeat-episodes",
        summary="One in three went missing again.",
        key_findings="Repeat episodes rose\nMost within a month",
        quotable_lines="One in three went missing again.",
        tags="adults, APP",
    )
    item.asks.add(first, second)
    item.campaigns.add(campaign)
    item.outcomes.add(outcome)
    builders.evidence_file(item, name="table.csv")
    builders.evidence_file(item, name="notes.csv")

    [row] = csv_rows(officer_client.get(reverse("evidence:item_export")))

    assert row == {
        "Title": "Repeat episodes in 2024",
        "Kind": "Statistics",
        "Confidentiality": "Public",
        "Publisher": "NCA Missing Persons Unit",
        "Date": "2025-03-01",
        "Link": "https://example.org/repeat-episodes",
        "Summary": "One in three went missing again.",
        "Key findings": "Repeat episodes rose\nMost within a month",
        "Quotable lines": "One in three went missing again.",
        "Tags": "adults, app",
        "Asks": "Count repeat episodes; Fund return interviews",
        "Campaigns": "Return home interviews",
        "Outcomes": outcome.code,
        "Files": "2",
        "Record": f"http://testserver/evidence/{item.pk}/",
    }


def test_restricted_evidence_is_exported_only_to_those_granted_it(
    client_for, officer, leader, staff_member, administrator, django_user_model
):
    from tests.conftest import make_user

    builders.evidence_item(title="Public statistics", confidentiality="public")
    builders.evidence_item(
        title=RESTRICTED_TITLE,
        kind="lived_experience",
        confidentiality="restricted",
        consent_basis="Written consent, 2025",
        review_on=datetime.date(2027, 1, 1),
    )
    granted = make_user(django_user_model, "grace", "Policy officer")
    granted.user_permissions.add(Permission.objects.get(codename="view_restricted"))

    def titles(user):
        rows = csv_rows(client_for(user).get(reverse("evidence:item_export")))
        return sorted(row["Title"] for row in rows)

    for user in (officer, leader, staff_member):
        assert titles(user) == ["Public statistics"], user
    for user in (granted, administrator):  # administrators hold the permission by their role
        assert titles(user) == [RESTRICTED_TITLE, "Public statistics"], user
