"""`[[subscription]]` and `[[channel]]` entries in monitors.toml: alert set-up kept under
version control. Both take the same filter keys, read by `read_filter`, and match openings by
the same rule (`OpeningInterest.follows`).

`import_file` applies the whole file: the `[[source]]` entries through monitors' own reader,
then these, in one transaction, so a bad entry of any kind changes nothing.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from alerts.models import Channel, Subscription
from harvesting.text import safe_url
from monitors.sourcefile import SourceFileError, apply_sources, read_file, read_sources
from relevance import TOPICS

FREQUENCIES = set(Subscription.Frequency.values)
FILTER_KEYS = {"topics"}


def read_filter(entry, where):
    """The filter fields an entry sets: its topics, or every opening when it names none."""
    topics = entry.get("topics") or []
    if not isinstance(topics, list) or any(t not in TOPICS for t in topics):
        bad = [t for t in topics if t not in TOPICS] if isinstance(topics, list) else topics
        raise ValidationError(f"{where}: unknown topics {bad}; known: {', '.join(TOPICS)}.")
    return {"topics": topics, "everything": not topics}


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
        unknown = set(entry) - {"email", "frequency"} - FILTER_KEYS
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
        subscription, created = Subscription.objects.update_or_create(
            user=user, defaults={"frequency": frequency, **read_filter(entry, where)}
        )
        applied.append((subscription, created))
    return applied


def apply_channels(entries):
    """Create or update one channel per entry, by name; raise ValidationError naming a bad one.

    Call inside a transaction, as for subscriptions. A channel made here starts with the
    openings found after it, like one added in the browser.
    """
    users = get_user_model().objects
    applied, names = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"[[channel]] entry {number}"
        if not isinstance(entry, dict):
            raise ValidationError(f"{where} is not a table.")
        unknown = set(entry) - {"name", "kind", "url", "owner", "enabled"} - FILTER_KEYS
        if unknown:
            raise ValidationError(f"{where} has unknown keys: {', '.join(sorted(unknown))}.")
        name = str(entry.get("name", "")).strip()
        if not name:
            raise ValidationError(f"{where} needs a name.")
        where = f"{where} ({name})"
        if name in names:
            raise ValidationError(f"{where}: the same name is used twice in this file.")
        names.add(name)
        if entry.get("kind") not in Channel.Kind.values:
            raise ValidationError(f"{where}: kind must be one of {', '.join(Channel.Kind.values)}.")
        url = entry.get("url")
        if not isinstance(url, str) or safe_url(url.strip()) is None:
            raise ValidationError(f"{where}: url must be an http(s) address.")
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ValidationError(f"{where}: enabled is true or false.")
        fields = {
            "kind": entry["kind"],
            "url": url.strip(),
            "enabled": enabled,
            "from_file": True,
            **read_filter(entry, where),
        }
        if "owner" in entry:
            owner = users.filter(username=entry["owner"]).first()
            if owner is None:
                raise ValidationError(f"{where}: no user called {entry['owner']!r}.")
            fields["owner"] = owner
        channel, created = Channel.objects.update_or_create(name=name, defaults=fields)
        applied.append((channel, created))
    return applied


@dataclass
class Applied:
    created: list[str]
    updated: list[str]
    subscriptions: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)


def import_file(path: str | Path) -> Applied:
    """Read, check and apply a file: everything or, on any error, nothing."""
    text = read_file(path)
    specs = read_sources(text)  # also refuses a file that is not TOML
    data = tomllib.loads(text)
    subscriptions = data.get("subscription", [])
    if not isinstance(subscriptions, list):
        raise SourceFileError("`subscription` must be written as [[subscription]] entries.")
    channels = data.get("channel", [])
    if not isinstance(channels, list):
        raise SourceFileError("`channel` must be written as [[channel]] entries.")
    try:
        with transaction.atomic():
            sources = apply_sources(specs)
            applied = Applied(created=sources.created, updated=sources.updated)
            applied.subscriptions = [
                f"{subscription.user.email} ({subscription.frequency})"
                for subscription, _ in apply_subscriptions(subscriptions)
            ]
            applied.channels = [
                f"{channel.name} ({channel.kind})" for channel, _ in apply_channels(channels)
            ]
    except ValidationError as error:
        raise SourceFileError(" ".join(error.messages)) from error
    return applied
