"""`[[subscription]]` entries in monitors.toml: alert set-up kept under version control."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from alerts.models import Subscription
from relevance import TOPICS

FREQUENCIES = set(Subscription.Frequency.values)


def apply_subscriptions(entries):
    """Create or update one subscription per entry; raise ValidationError naming a bad entry.

    Call inside a transaction: an error part-way leaves nothing applied.
    """
    users = get_user_model().objects
    applied = []
    for number, entry in enumerate(entries, start=1):
        where = f"[[subscription]] entry {number}"
        if not isinstance(entry, dict):
            raise ValidationError(f"{where} is not a table.")
        unknown = set(entry) - {"email", "frequency", "topics"}
        if unknown:
            raise ValidationError(f"{where} has unknown keys: {', '.join(sorted(unknown))}.")
        address = str(entry.get("email", "")).strip()
        if not address:
            raise ValidationError(f"{where} needs an email.")
        where = f"{where} ({address})"
        try:
            user = users.get(email__iexact=address)
        except users.model.DoesNotExist:
            raise ValidationError(f"{where}: no Waymark user has this email address.") from None
        except users.model.MultipleObjectsReturned:
            raise ValidationError(f"{where}: more than one user has this email address.") from None
        frequency = entry.get("frequency", "")
        if frequency not in FREQUENCIES:
            raise ValidationError(
                f"{where}: frequency must be one of {', '.join(sorted(FREQUENCIES))}."
            )
        topics = entry.get("topics") or []
        if not isinstance(topics, list) or any(t not in TOPICS for t in topics):
            bad = [t for t in topics if t not in TOPICS] if isinstance(topics, list) else topics
            raise ValidationError(f"{where}: unknown topics {bad}; known: {', '.join(TOPICS)}.")
        subscription, created = Subscription.objects.update_or_create(
            user=user,
            defaults={"frequency": frequency, "topics": topics, "everything": not topics},
        )
        applied.append((subscription, created))
    return applied
