"""Building and sending digests and immediate alerts, exactly once per opening and subscriber.

The design, in short:
- Each email is a `Digest` row, unique per (subscriber, kind, period), created before sending;
  two runs or two workers at once can never create the same email twice.
- A digest is claimed (pending -> sending) with a conditional UPDATE before it is sent, so only one
  worker sends it; if the mail server refuses or drops, it goes back to pending and the next run
  sends it again.
- A subscriber's high-water mark (`last_opening_id`) moves only after their email was accepted;
  openings already waiting in an unsent digest are never put into a second one.
"""

import dataclasses
import datetime
import logging
from collections import defaultdict
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from alerts import actions, reminders
from alerts.models import Digest, Subscription
from emails import make_message, one_line
from monitors.models import Opening

logger = logging.getLogger(__name__)

IMMEDIATE_MIN_SCORE = 0.8
# The highest-scoring openings are shown in full with their one-click actions; any beyond
# these are still listed, by title and link, so every opening reaches the reader.
DETAILED_OPENINGS = 40
# A digest claimed this long ago by a worker that never finished is considered abandoned.
CLAIM_TIMEOUT = datetime.timedelta(minutes=30)


@dataclasses.dataclass
class RunReport:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    already_sent: int = 0  # subscribers whose digest for this period went out earlier
    still_waiting: int = 0  # subscribers whose last digest is still waiting to be accepted
    would_send: list = dataclasses.field(default_factory=list)

    def __str__(self):
        text = f"sent {self.sent}, skipped {self.skipped} (nothing new), failed {self.failed}"
        if self.already_sent:
            text += f"; already sent for this period to {plural(self.already_sent)}"
        if self.still_waiting:
            text += f"; {plural(self.still_waiting)} still waiting for an earlier digest to send"
        return text


def plural(count):
    return f"{count} subscriber{'' if count == 1 else 's'}"


@dataclasses.dataclass(frozen=True)
class OpeningFacts:
    """What matching needs to know about an opening, read once for every subscriber."""

    id: int
    topics: tuple
    lever_type: str
    source_id: int | None
    campaign_ids: tuple
    score: float
    person_ids: tuple = ()
    # Made only because someone follows its member: for that member's followers alone.
    followed_only: bool = False


def period_for(kind, now):
    local = timezone.localtime(now)
    if kind == Digest.Kind.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()


def opening_facts(since_id, now):
    """Every opening newer than `since_id` that could be mailed, in one query."""
    rows = (
        Opening.objects.filter(id__gt=since_id, created_at__lte=now)
        .exclude(status=Opening.Status.DISMISSED)
        .values_list("id", "topics", "lever_type", "source_id", "score", "followed_only")
        .order_by("id")
    )
    campaigns = defaultdict(list)
    for opening_id, campaign_id in Opening.campaigns.through.objects.filter(
        opening_id__gt=since_id
    ).values_list("opening_id", "campaign_id"):
        campaigns[opening_id].append(campaign_id)
    people = defaultdict(list)
    for opening_id, person_id in Opening.people.through.objects.filter(
        opening_id__gt=since_id
    ).values_list("opening_id", "person_id"):
        people[opening_id].append(person_id)
    return [
        OpeningFacts(
            id=row[0],
            topics=tuple(row[1] or ()),
            lever_type=row[2] or "",
            source_id=row[3],
            campaign_ids=tuple(campaigns.get(row[0], ())),
            score=row[4] or 0.0,
            person_ids=tuple(people.get(row[0], ())),
            followed_only=bool(row[5]),
        )
        for row in rows
    ]


def due_subscriptions(frequency):
    return (
        Subscription.objects.filter(frequency=frequency, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("sources", "campaigns", "user__follows")
    )


def waiting_opening_ids(subscriptions):
    """Openings already allocated to an unsent email, per subscription (one query)."""
    waiting = defaultdict(set)
    rows = Digest.openings.through.objects.filter(
        digest__subscription__in=subscriptions,
        digest__status__in=[Digest.Status.PENDING, Digest.Status.SENDING],
    ).values_list("digest__subscription_id", "opening_id")
    for subscription_id, opening_id in rows:
        waiting[subscription_id].add(opening_id)
    return waiting


def create_digest(subscription, kind, period, opening_ids, now):
    """Record the email before sending it; None when another run already made this one."""
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                subscription=subscription,
                kind=kind,
                period=period,
                recipient=subscription.user.email,
                created_at=now,
            )
            digest.openings.add(*opening_ids)
    except IntegrityError:
        return None
    return digest


