"""Demo alert settings."""

from django.conf import settings
from django.contrib.auth import get_user_model

from alerts.digests import send_digests
from alerts.models import Subscription

DEMO_SUBSCRIPTIONS = {
    "officer": ("daily", []),
    "officer2": ("immediate", ["missing_persons_policing", "missing_children"]),
    "leader": ("weekly", []),
    "staff": ("daily", ["dementia_and_missing", "missing_adults"]),
}


def seed(now, load_records=True):
    if load_records:
        for user in get_user_model().objects.filter(username__in=DEMO_SUBSCRIPTIONS):
            frequency, topics = DEMO_SUBSCRIPTIONS[user.username]
            subscription, created = Subscription.objects.get_or_create(
                user=user,
                defaults={"frequency": frequency, "topics": topics, "everything": not topics},
            )
            if created:
                # The demo's first digest shows the demo openings; real subscribers start empty.
                Subscription.objects.filter(pk=subscription.pk).update(last_opening_id=0)
    lines = [f"Subscriptions: {Subscription.objects.count()}"]
    if load_records and settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        # Only ever into the demo outbox (files under var/mail), never to a real server.
        lines.append(
            f"Demo digests written to {settings.EMAIL_FILE_PATH}: {send_digests('daily', now)}"
        )
    return lines
