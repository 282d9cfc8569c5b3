"""Small builders for domain objects, so each test states only what matters to it."""

import datetime
import itertools

from django.utils import timezone

from campaigns.models import Ask, Campaign, Consultation
from stakeholders.models import Organisation, Person

_numbers = itertools.count(1)


def campaign(**fields):
    fields.setdefault("title", f"Campaign {next(_numbers)}")
    return Campaign.objects.create(**fields)


def ask(**fields):
    fields.setdefault("campaign", fields.get("campaign") or campaign())
    fields.setdefault("title", f"Ask {next(_numbers)}")
    return Ask.objects.create(**fields)


def consultation(*, closes_in_days=None, opens_in_days=None, **fields):
    today = timezone.localdate()
    fields.setdefault("title", f"Consultation {next(_numbers)}")
    if closes_in_days is not None:
        fields["closes_on"] = today + datetime.timedelta(days=closes_in_days)
    if opens_in_days is not None:
        fields["opens_on"] = today + datetime.timedelta(days=opens_in_days)
    return Consultation.objects.create(**fields)


def organisation(**fields):
    fields.setdefault("name", f"Organisation {next(_numbers)}")
    fields.setdefault("sector", Organisation.Sector.GOVERNMENT)
    return Organisation.objects.create(**fields)


def person(**fields):
    fields.setdefault("name", f"Person {next(_numbers)}")
    return Person.objects.create(**fields)
