"""Builders for openings to mail and subscribers to mail them to."""

import hashlib
import itertools

import pytest

from alerts.models import Subscription
from monitors.models import Item, Opening, Source

_numbers = itertools.count(1)


@pytest.fixture
def source(db):
    return Source.objects.create(
        name="Written questions", kind="parliament-written-questions", url="https://example.org/wq"
    )


@pytest.fixture
def make_opening(source):
    def make(title=None, *, topics=("missing_children",), score=0.9, created_at=None, **fields):
        number = next(_numbers)
        title = title or f"Missing children from care {number}"
        item = Item.objects.create(
            url=f"https://questions-statements.parliament.uk/written-questions/{number}",
            source=source,
            title=title,
            content_hash=hashlib.sha256(title.encode()).hexdigest(),
        )
        extra = {"created_at": created_at} if created_at else {}
        return Opening.objects.create(
            item=item,
            source=fields.pop("source", source),
            score=score,
            topics=list(topics),
            reasons=[
                {
                    "phrase": "go missing from care",
                    "start": 0,
                    "end": 0,
                    "field": "body",
                    "weight": 2.0,
                    "passage": "How many children go missing from care each year?",
                }
            ],
            **extra,
            **fields,
        )

    return make


@pytest.fixture
def subscribe():
    def make(user, frequency="daily", **fields):
        subscription, _ = Subscription.objects.update_or_create(
            user=user, defaults={"frequency": frequency, **fields}
        )
        return subscription

    return make
