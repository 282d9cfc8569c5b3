"""Slack, Teams and webhook channels: each new matching opening is posted once, to a real local
HTTP server standing in for the chat service; failures wait, retry and are reported."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse

from alerts import channel_messages
from alerts.channels import send_channels
from alerts.models import Channel, ChannelDelivery
from tests import builders

pytestmark = pytest.mark.django_db

# After every opening the builders make (they are stamped with the real time).
NOW = datetime.datetime(2030, 1, 7, 9, 0, tzinfo=datetime.UTC)


def minutes(n):
    return NOW + datetime.timedelta(minutes=n)


@pytest.fixture
def channel(webhook_receiver, administrator):
    def make(kind="slack", **fields):
        fields.setdefault("name", f"{kind} channel")
        return Channel.objects.create(
            kind=kind, url=webhook_receiver.url, owner=administrator, **fields
        )

    return make


def test_each_new_opening_is_posted_once_however_often_the_command_runs(webhook_receiver, channel):
    slack = channel()
    first, second = builders.opening(), builders.opening()
    send_channels(NOW)
    send_channels(minutes(1))
    posts = webhook_receiver.accepted()
    assert len(posts) == 2
    assert [first.item.title in posts[0]["text"], second.item.title in posts[1]["text"]] == [
        True,
        True,
    ]
    assert set(slack.deliveries.values_list("status", flat=True)) == {"sent"}


def test_a_new_channel_starts_with_openings_found_after_it_was_added(webhook_receiver, channel):
    builders.opening()
    channel()
    later = builders.opening()
    send_channels(NOW)
    [post] = webhook_receiver.accepted()
    assert later.item.title in post["text"]


def test_a_channel_posts_only_the_openings_its_filter_follows(webhook_receiver, channel):
    channel(everything=False, topics=["exploitation_and_missing"])
    builders.opening(topics=["missing_from_care"])
    wanted = builders.opening(topics=["exploitation_and_missing"])
    send_channels(NOW)
    [post] = webhook_receiver.accepted()
    assert wanted.item.title in post["text"]


def test_a_refused_post_waits_then_is_retried_and_posted_once(webhook_receiver, channel):
    slack = channel()
    builders.opening()
    webhook_receiver.answer(500)
    assert send_channels(NOW).failed == 1
    send_channels(minutes(1))  # still backing off: not even tried
    assert len(webhook_receiver.requests) == 1
    assert send_channels(minutes(6)).posted == 1
    send_channels(minutes(30))
    assert len(webhook_receiver.requests) == 2
    assert len(webhook_receiver.accepted()) == 1
    slack.refresh_from_db()
    assert (slack.failures, slack.last_error) == (0, "")
    assert slack.deliveries.get().attempts == 2


def test_a_channel_that_keeps_failing_is_shown_failing_and_its_owner_emailed_once(
    webhook_receiver, channel, client, administrator
):
    slack = channel()
    builders.opening()
    for _ in range(5):
        webhook_receiver.answer(404)
    when = NOW
    for _ in range(4):
        send_channels(when)
        when += datetime.timedelta(hours=7)  # past every back-off
    slack.refresh_from_db()
    assert slack.is_failing and slack.failures == 4
    [message] = mail.outbox
    assert message.to == [administrator.email]
    assert "slack channel" in message.subject
    assert webhook_receiver.url not in message.body  # the webhook address is a secret
    client.force_login(administrator)
    assert "Failing" in client.get(reverse("alerts:channel_list")).content.decode()

    send_channels(when)  # the fifth answer: 404 again
    assert len(mail.outbox) == 1
    send_channels(when + datetime.timedelta(hours=7))  # works again
    slack.refresh_from_db()
    assert not slack.is_failing and slack.failure_emailed_at is None
    assert len(webhook_receiver.accepted()) == 1


def test_a_delivery_is_given_up_after_its_last_attempt_and_never_posted(webhook_receiver, channel):
    slack = channel()
    builders.opening()
    when = NOW
    for _ in range(ChannelDelivery.MAX_ATTEMPTS + 2):
        webhook_receiver.answer(500)
        send_channels(when)
        when += datetime.timedelta(hours=7)
    assert slack.deliveries.get().status == ChannelDelivery.Status.FAILED
    assert len(webhook_receiver.requests) == ChannelDelivery.MAX_ATTEMPTS
    assert webhook_receiver.accepted() == []


def test_loopback_is_refused_when_it_is_not_on_the_allow_list(settings, webhook_receiver, channel):
    slack = channel()
    builders.opening()
    settings.MONITORS_ALLOW_HOSTS = []
    assert send_channels(NOW).failed == 1
    assert webhook_receiver.requests == []
    assert "private or internal address" in slack.deliveries.get().last_error


def test_a_webhook_that_redirects_is_not_followed(webhook_receiver, channel):
    slack = channel()
    builders.opening()
    webhook_receiver.answer(307, {"Location": "/elsewhere"})
    assert send_channels(NOW).failed == 1
    assert [r["path"] for r in webhook_receiver.requests] == ["/hook"]
    assert "redirect" in slack.deliveries.get().last_error


def test_slack_gets_text_and_blocks_with_third_party_text_escaped(webhook_receiver, channel):
    channel()
    opening = builders.opening()
    opening.item.title = "Runaways <!channel> & <https://evil.example|click>"
    opening.item.save()
    send_channels(NOW)
    [post] = webhook_receiver.accepted()
    raw = json.dumps(post)
    assert "<!channel>" not in raw and "<https://evil.example" not in raw
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;" in post["text"]
    assert post["blocks"][0]["text"]["type"] == "mrkdwn"
    assert webhook_receiver.requests[0]["headers"]["Content-Type"] == "application/json"


def test_teams_gets_an_adaptive_card_with_markdown_escaped(webhook_receiver, channel):
    channel("teams")
    opening = builders.opening()
    opening.item.title = "Missing [click](https://evil.example) **now**"
    opening.item.save()
    send_channels(NOW)
    [post] = webhook_receiver.accepted()
    [attachment] = post["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["body"][0]["text"] == r"Missing \[click\]\(https://evil\.example\) \*\*now\*\*"
    assert card["actions"][0]["url"].endswith(opening.get_absolute_url())


def test_a_webhook_gets_the_documented_json_with_a_delivery_id(webhook_receiver, channel):
    hook = channel("webhook")
    opening = builders.opening()
    send_channels(NOW)
    [post] = webhook_receiver.accepted()
    delivery = hook.deliveries.get()
    assert post["schema"] == channel_messages.WEBHOOK_SCHEMA
    assert (post["event"], post["delivery"]) == ("opening.created", delivery.pk)
    assert post["opening"]["id"] == opening.pk
    assert post["opening"]["title"] == opening.item.title
    assert set(post["opening"]) == {
        "id", "title", "summary", "url", "source_url", "source", "lever_type", "lever",
        "topics", "score", "status", "found_at", "published", "deadline",
    }  # fmt: skip
    assert webhook_receiver.requests[0]["headers"]["X-Waymark-Delivery"] == str(delivery.pk)


def test_an_administrator_adds_a_channel_in_the_browser(client, administrator, webhook_receiver):
    builders.opening()
    client.force_login(administrator)
    response = client.post(
        reverse("alerts:channel_add"),
        {
            "name": "Policy team",
            "kind": "slack",
            "url": webhook_receiver.url,
            "owner": administrator.pk,
            "enabled": "on",
            "everything": "on",
        },
    )
    assert response.status_code == 302
    send_channels(NOW)
    assert webhook_receiver.requests == []  # nothing from before it was added
    builders.opening()
    send_channels(NOW)
    assert len(webhook_receiver.accepted()) == 1


def test_the_form_refuses_an_internal_address(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("alerts:channel_add"),
        {"name": "Bad", "kind": "webhook", "url": "http://10.0.0.5/hook", "everything": "on"},
    )
    assert response.status_code == 200
    assert "private or internal address" in response.content.decode()
    assert not Channel.objects.exists()


def test_officers_cannot_reach_the_channel_pages(client, officer):
    client.force_login(officer)
    assert client.get(reverse("alerts:channel_list")).status_code == 403
    assert client.get(reverse("alerts:channel_add")).status_code == 403


# --- A post the service took but whose answer was lost ----------------------------------------


@pytest.mark.parametrize("kind", ["slack", "teams"])
def test_a_chat_post_whose_answer_was_lost_is_not_posted_twice_by_itself(
    webhook_receiver, channel, kind
):
    chat = channel(kind=kind)
    builders.opening()
    webhook_receiver.answer("drop")

    report = send_channels(NOW)
    for later in (30, 24 * 60):
        send_channels(minutes(later))

    assert report.uncertain == 1 and report.failed == 0
    assert len(webhook_receiver.requests) == 1  # in the channel once, never repeated
    delivery = chat.deliveries.get()
    assert delivery.status == ChannelDelivery.Status.UNCERTAIN
    assert "may be in the channel" in delivery.last_error


def test_an_administrator_who_finds_it_missing_posts_it_again_once(
    webhook_receiver, channel, client, administrator
):
    slack = channel()
    opening = builders.opening()
    webhook_receiver.answer("drop")
    send_channels(NOW)
    client.force_login(administrator)
    page = client.get(reverse("alerts:channel", args=[slack.pk])).content.decode()
    delivery = slack.deliveries.get()
    assert "May have been posted" in page and "Not in the channel: post again" in page

    again = reverse("alerts:channel_post_again", args=[delivery.pk])
    client.post(again)
    client.post(again)  # a second press changes nothing
    send_channels(minutes(30))
    send_channels(minutes(60))

    assert len(webhook_receiver.requests) == 2
    assert opening.item.title in webhook_receiver.accepted()[-1]["text"]
    assert slack.deliveries.get().status == ChannelDelivery.Status.SENT


def test_a_webhook_post_whose_answer_was_lost_is_retried_with_the_same_delivery_id(
    webhook_receiver, channel
):
    hook = channel(kind="webhook")
    builders.opening()
    webhook_receiver.answer("drop")

    assert send_channels(NOW).failed == 1
    send_channels(minutes(6))
    send_channels(minutes(60))

    first, second = webhook_receiver.requests
    assert first["headers"]["X-Waymark-Delivery"] == second["headers"]["X-Waymark-Delivery"]
    assert json.loads(first["body"])["delivery"] == json.loads(second["body"])["delivery"]
    assert hook.deliveries.get().status == ChannelDelivery.Status.SENT


def test_a_post_refused_before_it_was_sent_is_retried_on_slack(settings, webhook_receiver, channel):
    slack = channel()
    builders.opening()
    settings.MONITORS_ALLOW_HOSTS = []  # loopback refused: nothing leaves Waymark

    assert send_channels(NOW).failed == 1
    assert slack.deliveries.get().status == ChannelDelivery.Status.PENDING
    settings.MONITORS_ALLOW_HOSTS = [webhook_receiver.allow]
    assert send_channels(minutes(6)).posted == 1


def test_officers_cannot_post_again(webhook_receiver, channel, client, officer):
    slack = channel()
    builders.opening()
    webhook_receiver.answer("drop")
    send_channels(NOW)
    client.force_login(officer)

    response = client.post(reverse("alerts:channel_post_again", args=[slack.deliveries.get().pk]))

    assert response.status_code == 403
    assert slack.deliveries.get().status == ChannelDelivery.Status.UNCERTAIN
