import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Ask, AskStatusChange, Campaign
from strategy.models import Element
from tests import builders

pytestmark = pytest.mark.django_db


def test_officer_creates_a_campaign_linked_to_the_theory_of_change(officer_client, officer):
    aim = Element.objects.get(code="A2")
    blocker = Element.objects.get(code="B3")
    response = officer_client.post(
        reverse("campaigns:campaign_create"),
        {
            "title": "Cross-government leadership on missing",
            "status": "active",
            "priority": 1,
            "rag": "amber",
            "owner": officer.pk,
            "aims": [aim.pk],
            "blockers": [blocker.pk],
        },
    )
    campaign = Campaign.objects.get()
    assert response.url == campaign.get_absolute_url()
    assert list(campaign.aims.all()) == [aim]
    page = officer_client.get(aim.get_absolute_url()).content.decode()
    assert "Cross-government leadership on missing" in page


def test_campaign_cannot_end_before_it_starts(officer_client):
    response = officer_client.post(
        reverse("campaigns:campaign_create"),
        {
            "title": "Backwards",
            "status": "planning",
            "priority": 2,
            "rag": "green",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )
    assert "A campaign cannot end before it starts." in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_blank_campaign_form_explains_what_is_missing(officer_client):
    response = officer_client.post(reverse("campaigns:campaign_create"), {})
    body = response.content.decode()
    assert "There is a problem" in body
    # GOV.UK wording, made from each field's label, not Django's "This field is required."
    assert "Enter a title" in body
    assert "Select a status" in body
    assert "This field is required." not in body
    assert 'aria-invalid="true"' in body


def test_owner_is_picked_by_name_from_those_who_may_edit(officer_client, officer, leader):
    officer.first_name, officer.last_name = "Priya", "Shah"
    officer.save()

    body = officer_client.get(reverse("campaigns:campaign_create")).content.decode()

    # A new campaign is yours, named; no select writes out every officer.
    assert re.search(
        rf'value="{officer.pk}" id="id_owner-{officer.pk}" checked><label[^>]*>Priya Shah<', body
    )
    assert '<select name="owner"' not in body
    assert f'id="id_owner-{leader.pk}"' not in body
    # Searching for an owner finds officers and administrators only, by name.
    found = officer_client.get(reverse("editor_choices"), {"q": "l", "format": "json"}).json()
    assert [row["label"] for row in found["results"]] == ["Priya Shah"]


def test_campaign_list_filters_sorts_and_paginates(officer_client):
    for number in range(30):
        builders.campaign(title=f"Campaign {number:02d}", status="active")
    builders.campaign(title="Paused one", status="paused")
    page1 = officer_client.get(
        reverse("campaigns:campaign_list"), {"status": "active", "o": "-title"}
    )
    body = page1.content.decode()
    assert "Campaign 29" in body
    assert "Paused one" not in body
    assert "Showing 1 to 25 of 30" in body
    page2 = officer_client.get(
        reverse("campaigns:campaign_list"), {"status": "active", "o": "-title", "page": 2}
    ).content.decode()
    assert "Campaign 00" in page2


def test_campaign_list_query_count_does_not_grow_with_campaigns(officer_client, officer):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(reverse("campaigns:campaign_list"))
        return len(queries)

    builders.campaign(owner=officer)
    few = count_queries()
    for _ in range(20):
        builders.ask(campaign=builders.campaign(owner=officer))
    assert count_queries() == few


def test_ask_list_query_count_does_not_grow_with_asks(officer_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(reverse("campaigns:ask_list"))
        return len(queries)

    organisation = builders.organisation()
    builders.ask().target_organisations.add(organisation)
    few = count_queries()
    for _ in range(15):
        ask = builders.ask()
        ask.target_organisations.add(organisation)
        ask.target_people.add(builders.person(organisation=organisation))
    assert count_queries() == few


def test_campaign_export_downloads_every_matching_campaign(officer_client):
    builders.campaign(title="Adults after a missing episode", status="planning")
    builders.campaign(title="Local protocols", status="active")
    response = officer_client.get(reverse("campaigns:campaign_export"), {"status": "planning"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Adults after a missing episode" in content
    assert "Local protocols" not in content


def test_deleting_a_campaign_asks_for_confirmation_first(officer_client):
    campaign = builders.campaign(title="To delete")
    url = reverse("campaigns:campaign_delete", args=[campaign.pk])
    assert "This cannot be undone" in officer_client.get(url).content.decode()
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    officer_client.post(url)
    assert not Campaign.objects.filter(pk=campaign.pk).exists()


def test_home_shows_consultations_closing_soon(officer_client):
    builders.consultation(title="APP on missing persons", closes_in_days=5)
    body = officer_client.get(reverse("home")).content.decode()
    assert "APP on missing persons" in body
    assert "5 days left" in body


def test_a_campaign_with_asks_cannot_be_deleted_and_closing_is_offered(officer_client, officer):
    campaign = builders.campaign(title="Has progress")
    ask = builders.ask(campaign=campaign)
    ask.move_to(Ask.Status.MADE, by=officer)
    url = reverse("campaigns:campaign_delete", args=[campaign.pk])
    body = officer_client.get(url).content.decode()
    assert "You cannot delete this campaign" in body
    assert "It has 1 ask with 1 status change" in body
    assert "Close the campaign" in body

    response = officer_client.post(url)
    assert response.status_code == 409
    assert Ask.objects.filter(pk=ask.pk).exists()
    assert AskStatusChange.objects.filter(ask=ask).exists()

    officer_client.post(reverse("campaigns:campaign_close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED


def test_deleting_an_ask_says_what_goes_with_it(officer_client, officer):
    ask = builders.ask()
    ask.move_to(Ask.Status.MADE, by=officer)
    ask.move_to(Ask.Status.ACKNOWLEDGED, by=officer)
    body = officer_client.get(reverse("campaigns:ask_delete", args=[ask.pk])).content.decode()
    assert "Deleting this ask also deletes" in body
    assert "its 2 status changes" in body


def test_change_history_reads_as_sentences(officer_client, officer):
    campaign = builders.campaign(title="Audited", status="planning")
    aim = Element.objects.filter(kind="aim").order_by("code").first()
    campaign.status = "active"
    campaign.save()
    campaign.aims.add(aim)
    ask = builders.ask(campaign=campaign)
    ask.move_to(Ask.Status.MADE, by=officer)

    body = officer_client.get(campaign.get_absolute_url()).content.decode()
    assert "Status: Planning → Active" in body
    assert f"Added aim {aim}" in body
    assert "type → operation" not in body

    body = officer_client.get(ask.get_absolute_url()).content.decode()
    history = body[body.index("Change history") :]
    assert "Status: Drafted → Made" in history
    assert "changed at" not in history


def test_overview_says_what_to_do_next(officer_client, officer):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    builders.interaction(
        follow_up_action="Send the briefing to the APCC",
        follow_up_due=today - dt.timedelta(days=2),
        follow_up_owner=officer,
    )
    builders.interaction(
        follow_up_action="Call the DfE team back",
        follow_up_due=today + dt.timedelta(days=3),
        follow_up_owner=officer,
    )
    builders.consultation(title="Mine closing", closes_in_days=4, owner=officer)
    body = officer_client.get(reverse("home")).content.decode()
    section = body[body.index("What to do next") :]
    assert "Send the briefing to the APCC" in section
    assert "Call the DfE team back" in section
    assert "Mine closing" in section and "start the response" in section
    assert "New interaction" in section and "New consultation" in section


def test_a_campaign_page_shows_its_asks_a_page_at_a_time_in_the_same_queries(officer_client):
    campaign = builders.campaign()
    organisation = builders.organisation()

    def campaign_page(**params):
        with CaptureQueriesContext(connection) as queries:
            page = officer_client.get(campaign.get_absolute_url(), params).content.decode()
        return page, len(queries)

    for number in range(3):
        builders.ask(campaign=campaign, title=f"Ask {number:02}").target_organisations.add(
            organisation
        )
    _, few = campaign_page()
    for number in range(3, 30):
        ask = builders.ask(campaign=campaign, title=f"Ask {number:02}")
        ask.target_organisations.add(organisation)
        ask.target_people.add(builders.person(organisation=organisation))
    first, many = campaign_page()
    second, _ = campaign_page(page=2)

    assert many == few
    assert "Ask 24" in first and "Ask 25" not in first
    assert "Ask 25" in second and "Showing 26 to 30 of 30" in second
