"""Posting new openings to Slack, Teams and webhooks, exactly once per opening and channel.

The same design as the digests (alerts.digests):
- Each post is a `ChannelDelivery` row, unique per (channel, opening), created before posting;
  two runs or two workers at once can never queue the same post twice.
- A delivery is claimed (pending -> sending) with a conditional UPDATE, so only one worker posts
  it, and it is marked sent only after the receiving server answered 2xx.
- A post the server refused goes back to pending and the channel waits before trying again,
  longer after each failure (back-off). After `Channel.FAILING_AFTER` failures in a row the
  channel is shown as failing and its owner is emailed once; a success clears it.

A post whose answer never came (the connection dropped or timed out after the request was
sent) may or may not be in the channel, and no client can know which. Generic webhooks carry
the delivery id (`X-Waymark-Delivery`, the same on every try) so such a post is retried and the
receiver drops the repeat: at least once, deduplicated by the receiver. Slack's incoming
webhooks and Teams' workflows take no idempotency key, so a repeat would show twice: there such a
post is marked "may have been posted" and not retried by itself (at most once); the channel
page shows it and an administrator may post it again. A post that certainly did not arrive
(refused before sending, or refused by the server's answer) is retried as before.
"""

import dataclasses
import datetime
import http.client
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from accounts.roles import Role
from alerts import channel_messages
from alerts.digests import CLAIM_TIMEOUT, opening_facts
from alerts.email import one_line, send_email
from alerts.models import Channel, ChannelDelivery
from harvesting import fetch

logger = logging.getLogger(__name__)

FIRST_RETRY = datetime.timedelta(minutes=5)
LONGEST_WAIT = datetime.timedelta(hours=6)


@dataclasses.dataclass
class ChannelReport:
    queued: int = 0
    posted: int = 0
    failed: int = 0
    uncertain: int = 0

    def __str__(self):
        text = f"queued {self.queued}, posted {self.posted}, failed {self.failed}"
        if self.uncertain:
            text += f", may have been posted {self.uncertain} (not retried)"
        return text


def backoff(failures):
    """How long a channel waits after `failures` failed posts in a row: 5, 10, 20 minutes..."""
    return min(FIRST_RETRY * 2 ** max(failures - 1, 0), LONGEST_WAIT)


def queue_new_openings(now):
    """Record a delivery for every opening found since each channel last looked."""
    channels = list(Channel.objects.filter(enabled=True).prefetch_related("sources", "campaigns"))
    if not channels:
        return 0
    facts = opening_facts(min(c.last_opening_id for c in channels), now)
    queued = 0
    for channel in channels:
        newer = [fact for fact in facts if fact.id > channel.last_opening_id]
        if not newer:
            continue
        rows = [
            ChannelDelivery(channel=channel, opening_id=fact.id, created_at=now)
            for fact in newer
            if channel.follows(fact)
        ]
        # ignore_conflicts: a run at the same moment may have queued some of these already.
        ChannelDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        queued += len(rows)
        newest = newer[-1].id
        Channel.objects.filter(pk=channel.pk, last_opening_id__lt=newest).update(
            last_opening_id=newest
        )
    return queued


def _unsent(now):
    stale = now - CLAIM_TIMEOUT
    return Q(status=ChannelDelivery.Status.PENDING) | Q(
        status=ChannelDelivery.Status.SENDING, claimed_at__lt=stale
    )