def claim(digest, now):
    """Take the digest for sending unless another worker has it (conditional UPDATE)."""
    stale = now - CLAIM_TIMEOUT
    claimed = (
        Digest.objects.filter(pk=digest.pk)
        .filter(
            Q(status=Digest.Status.PENDING) | Q(status=Digest.Status.SENDING, claimed_at__lt=stale)
        )
        .update(status=Digest.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def build_context(digest, now):
    """Everything the templates need; only what the recipient may see at sending time."""
    subscription = digest.subscription
    user = subscription.user
    openings = list(
        digest.openings.exclude(status=Opening.Status.DISMISSED)
        .with_list_relations()
        .order_by("-score", "id")
    )
    since = subscription.last_sent_at
    work = (
        reminders.for_user(user, since=since, now=now)
        if subscription.reminders and digest.kind != Digest.Kind.IMMEDIATE
        else reminders.Reminders()
    )
    detailed, briefly = openings[:DETAILED_OPENINGS], openings[DETAILED_OPENINGS:]
    for opening in detailed:
        opening.email_links = actions.links_for(user, opening)
    for opening in briefly:
        opening.open_url = actions.opening_url(opening)
    groups = group_openings(detailed, subscription.group_by)
    return {
        "digest": digest,
        "user": user,
        "openings": openings,
        "groups": groups,
        "more_openings": briefly,
        "reminders": work,
        "unsubscribe_url": actions.unsubscribe_url(subscription),
        "settings_url": settings.SITE_URL + reverse("alerts:settings"),
        "now": now,
    }


def group_openings(openings, group_by):
    from relevance import topic_label

    groups = defaultdict(list)
    for opening in openings:
        if group_by == Subscription.Grouping.CAMPAIGN:
            names = [c.title for c in opening.campaigns.all()] or ["Not yet linked to a campaign"]
        else:
            names = [topic_label(t) for t in (opening.topics or [])[:1]] or ["Other"]
        groups[names[0]].append(opening)
    return sorted(
        groups.items(), key=lambda pair: (pair[0].startswith(("Other", "Not yet")), pair[0])
    )


def send_digest(digest, now, *, connection=None):
    """Send one claimed digest. True when the mail server accepted it."""
    subscription = digest.subscription
    context = build_context(digest, now)
    template = "immediate" if digest.kind == Digest.Kind.IMMEDIATE else "digest"
    if not context["openings"] and context["reminders"].is_empty:
        # Everything in it was dismissed before it went out: nothing left worth an email.
        Digest.objects.filter(pk=digest.pk).update(status=Digest.Status.CANCELLED)
        return True
    message_id = digest.message_id or make_msgid(
        idstring=f"digest-{digest.pk}", domain=settings.SITE_URL.split("//")[-1].split("/")[0]
    )
    message = make_message(
        template,
        [subscription.user.email],
        context,
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.connection = connection or get_connection(fail_silently=False)
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001  any refusal or drop means "not accepted"
        give_up = digest.attempts >= Digest.MAX_ATTEMPTS
        Digest.objects.filter(pk=digest.pk).update(
            status=Digest.Status.FAILED if give_up else Digest.Status.PENDING,
            last_error=one_line(f"{type(error).__name__}: {error}", 1000),
            message_id=message_id,
        )
        logger.warning("Digest %s to %s not accepted: %s", digest.pk, digest.recipient, error)
        return False
    newest = max((o.pk for o in context["openings"]), default=0)
    newest = max(newest, digest.openings.aggregate(newest=Max("id"))["newest"] or 0)
    with transaction.atomic():
        Digest.objects.filter(pk=digest.pk).update(
            status=Digest.Status.SENT,
            sent_at=now,
            subject=message.subject,
            body_text=message.body,
            message_id=message_id,
            last_error="",
        )
        Subscription.objects.filter(pk=subscription.pk, last_opening_id__lt=newest).update(
            last_opening_id=newest
        )
        if digest.kind != Digest.Kind.IMMEDIATE:
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return True


def deliver(digest, now, report, connection, dry_run=False):
    if dry_run:
        report.would_send.append(digest)
        report.sent += 1
        return
    if not claim(digest, now):
        return
    digest.refresh_from_db()
    if send_digest(digest, now, connection=connection):
        report.sent += 1
    else:
        report.failed += 1


def retry_unsent(kinds, now, report, connection):
    """Send again what earlier runs could not; returns subscriptions still waiting."""
    stale = now - CLAIM_TIMEOUT
    unsent = (
        Digest.objects.filter(kind__in=kinds)
        .filter(
            Q(status=Digest.Status.PENDING) | Q(status=Digest.Status.SENDING, claimed_at__lt=stale)
        )
        .select_related("subscription__user")
        .order_by("id")
    )
    for digest in unsent:
        if digest.subscription.is_active:
            deliver(digest, now, report, connection)
    return set(
        Digest.objects.unsent().filter(kind__in=kinds).values_list("subscription_id", flat=True)
    )


def send_digests(frequency, now=None, *, dry_run=False):
    """Send the daily or weekly digests that are due; safe to run twice, and twice at once."""
    now = now or timezone.now()
    kind = Digest.Kind(frequency)
    report = RunReport()
    connection = None if dry_run else get_connection(fail_silently=False)
    still_waiting = set() if dry_run else retry_unsent([kind], now, report, connection)
    subscriptions = list(due_subscriptions(frequency))
    if not subscriptions:
        return report
    period = period_for(kind, now)
    facts = opening_facts(min(s.last_opening_id for s in subscriptions), now)
    waiting = waiting_opening_ids(subscriptions)
    already = set(
        Digest.objects.filter(subscription__in=subscriptions, kind=kind, period=period).values_list(
            "subscription_id", flat=True
        )
    )
    reminder_news = reminders.users_with_news(
        [s.user for s in subscriptions if s.reminders],
        since_by_user={s.user_id: s.last_sent_at for s in subscriptions},
        now=now,
    )
    for subscription in subscriptions:
        # One email at a time: a subscriber whose last one is still waiting gets nothing new yet.
        if subscription.pk in already:
            report.already_sent += 1
            continue
        if subscription.pk in still_waiting:
            report.still_waiting += 1
            continue
        opening_ids = [
            fact.id
            for fact in facts
            if fact.id > subscription.last_opening_id
            and fact.id not in waiting[subscription.pk]
            and subscription.follows(fact)
        ]
        if not opening_ids and subscription.user_id not in reminder_news:
            report.skipped += 1
            continue
        if dry_run:
            report.sent += 1
            report.would_send.append((subscription, opening_ids))
            continue
        digest = create_digest(subscription, kind, period, opening_ids, now)
        if digest is not None:
            deliver(digest, now, report, connection)
    return report


def send_immediate_alerts(now=None):
    """One email per new high-scoring opening to each immediate subscriber, and one per new
    opening about a person they follow, whatever its score."""
    now = now or timezone.now()
    report = RunReport()
    connection = get_connection(fail_silently=False)
    retry_unsent([Digest.Kind.IMMEDIATE], now, report, connection)
    subscriptions = list(due_subscriptions(Subscription.Frequency.IMMEDIATE))
    if not subscriptions:
        return report
    facts = [
        fact
        for fact in opening_facts(min(s.last_opening_id for s in subscriptions), now)
        if fact.score >= IMMEDIATE_MIN_SCORE or fact.person_ids
    ]
    waiting = waiting_opening_ids(subscriptions)
    for subscription in subscriptions:
        for fact in facts:
            about_followed = subscription.people_i_follow and bool(
                subscription.followed_person_ids & set(fact.person_ids)
            )
            if (
                fact.id <= subscription.last_opening_id
                or fact.id in waiting[subscription.pk]
                or not subscription.follows(fact)
                or (fact.score < IMMEDIATE_MIN_SCORE and not about_followed)
            ):
                continue
            digest = create_digest(
                subscription, Digest.Kind.IMMEDIATE, f"opening-{fact.id}", [fact.id], now
            )
            if digest is not None:
                deliver(digest, now, report, connection)
    return report


def resend(digest, by, now=None):
    """An administrator sends a recorded digest again, on purpose."""
    now = now or timezone.now()
    Digest.objects.filter(pk=digest.pk).update(
        status=Digest.Status.PENDING, resent_by=by, claimed_at=None
    )
    digest.refresh_from_db()
    report = RunReport()
    deliver(digest, now, report, get_connection(fail_silently=False))
    return report.sent == 1
