"""Following people, and telling those who rely on someone when they leave a role.

Following a person is personal (like one's alert settings): it adds their parliamentary
activity to the follower's alerts (`Subscription.people_i_follow`) and starts the member
watches that find it (monitors/following.py).

Staff changes are a blocker in the theory of change: when a followed person or a campaign's
champion leaves a role, their followers and the relationship owner get one email each (a
`StaffChangeAlert` row, unique per role and recipient, claimed before sending and marked sent
only once the mail server accepted it), naming the organisations and asks that relied on them
and who to build a relationship with next.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from alerts.models import StaffChangeAlert
from campaigns.models import Ask, Campaign
from emails import one_line, send_email
from monitors import following as member_watches
from stakeholders.models import Follow, Organisation, Person, Role

logger = logging.getLogger(__name__)

# Roles that ended longer ago than this are history, not news: a first run sends nothing old.
RECENT = datetime.timedelta(days=30)
CLAIM_TIMEOUT = datetime.timedelta(minutes=30)
OPEN_STORED_ITEMS_TASK = "monitors.tasks.open_stored_items_of"


def follow(user, person: Person) -> bool:
    """`user` follows `person`; True when they did not already."""
    if not person.can_be_followed:
        return False
    _, created = Follow.objects.get_or_create(user=user, person=person)
    member_watches.watch_member(person, owner=user)
    # What was already stored about them opens for their followers, by a worker once the follow
    # is saved (monitors.following.open_stored_items).
    transaction.on_commit(lambda: _open_stored_items_soon(person.pk))
    return created


def _open_stored_items_soon(person_id):
    from django_q.tasks import async_task

    try:
        async_task(OPEN_STORED_ITEMS_TASK, person_id, task_name="Open a followed member's items")
    except Exception:
        # No broker: do it here rather than never (no schedule catches it up).
        logger.exception("Could not hand opening a followed member's items to a worker")
        member_watches.open_stored_items(Person.objects.get(pk=person_id), now=timezone.now())


def unfollow(user, person: Person) -> bool:
    deleted, _ = Follow.objects.filter(user=user, person=person).delete()
    member_watches.unwatch_member(person)
    return bool(deleted)


def campaign_champions(campaign: Campaign):
    """The champions a campaign's asks are made of."""
    return (
        Person.objects.not_erased()
        .filter(stance=Person.Stance.CHAMPION, asks_received__campaign=campaign)
        .distinct()
        .order_by("name")
    )


def follow_champions(user, campaign: Campaign) -> tuple[int, int]:
    """Follow every champion of the campaign who can be followed: (newly followed, skipped
    because they have no Parliament member id)."""
    followed = skipped = 0
    for person in campaign_champions(campaign):
        if not person.can_be_followed:
            skipped += 1
        elif follow(user, person):
            followed += 1
    return followed, skipped


# --- Staff changes ------------------------------------------------------------------------------


def roles_to_report(now):
    """Recently ended roles of people someone follows, or of champions of a campaign."""
    since = timezone.localdate(now) - RECENT
    return (
        Role.objects.filter(ended_on__gte=since, ended_on__lte=timezone.localdate(now))
        .filter(person__erased_at__isnull=True)
        .filter(
            Q(person__follows__isnull=False)
            | Q(person__stance=Person.Stance.CHAMPION, person__asks_received__isnull=False)
        )
        .select_related("person__owner", "organisation")
        .distinct()
    )


def recipients(person: Person):
    """Followers and the relationship owner, once each, with an email address."""
    return (
        get_user_model()
        .objects.filter(Q(follows__person=person) | Q(pk=person.owner_id), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def what_relied_on(role: Role) -> dict:
    """The organisations and open asks that relied on the person who left."""
    person = role.person
    organisations = Organisation.objects.filter(
        Q(pk=role.organisation_id) | Q(asks_received__target_people=person)
    ).distinct()
    asks = (
        Ask.objects.filter(target_people=person)
        .exclude(status__in=Ask.CLOSED_STATUSES)
        .select_related("campaign")
        .order_by("campaign__title", "title")
    )
    return {"organisations": list(organisations), "asks": list(asks)}


def create_alerts(now) -> int:
    """Record one alert per (ended role, recipient); a second run creates none."""
    made = 0
    for role in roles_to_report(now):
        for user in recipients(role.person):
            try:
                with transaction.atomic():
                    StaffChangeAlert.objects.create(role=role, recipient=user, created_at=now)
            except IntegrityError:
                continue
            made += 1
    return made


def claim(alert, now) -> bool:
    stale = now - CLAIM_TIMEOUT
    return (
        StaffChangeAlert.objects.filter(pk=alert.pk)
        .filter(
            Q(status=StaffChangeAlert.Status.PENDING)
            | Q(status=StaffChangeAlert.Status.SENDING, claimed_at__lt=stale)
        )
        .update(status=StaffChangeAlert.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )


def send_staff_change(alert, now, *, connection=None) -> bool:
    """Send one claimed alert; True when the mail server accepted it."""
    role = alert.role
    person = role.person
    context = {
        "recipient": alert.recipient,
        "person": person,
        "role": role,
        "follows": Follow.objects.filter(user=alert.recipient, person=person).exists(),
        # Others where they left, when the role says where: a minister's department, not the
        # committee they left last week.
        "suggestions": list(person.suggested_contacts(organisation=role.organisation)),
        **what_relied_on(role),
    }
    try:
        send_email("staff-change", [alert.recipient.email], context, connection=connection)
    except Exception as error:  # noqa: BLE001  any refusal or drop means "not accepted"
        give_up = alert.attempts >= StaffChangeAlert.MAX_ATTEMPTS
        StaffChangeAlert.objects.filter(pk=alert.pk).update(
            status=StaffChangeAlert.Status.FAILED if give_up else StaffChangeAlert.Status.PENDING,
            last_error=one_line(f"{type(error).__name__}: {error}", 1000),
        )
        logger.warning("Staff change alert %s not accepted: %s", alert.pk, error)
        return False
    StaffChangeAlert.objects.filter(pk=alert.pk).update(
        status=StaffChangeAlert.Status.SENT, sent_at=now, last_error=""
    )
    return True


def send_staff_change_alerts(now=None) -> dict:
    """Create and send what is due; safe to run twice, and twice at once."""
    now = now or timezone.now()
    created = create_alerts(now)
    sent = failed = 0
    stale = now - CLAIM_TIMEOUT
    due = (
        StaffChangeAlert.objects.filter(
            Q(status=StaffChangeAlert.Status.PENDING)
            | Q(status=StaffChangeAlert.Status.SENDING, claimed_at__lt=stale)
        )
        .select_related("role__person__organisation", "role__organisation", "recipient")
        .order_by("pk")
    )
    connection = None
    for alert in due:
        if not claim(alert, now):
            continue
        connection = connection or get_connection(fail_silently=False)
        if send_staff_change(alert, now, connection=connection):
            sent += 1
        else:
            failed += 1
    return {"created": created, "sent": sent, "failed": failed}


def check_members_and_alert(now=None) -> dict:
    """Record members who left the House or a post (Members API), then send the alerts due."""
    now = now or timezone.now()
    # The House first: leaving it ends every current role, posts included, on that day.
    ended = member_watches.record_members_who_left()
    ended += member_watches.record_posts_left(today=timezone.localdate(now))
    return {"roles_ended": len(ended), **send_staff_change_alerts(now)}