def claim(delivery, now):
    """Take the delivery for posting unless another worker has it (conditional UPDATE)."""
    claimed = (
        ChannelDelivery.objects.filter(pk=delivery.pk)
        .filter(_unsent(now))
        .update(status=ChannelDelivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def post(delivery):
    """Post one delivery; raises fetch.FetchError when the server did not accept it."""
    channel = delivery.channel
    body = channel_messages.payload(channel.kind, delivery.opening, delivery.pk)
    fetch.post(channel.url, body, headers={"X-Waymark-Delivery": str(delivery.pk)})


# Failures after the request went out, while waiting for the answer: the post may have arrived.
_ANSWER_LOST = (ReadTimeoutError, ProtocolError, http.client.HTTPException, ConnectionError)


def may_have_arrived(error: fetch.FetchError) -> bool:
    """Whether a failed post may still have reached the service: it was sent and no answer
    came (a read timeout, a connection dropped or reset, the time limit passing while waiting),
    or a 2xx answer came that was too large to read. False when it certainly did not arrive:
    refused before anything was sent (address, name, connection) or refused by the answer."""
    if isinstance(error, fetch.TooLarge):
        return True
    if isinstance(error, fetch.HTTPStatusError | fetch.BadURL | fetch.BlockedAddress):
        return False
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, _ANSWER_LOST):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _recorded_failure(delivery, error, now, *, uncertain=False):
    message = one_line(str(error), 1000)
    give_up = delivery.attempts + 1 >= ChannelDelivery.MAX_ATTEMPTS
    status = ChannelDelivery.Status.FAILED if give_up else ChannelDelivery.Status.PENDING
    if uncertain:
        status = ChannelDelivery.Status.UNCERTAIN
        message = one_line(
            f"No answer came after the post was sent, so it may be in the channel: {message} "
            "It is not posted again by itself, as the service cannot drop a repeat.",
            1000,
        )
    ChannelDelivery.objects.filter(pk=delivery.pk).update(status=status, last_error=message)
    channel = delivery.channel
    failures = channel.failures + 1
    Channel.objects.filter(pk=channel.pk).update(
        failures=F("failures") + 1,
        retry_at=now + backoff(failures),
        last_error=message,
        failing_since=channel.failing_since or now,
    )
    logger.warning("Posting opening %s to %s failed: %s", delivery.opening_id, channel, message)
    if failures >= Channel.FAILING_AFTER:
        tell_owner_of_failure(channel, message, now)


def _recorded_success(delivery, now):
    ChannelDelivery.objects.filter(pk=delivery.pk).update(
        status=ChannelDelivery.Status.SENT, sent_at=now, last_error=""
    )
    Channel.objects.filter(pk=delivery.channel_id).update(
        failures=0,
        retry_at=None,
        failing_since=None,
        failure_emailed_at=None,
        last_error="",
        last_posted_at=now,
    )


def failure_recipients(channel):
    owner = channel.owner
    if owner is not None and owner.is_active and owner.email:
        return [owner.email]
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.ADMINISTRATOR)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def tell_owner_of_failure(channel, error, now):
    """Email once per failing spell: claim the right to email with a conditional UPDATE."""
    if not Channel.objects.filter(pk=channel.pk, failure_emailed_at=None).update(
        failure_emailed_at=now
    ):
        return False
    recipients = failure_recipients(channel)
    if not recipients:
        return False
    channel.refresh_from_db()
    try:
        url = settings.SITE_URL + channel.get_absolute_url()
        send_email("channel-failing", recipients, {"channel": channel, "error": error, "url": url})
    except Exception as mail_error:  # noqa: BLE001  try again on the next failure
        Channel.objects.filter(pk=channel.pk).update(failure_emailed_at=None)
        logger.warning("Could not email about failing channel %s: %s", channel, mail_error)
        return False
    return True


def send_channels(now=None):
    """Queue and post every opening not yet posted to each channel; safe to run twice at once."""
    now = now or timezone.now()
    report = ChannelReport(queued=queue_new_openings(now))
    due = (
        ChannelDelivery.objects.filter(_unsent(now), channel__enabled=True)
        .filter(Q(channel__retry_at=None) | Q(channel__retry_at__lte=now))
        .select_related("channel", "opening__item", "opening__source")
        .order_by("channel_id", "opening_id")
    )
    broken = set()
    for delivery in due:
        if delivery.channel_id in broken:
            continue  # the channel just failed: the rest wait for its back-off
        if not claim(delivery, now):
            continue
        try:
            post(delivery)
        except fetch.FetchError as error:
            broken.add(delivery.channel_id)
            # A webhook receiver drops a repeat by its delivery id; Slack and Teams cannot.
            uncertain = delivery.channel.kind != Channel.Kind.WEBHOOK and may_have_arrived(error)
            _recorded_failure(delivery, error, now, uncertain=uncertain)
            if uncertain:
                report.uncertain += 1
            else:
                report.failed += 1
            continue
        _recorded_success(delivery, now)
        report.posted += 1
    return report
