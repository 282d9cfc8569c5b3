"""Items stored under the identity scheme before "id when unique, else link with fragment, else
content hash" keep their openings and triage when their source is next scanned: each earlier
sighting is re-keyed to one entry, and no two entries are joined. The rows are made as the
earlier code stored them (one sighting per guid, addresses without their fragment)."""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json

import pytest
from django.apps import apps as django_apps

from harvesting.parsers import get_parser
from monitors.ingest import canonical_url
from monitors.models import Item, Opening, Sighting, Source
from monitors.tasks import scan_source
from tests import builders

from .test_losing_nothing import hansard_contribution

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 3, 20, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
RSS = "application/rss+xml; charset=utf-8"
NEWS = "https://council.example.org/news"


@pytest.fixture(autouse=True)
def only_the_local_server(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0


def scanned_before(source):
    """The source as the earlier code left it: scanned, with what it stored."""
    Source.objects.filter(pk=source.pk).update(first_scanned_at=NOW - 48 * HOUR)
    source.refresh_from_db()
    return source


def old_item(source, url, title, **fields):
    """An item as the earlier code stored it: its address without any fragment."""
    fields.setdefault("content_hash", "0" * 64)
    return Item.objects.create(
        url=url, source=source, title=title, first_seen_at=NOW - 48 * HOUR, **fields
    )


def triaged(item, source):
    return builders.opening(
        source=source, item=item, status=Opening.Status.IN_PROGRESS, notes="Briefing drafted."
    )


def test_entries_that_shared_one_guid_get_back_their_own_items_and_keep_their_triage(
    stage, read_fixture
):
    url = stage(read_fixture("loss/shared-guid.xml"), RSS)
    source = scanned_before(Source.objects.create(name="Council news", kind="rss", url=url))
    # What the earlier code left after a few scans of this feed: three items, but only the
    # first tied to the source (by the shared guid), holding the last entry's words.
    first = old_item(source, f"{NEWS}/1", "Item 3: library opening hours")
    second = old_item(source, f"{NEWS}/2", "Item 2: children missing from care review")
    third = old_item(source, f"{NEWS}/3", "Item 3: library opening hours")
    Sighting.objects.create(source=source, item=first, external_id="news")
    opening = triaged(second, source)
    openings = Opening.objects.count()

    result = scan_source(source, now=NOW)
    again = scan_source(source, now=NOW + HOUR)

    assert result.ok, result.error
    assert (result.fetched, result.new, result.merged) == (3, 0, 0)
    assert Item.objects.count() == 3
    assert dict(Sighting.objects.values_list("external_id", "item_id")) == {
        f"link:{NEWS}/1": first.pk,
        f"link:{NEWS}/2": second.pk,
        f"link:{NEWS}/3": third.pk,
    }
    first.refresh_from_db()
    assert first.title == "Item 1: new youth worker posts"
    opening.refresh_from_db()
    assert (opening.item_id, opening.status, opening.notes) == (
        second.pk,
        Opening.Status.IN_PROGRESS,
        "Briefing drafted.",
    )
    assert Opening.objects.count() == openings
    assert (again.new, again.updated, again.merged) in ((0, 0, 0),)


def test_a_debate_stored_as_one_item_keeps_its_triage_on_the_first_speech(stage):
    speeches = [
        hansard_contribution(1, 4514, "Jane Example", "Children who go missing from care."),
        hansard_contribution(
            2, 4750, "John Sample", "Return home interviews for missing children."
        ),
    ]
    payload = json.dumps({"TotalResultCount": 2, "Results": speeches}).encode()
    source = scanned_before(
        Source.objects.create(name="Hansard", kind="hansard", url=stage(payload))
    )
    speech = get_parser("hansard")(payload, url=source.url, options={}).items[0]
    # The earlier code kept one item per debate address, under the first speech's id.
    debate = old_item(
        source, canonical_url(speech.url).split("#")[0], speech.title, content_hash="1" * 64
    )
    Sighting.objects.create(source=source, item=debate, external_id=speech.external_id)
    opening = triaged(debate, source)

    result = scan_source(source, now=NOW)
    again = scan_source(source, now=NOW + HOUR)

    assert result.ok, result.error
    assert (result.fetched, result.new, result.updated) == (2, 1, 1)
    debate.refresh_from_db()
    assert debate.url.endswith("#contribution-CONTRIB-1")
    assert debate.member_ids == [4514]
    opening.refresh_from_db()
    assert (opening.item_id, opening.status) == (debate.pk, Opening.Status.IN_PROGRESS)
    assert Opening.objects.filter(item=debate).count() == 1
    assert Item.objects.count() == 2
    assert (again.new, again.updated) == (0, 0)


def test_an_id_that_another_entry_starts_to_share_does_not_lose_its_item(stage):
    def feed(*entries):
        items = "".join(
            f"<item><guid isPermaLink='false'>notice</guid><title>{title}</title>"
            f"<link>{NEWS}/{number}</link><description>{title}.</description></item>"
            for number, title in entries
        )
        return f"<rss version='2.0'><channel><title>N</title>{items}</channel></rss>".encode()

    url = stage(feed((1, "Children missing from care: new protocol")), RSS)
    source = Source.objects.create(name="Notices", kind="rss", url=url)
    scan_source(source, now=NOW)
    (item,) = Item.objects.all()
    opening = triaged(item, source)

    stage.replace(
        url,
        [
            (
                200,
                feed((1, "Children missing from care: new protocol"), (2, "Bin collections")),
                {"Content-Type": RSS},
            )
        ],
    )
    result = scan_source(source, now=NOW + HOUR)

    assert (result.fetched, result.new, result.updated) == (2, 1, 0)
    assert Sighting.objects.get(item=item).external_id == f"link:{NEWS}/1"
    opening.refresh_from_db()
    assert opening.item_id == item.pk
    assert Opening.objects.filter(item=item).count() == 1


def test_after_the_deploy_an_unchanged_source_is_read_again_and_re_keyed(stage, read_fixture):
    migration = importlib.import_module("monitors.migrations.0008_reread_sources_to_rekey_items")
    feed = read_fixture("loss/shared-guid.xml")
    url = stage(feed, RSS)
    source = Source.objects.create(
        name="Council news",
        kind="rss",
        url=url,
        # What the scan before the deploy remembered of these very bytes.
        content_digest=hashlib.sha256(feed).hexdigest(),
        first_scanned_at=NOW - 48 * HOUR,
    )
    first = old_item(source, f"{NEWS}/1", "Item 1: new youth worker posts")
    Sighting.objects.create(source=source, item=first, external_id="news")

    migration.forget_what_was_read(django_apps, None)
    migration.forget_what_was_read(django_apps, None)
    source.refresh_from_db()
    result = scan_source(source, now=NOW)

    assert result.fetched == 3
    assert Sighting.objects.get(item=first).external_id == f"link:{NEWS}/1"


def test_a_source_never_marked_scanned_still_gives_its_stored_entries_back_their_items(
    stage, read_fixture
):
    # A source whose sightings were stored before it was ever marked scanned (rows from before
    # `first_scanned_at` existed, or a scan that stopped before marking it): its next scan is
    # a first scan, and its entries must still find their items and triage.
    url = stage(read_fixture("loss/shared-guid.xml"), RSS)
    source = Source.objects.create(name="Council news", kind="rss", url=url)
    assert source.first_scanned_at is None
    first = old_item(source, f"{NEWS}/1", "Item 3: library opening hours")
    second = old_item(source, f"{NEWS}/2", "Item 2: children missing from care review")
    Sighting.objects.create(source=source, item=first, external_id="news")
    opening = triaged(second, source)

    result = scan_source(source, now=NOW)

    assert result.ok, result.error
    assert (result.fetched, result.new) == (3, 1)
    assert Sighting.objects.get(item=first).external_id == f"link:{NEWS}/1"
    assert Sighting.objects.get(item=second).external_id == f"link:{NEWS}/2"
    opening.refresh_from_db()
    assert (opening.item_id, opening.status) == (second.pk, Opening.Status.IN_PROGRESS)
    assert Item.objects.count() == 3
