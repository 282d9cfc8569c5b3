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


def local_area(**fields):
    from stakeholders.models import LocalArea

    fields.setdefault("name", f"Area {next(_numbers)}")
    fields.setdefault("kind", LocalArea.Kind.POLICE_FORCE_AREA)
    fields.setdefault("nation", LocalArea.Nation.ENGLAND)
    return LocalArea.objects.create(**fields)


def element(code):
    from strategy.models import Element

    return Element.objects.get(code=code)


def delivery(*, activity="AC4", **fields):
    from strategy.models import ActivityDelivery

    organisations = fields.pop("organisations", [])
    fields["activity"] = element(activity) if isinstance(activity, str) else activity
    fields.setdefault("date", timezone.localdate())
    made = ActivityDelivery.objects.create(**fields)
    made.organisations.set(organisations)
    return made


def feedback(*, outcome="OP3", agreement=4, **fields):
    from strategy.models import OutcomeFeedback

    fields["outcome"] = element(outcome) if isinstance(outcome, str) else outcome
    fields.setdefault("date", timezone.localdate())
    return OutcomeFeedback.objects.create(agreement=agreement, **fields)


def interaction(*, people=(), organisations=(), **fields):
    """An interaction, with the search index and last contacts kept as the views keep them."""
    from stakeholders.models import Interaction

    fields.setdefault("summary", f"Meeting {next(_numbers)}")
    created = Interaction.objects.create(**fields)
    created.people.set(people)
    created.organisations.set(organisations)
    created.record_change()
    return created


def evidence_item(*, index=True, **fields):
    """An evidence item, added to the search index as the views do."""
    from evidence import search
    from evidence.models import EvidenceItem

    fields.setdefault("title", f"Evidence {next(_numbers)}")
    item = EvidenceItem.objects.create(**fields)
    if index:
        search.reindex(item)
    return item


def evidence_file(item, *, name="notes.csv", content=b"area,episodes\nKent,12\n", **fields):
    from django.core.files.base import ContentFile

    from evidence import search
    from evidence.models import EvidenceFile

    fields.setdefault("file_type", name.rsplit(".", 1)[-1])
    fields.setdefault("extracted_text", content.decode("utf-8", "replace"))
    created = EvidenceFile(item=item, original_name=name, size=len(content), **fields)
    created.file.save(name, ContentFile(content), save=False)
    created.save()
    search.reindex(item)
    return created


def source(**fields):
    from monitors.models import Source

    fields.setdefault("name", f"Source {next(_numbers)}")
    fields.setdefault("kind", Source.Kind.RSS)
    fields.setdefault("url", "https://www.gov.uk/search/policy-papers-and-consultations.atom")
    return Source.objects.create(**fields)


def opening(*, source=None, item=None, **fields):
    """An opening on a relevant item about a child missing from care."""
    from monitors.models import Item, Opening

    source = source or globals()["source"]()
    number = next(_numbers)
    if item is None:
        item = Item.objects.create(
            url=f"https://questions-statements.parliament.uk/written-questions/detail/{number}",
            source=source,
            title=f"Missing Children: Children in Care {number}",
            summary="How many children went missing from care last year.",
            body="To ask the Secretary of State, how many children went missing from care.",
            published=timezone.now(),
            content_hash=f"{number:064d}",
            score=0.95,
            topics=["missing_from_care"],
            relevant=True,
        )
    fields.setdefault("score", item.score)
    fields.setdefault("topics", item.topics)
    fields.setdefault("published", item.published)
    fields.setdefault("lever_type", "parliamentary_interest")
    return Opening.objects.create(item=item, source=source, **fields)
