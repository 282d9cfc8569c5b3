"""Work reminders for policy officers, carried in their digests."""

import dataclasses
import datetime
from collections import defaultdict

from django.utils import timezone

from accounts.roles import can_edit
from campaigns.models import AskStatusChange, Consultation
from stakeholders.models import Interaction, Person

DEFAULT_LOOKBACK = datetime.timedelta(days=7)


@dataclasses.dataclass
class Reminders:
    consultations: list = dataclasses.field(default_factory=list)
    follow_ups: list = dataclasses.field(default_factory=list)
    champions_who_left: list = dataclasses.field(default_factory=list)
    ask_changes: list = dataclasses.field(default_factory=list)

    @property
    def is_empty(self):
        return not (
            self.consultations or self.follow_ups or self.champions_who_left or self.ask_changes
        )


def for_user(user, *, since, now):
    """What an officer should know today; empty for read-only roles."""
    if not can_edit(user):
        return Reminders()
    today = timezone.localdate(now)
    since = since or now - DEFAULT_LOOKBACK
    return Reminders(
        consultations=list(
            Consultation.objects.closing_within(Consultation.CLOSING_SOON_DAYS, today=today)
            .select_related("body")
            .by_deadline()
        ),
        follow_ups=list(
            Interaction.objects.overdue_follow_ups(today=today)
            .filter(follow_up_owner=user)
            .prefetch_related("people", "organisations")
        ),
        champions_who_left=list(Person.objects.champions_who_left()[:20]),
        ask_changes=list(
            AskStatusChange.objects.filter(changed_at__gt=since, changed_at__lte=now)
            .select_related("ask", "ask__campaign", "changed_by")
            .order_by("-changed_at")[:30]
        ),
    )


def users_with_news(users, *, since_by_user, now):
    """Ids of the officers among `users` with a reminder that is new since their last digest.

    A reminder is news once: when an ask moves, when a consultation enters its last 14 days, when
    a follow-up falls overdue. Reminders alone never make a digest for read-only roles.
    """
    officers = [user for user in users if can_edit(user)]
    if not officers:
        return set()
    today = timezone.localdate(now)
    earliest = min((since_by_user.get(u.pk) or now - DEFAULT_LOOKBACK) for u in officers)
    change_times = list(
        AskStatusChange.objects.filter(changed_at__gt=earliest, changed_at__lte=now).values_list(
            "changed_at", flat=True
        )
    )
    window_starts = [
        closes - datetime.timedelta(days=Consultation.CLOSING_SOON_DAYS)
        for closes in Consultation.objects.closing_within(
            Consultation.CLOSING_SOON_DAYS, today=today
        ).values_list("closes_on", flat=True)
    ]
    overdue_since = defaultdict(list)
    for owner_id, due in (
        Interaction.objects.overdue_follow_ups(today=today)
        .filter(follow_up_owner__in=officers)
        .values_list("follow_up_owner_id", "follow_up_due")
    ):
        overdue_since[owner_id].append(due)
    news = set()
    for user in officers:
        if since_by_user.get(user.pk) is None and (window_starts or overdue_since[user.pk]):
            news.add(user.pk)  # a first digest carries whatever is pending now
            continue
        since = since_by_user.get(user.pk) or now - DEFAULT_LOOKBACK
        since_day = timezone.localdate(since)
        if (
            any(changed > since for changed in change_times)
            or any(start > since_day for start in window_starts)
            or any(due >= since_day for due in overdue_since[user.pk])
        ):
            news.add(user.pk)
    return news
