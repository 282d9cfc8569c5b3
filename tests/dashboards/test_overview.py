"""The overview says what to do next: openings to triage, follow-ups and consultations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitors.models import Opening
from tests import builders

pytestmark = pytest.mark.django_db


def test_overview_counts_the_openings_waiting_for_triage_and_links_to_them(officer_client):
    for _ in range(3):
        builders.opening()
    for status in (Opening.Status.IN_PROGRESS, Opening.Status.ACTIONED, Opening.Status.DISMISSED):
        builders.opening(status=status)
    body = officer_client.get(reverse("home")).content.decode()
    section = body[body.index("What to do next") :]
    assert "3 openings waiting for triage" in section
    assert f'href="{reverse("monitors:opening_list")}?status=new"' in section
    assert "Triage openings" in section


def test_overview_counts_the_openings_in_progress_that_are_mine(officer_client, officer):
    builders.opening(status=Opening.Status.IN_PROGRESS, assignee=officer)
    builders.opening(status=Opening.Status.IN_PROGRESS)
    body = officer_client.get(reverse("home")).content.decode()
    assert "1 opening in progress assigned to you" in body
    assert f"?status=in_progress&amp;assignee={officer.pk}" in body


def test_overview_says_when_no_opening_waits(officer_client):
    builders.opening(status=Opening.Status.DISMISSED)
    body = officer_client.get(reverse("home")).content.decode()
    assert "No openings waiting for triage" in body


def test_overview_follow_ups_say_with_whom(officer_client, officer):
    person = builders.person(name="Priya Shah")
    builders.interaction(
        people=[person],
        follow_up_action="Send the briefing",
        follow_up_due=timezone.localdate() - datetime.timedelta(days=1),
        follow_up_owner=officer,
    )
    body = officer_client.get(reverse("home")).content.decode()
    section = body[body.index("What to do next") :]
    assert "with Priya Shah" in section


def test_readers_see_the_count_but_no_triage_button(leader_client):
    builders.opening()
    body = leader_client.get(reverse("home")).content.decode()
    assert "1 opening waiting for triage" in body
    assert "Triage openings" not in body


def test_overview_lists_the_ten_most_urgent_active_campaigns_and_links_to_all_of_them(
    officer_client,
):
    from campaigns.models import Campaign

    for number in range(12):
        builders.campaign(
            title=f"Active campaign {number:02}", status=Campaign.Status.ACTIVE, priority=2
        )
    builders.campaign(title="Urgent campaign", status=Campaign.Status.ACTIVE, priority=1)
    builders.campaign(title="Closed campaign", status=Campaign.Status.CLOSED, priority=1)

    body = officer_client.get(reverse("home")).content.decode()
    section = body[body.index("Active campaigns") :]

    assert "Urgent campaign" in section
    assert "Active campaign 08" in section and "Active campaign 09" not in section
    assert "Closed campaign" not in section
    link = f'href="{reverse("campaigns:campaign_list")}?status=active"'
    assert f"{link}>See all 13 active campaigns</a>" in section


def test_overview_offers_no_see_all_link_when_every_active_campaign_is_shown(officer_client):
    from campaigns.models import Campaign

    builders.campaign(title="The only active one", status=Campaign.Status.ACTIVE)

    body = officer_client.get(reverse("home")).content.decode()

    assert "The only active one" in body
    assert "See all" not in body
