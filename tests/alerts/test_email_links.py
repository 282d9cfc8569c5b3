"""One-click links in emails: signed, limited in time, each doing one thing, no login needed."""

import pytest
from django.urls import reverse

from alerts import actions
from alerts.models import Subscription
from monitors.models import Opening, TriageDecision

pytestmark = pytest.mark.django_db


def test_not_relevant_from_an_email_is_a_triage_decision(client, officer, make_opening):
    opening = make_opening()
    url = reverse("alerts:action", args=[actions.action_token(officer, opening, actions.DISMISS)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Mark as not relevant?" in page.content.decode()
    opening.refresh_from_db()
    assert opening.status == Opening.Status.NEW  # a link scanner's GET changes nothing

    done = client.post(url)
    assert "Done" in done.content.decode()
    opening.refresh_from_db()
    assert opening.status == Opening.Status.DISMISSED
    decision = TriageDecision.objects.get(opening=opening)
    assert (decision.user, decision.decision) == (officer, "not_relevant")


def test_assign_to_me_from_an_email_assigns_the_reader(client, officer, make_opening):
    opening = make_opening()
    client.post(
        reverse("alerts:action", args=[actions.action_token(officer, opening, actions.ASSIGN)])
    )
    opening.refresh_from_db()
    assert opening.assignee == officer


def test_a_tampered_link_does_nothing(client, officer, make_opening):
    opening = make_opening()
    token = actions.action_token(officer, opening, actions.ASSIGN)
    response = client.post(reverse("alerts:action", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    opening.refresh_from_db()
    assert opening.assignee is None


def test_an_expired_link_says_so_and_does_nothing(client, officer, make_opening, monkeypatch):
    opening = make_opening()
    token = actions.action_token(officer, opening, actions.DISMISS)
    monkeypatch.setattr(actions, "ACTION_MAX_AGE", -1)
    response = client.post(reverse("alerts:action", args=[token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    opening.refresh_from_db()
    assert opening.status == Opening.Status.NEW


def test_an_unsubscribe_token_cannot_be_used_as_an_action(client, officer, make_opening):
    subscription = Subscription.objects.create(user=officer, frequency="daily")
    token = actions.unsubscribe_token(subscription)
    assert client.post(reverse("alerts:action", args=[token])).status_code == 400


def test_one_click_unsubscribe_stops_only_that_subscription(client, officer, staff_member):
    mine = Subscription.objects.create(user=officer, frequency="daily", topics=["missing_adults"])
    other = Subscription.objects.create(user=staff_member, frequency="weekly")
    url = reverse("alerts:unsubscribe", args=[actions.unsubscribe_token(mine)])
    assert "Stop email alerts?" in client.get(url).content.decode()
    # RFC 8058: the mail client posts this body, without cookies or a CSRF token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.frequency == "none"
    assert mine.topics == ["missing_adults"]
    assert other.frequency == "weekly"


def test_everyone_can_manage_their_own_alerts(client_for, staff_member):
    client = client_for(staff_member)
    response = client.post(
        reverse("alerts:settings"),
        {"frequency": "weekly", "group_by": "campaign", "topics": ["dementia_and_missing"]},
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=staff_member)
    assert (subscription.frequency, subscription.group_by) == ("weekly", "campaign")
    assert subscription.topics == ["dementia_and_missing"]
    assert subscription.everything is False


def test_following_nothing_is_explained(client_for, staff_member):
    response = client_for(staff_member).post(
        reverse("alerts:settings"), {"frequency": "daily", "group_by": "topic"}
    )
    assert "Choose at least one topic, source, campaign or lever" in response.content.decode()


def test_only_administrators_manage_other_peoples_alerts(client_for, officer, administrator):
    url = reverse("alerts:subscription_for", args=[officer.pk])
    assert client_for(officer).get(url).status_code == 403
    response = client_for(administrator).post(
        url, {"frequency": "immediate", "group_by": "topic", "everything": "on"}
    )
    assert response.status_code == 302
    assert Subscription.objects.get(user=officer).frequency == "immediate"


def test_a_new_subscriber_starts_from_now_not_from_every_past_opening(officer, make_opening):
    newest = make_opening()
    subscription = Subscription.objects.create(user=officer, frequency="daily")
    assert subscription.last_opening_id == newest.pk
