"""A scan keeps every entry a source publishes (issue 11's loss cases), each from a small feed
or API page written for the purpose and served by the real local HTTP server."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path

import pytest
from django.core import mail

from harvesting.parsers import get_parser
from harvesting.parsers.base import ParseError
from harvesting.text import decode_text, html_to_text
from monitors.models import Item, ScanRun, Sighting, Source
from monitors.tasks import ALERT_AFTER_FAILURES, scan_source

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 3, 20, 12, 0, tzinfo=datetime.UTC)
RSS = "application/rss+xml; charset=utf-8"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def only_the_local_server(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0


def make_source(url, kind="rss", **fields):
    fields.setdefault("name", f"Source {Source.objects.count() + 1}")
    return Source.objects.create(url=url, kind=kind, **fields)


def titles_by_url(source):
    return dict(Item.objects.filter(sightings__source=source).values_list("url", "title"))


# --- 1. Entries that share a guid but have different links ------------------------------------


def test_entries_sharing_a_guid_are_each_kept_under_their_own_link(stage, read_fixture):
    feed = read_fixture("loss/shared-guid.xml")
    url = stage(feed, RSS)
    source = make_source(url)

    result = scan_source(source, now=NOW)

    assert (result.fetched, result.new) == (3, 3)
    assert titles_by_url(source) == {
        "https://council.example.org/news/1": "Item 1: new youth worker posts",
        "https://council.example.org/news/2": "Item 2: children missing from care review",
        "https://council.example.org/news/3": "Item 3: library opening hours",
    }
    # The feed's bytes change (a new description on item 3): each item keeps its own title.
    changed = feed.replace(b"Libraries open later.", b"Libraries open later on Fridays.")
    stage.replace(url, [(200, changed, {"Content-Type": RSS})])
    second = scan_source(source, now=NOW + HOUR)
    third_bytes = changed.replace(b"on Fridays", b"on Fridays and Saturdays")
    stage.replace(url, [(200, third_bytes, {"Content-Type": RSS})])
    third = scan_source(source, now=NOW + 2 * HOUR)

    assert (second.new, second.updated, third.new, third.updated) == (0, 1, 0, 1)
    item = Item.objects.get(url="https://council.example.org/news/1")
    assert item.title == "Item 1: new youth worker posts"
    assert Item.objects.get(url="https://council.example.org/news/3").summary == (
        "Libraries open later on Fridays and Saturdays."
    )


# --- 2. Entries told apart only by their fragment, or sharing one link ------------------------


def test_an_updates_page_keeps_one_item_per_anchor_and_per_entry_sharing_a_link(
    stage, read_fixture
):
    source = make_source(stage(read_fixture("loss/updates-page.xml"), RSS))

    result = scan_source(source, now=NOW)
    again = scan_source(source, now=NOW + HOUR)

    # Five entries: three anchors of one page, two bulletins at one address.
    assert (result.fetched, result.new) == (5, 5)
    titles = sorted(Item.objects.filter(sightings__source=source).values_list("title", flat=True))
    assert titles == [
        "Bulletin: April",
        "Bulletin: March",
        "Update: Herbert Protocol forms",
        "Update: contact details",
        "Update: return home interviews",
    ]
    assert Item.objects.filter(url="https://guidance.example.org/updates#update-2").exists()
    assert (again.fetched, again.new, again.updated) in ((5, 0, 0), (0, 0, 0))
    assert Item.objects.count() == 5


def hansard_contribution(number, member_id, name, text):
    return {
        "MemberName": name,
        "MemberId": member_id,
        "AttributedTo": f"{name} (Exampleton) (Lab)",
        "ContributionExtId": f"CONTRIB-{number}",
        "ContributionText": text,
        "ContributionTextFull": f"<p>{text}</p>",
        "DebateSection": "Missing Children: Exploitation",
        "DebateSectionExtId": "DEBATE-0001",
        "SittingDate": "2024-03-14T00:00:00",
        "Section": "Westminster Hall",
        "House": "Commons",
    }


def test_every_member_who_spoke_in_a_debate_is_kept_with_their_contribution(stage):
    speeches = [
        hansard_contribution(1, 4514, "Jane Example", "Children who go missing from care."),
        hansard_contribution(
            2, 4750, "John Sample", "Return home interviews for missing children."
        ),
        hansard_contribution(3, 172, "The Minister", "We will publish missing children guidance."),
    ]
    payload = json.dumps({"TotalResultCount": 3, "Results": speeches}).encode()
    source = make_source(stage(payload), "hansard")

    result = scan_source(source, now=NOW)

    assert (result.fetched, result.new) == (3, 3)
    items = Item.objects.filter(sightings__source=source).order_by("url")
    assert [item.url.rsplit("#", 1)[1] for item in items] == [
        "contribution-CONTRIB-1",
        "contribution-CONTRIB-2",
        "contribution-CONTRIB-3",
    ]
    assert [item.member_ids for item in items] == [[4514], [4750], [172]]
    assert [item.summary.split(":")[0] for item in items] == [
        "Jane Example (Exampleton) (Lab)",
        "John Sample (Exampleton) (Lab)",
        "The Minister (Exampleton) (Lab)",
    ]


def test_the_same_document_from_two_sources_is_one_item_and_the_scan_says_merged(stage):
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Missing children guidance</title>"
        b"<link>https://www.gov.uk/guidance/missing-children</link><guid>a-1</guid></item>"
        b"</channel></rss>"
    )
    first = make_source(stage(feed, RSS))
    second = make_source(stage(feed.replace(b"a-1", b"other-id"), RSS))

    scan_source(first, now=NOW)
    result = scan_source(second, now=NOW)

    assert Item.objects.count() == 1
    assert Sighting.objects.count() == 2
    assert (result.fetched, result.new, result.merged) == (1, 0, 1)
    assert "1 merged" in result.line()
    assert ScanRun.objects.filter(source=second).get().merged == 1


# --- 3. Paging follows what the server returned ------------------------------------------------


def motion(number, title, text="", sponsors=()):
    return {
        "Id": number,
        "UIN": number,
        "Title": title,
        "MotionText": text or title,
        "Status": "Published",
        "DateTabled": "2024-03-18T00:00:00",
        "MemberId": 4514,
        "PrimarySponsor": {"MnisId": 4514, "Name": "Jane Example", "Party": "Labour"},
        "SponsorsCount": len(sponsors),
        "Sponsors": list(sponsors),
    }


def edm_page(motions, total, skip):
    paging = {"Skip": skip, "Take": len(motions), "Total": total}
    return json.dumps({"PagingInfo": paging, "Success": True, "Response": motions}).encode()


def test_paging_reads_every_page_when_the_server_serves_fewer_than_asked(stage):
    # Asked for 50 a page; the API caps pages at 2 and reports 5 in all.
    pages = [
        edm_page([motion(1, "Motion one"), motion(2, "Motion two")], 5, 0),
        edm_page([motion(3, "Motion three"), motion(4, "Motion four")], 5, 2),
        edm_page([motion(5, "Motion five")], 5, 4),
    ]
    url = stage([(200, page, {"Content-Type": "application/json"}) for page in pages])
    source = make_source(
        url + "?parameters.take=50&parameters.skip=0", "parliament-edms", options={"max_pages": 5}
    )

    result = scan_source(source, now=NOW)

    assert (result.pages, result.fetched, result.new) == (3, 5, 5)


def test_the_next_page_starts_after_the_results_returned():
    parse = get_parser("parliament-edms")
    body = edm_page([motion(1, "A"), motion(2, "B")], 5, 0)

    result = parse(
        body, url="https://x.example.org/list?parameters.take=50&parameters.skip=0", options={}
    )

    assert result.next_url.endswith("parameters.take=50&parameters.skip=2")


# --- 4. <embed> and unclosed <object> swallow nothing -------------------------------------------


def test_embedded_plugins_do_not_swallow_the_text_after_them(stage, read_fixture):
    source = make_source(stage(read_fixture("loss/plugin-summary.xml"), RSS))

    scan_source(source, now=NOW)

    first = Item.objects.get(url="https://news.example.org/appeal")
    assert "reported missing from her care home on Friday" in first.summary
    assert "Anyone who sees her should call 101." in first.summary
    second = Item.objects.get(url="https://news.example.org/appeal-2")
    assert "Your browser cannot play it." in second.summary
    assert "has been missing since Tuesday and may be in Leeds" in second.summary


@pytest.mark.parametrize(
    "html",
    [
        "<p>Before<embed src=x.swf> after the embed</p>",
        "<p>Before<object data=x><param name=a value=b>fallback after the object",
        "<p>Before<applet code=x>after the applet",
    ],
)
def test_every_text_node_a_reader_sees_is_kept(html):
    text = html_to_text(html)

    assert text.startswith("Before") and "after the" in text


# --- 5. UTF-16 without a byte-order mark -------------------------------------------------------


@pytest.mark.parametrize("label", ["utf16", "u16", "utf_16", "utf-16"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_feed_without_a_byte_order_mark_is_read(stage, label, codec):
    feed = (
        f'<?xml version="1.0" encoding="{label}"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Runaway children: £2m for return interviews</title>"
        "<link>https://charity.example.org/runaway</link></item></channel></rss>"
    )
    # Served with a header that says UTF-8, as misconfigured servers do.
    source = make_source(stage(feed.encode(codec), RSS))

    result = scan_source(source, now=NOW)

    assert result.status == ScanRun.Status.SUCCEEDED, result.error
    assert Item.objects.get().title == "Runaway children: £2m for return interviews"


def test_third_party_bytes_are_decoded_by_what_they_declare():
    declared = '<?xml version="1.0" encoding="utf16"?><a>£</a>'
    assert decode_text(declared.encode("utf-16-le")) == declared
    assert decode_text("“quoted” £".encode("cp1252"), "text/html; charset=iso-8859-1") == (
        "“quoted” £"
    )
    assert decode_text(b"\xef\xbb\xbf<a>\xc2\xa3</a>") == "<a>£</a>"


# --- 6. A quiet feed is not a broken one -------------------------------------------------------


def test_a_valid_feed_with_no_items_and_html_entities_is_quiet_not_failing(stage, read_fixture):
    source = make_source(stage(read_fixture("loss/quiet-with-entities.xml"), RSS))

    for hour in range(ALERT_AFTER_FAILURES + 1):
        result = scan_source(source, now=NOW + hour * HOUR)

    assert result.status in (ScanRun.Status.SUCCEEDED, ScanRun.Status.NOT_MODIFIED), result.error
    source.refresh_from_db()
    assert source.health != Source.Health.FAILING
    assert mail.outbox == []


# --- 7. DOCTYPE: refuse what can declare entities, accept the rest ------------------------------


@pytest.mark.parametrize("name", ["loss/netscape-091.xml", "loss/doctype-in-text.xml"])
def test_feeds_whose_doctype_declares_nothing_are_read(read_fixture, name):
    result = get_parser("rss")(read_fixture(name), url="https://x.example.org/feed", options={})

    assert len(result.items) == 1


def test_a_doctype_hidden_after_a_comment_still_has_its_entities_refused(read_fixture):
    with pytest.raises(ParseError, match="DTD or entities"):
        get_parser("rss")(
            read_fixture("loss/hidden-doctype.xml"), url="https://x.example.org/f", options={}
        )


@pytest.mark.parametrize(
    "prolog",
    [
        b"<!DOCTYPE rss [<!ELEMENT rss ANY>]>",
        b'<!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1/x.dtd"> %p;]>',
    ],
    ids=["internal-subset", "external-entity", "parameter-entity"],
)
def test_doctypes_that_can_declare_entities_are_refused(prolog):
    feed = prolog + b'<rss version="2.0"><channel><title>T</title></channel></rss>'

    with pytest.raises(ParseError, match="DTD or entities"):
        get_parser("rss")(feed, url="https://x.example.org/f", options={})


# --- 8 and 9. Early day motions -----------------------------------------------------------------


def test_withdrawn_sponsors_are_not_linked_as_supporters():
    sponsors = [
        {"Id": 1, "MemberId": 4750, "SponsoringOrder": 1, "IsWithdrawn": False},
        {"Id": 2, "MemberId": 172, "SponsoringOrder": 2, "IsWithdrawn": True},
    ]
    body = json.dumps({"Success": True, "Response": motion(9, "Runaways", sponsors=sponsors)})

    (item,) = get_parser("parliament-edms")(
        body.encode(), url="https://x.example.org/EarlyDayMotion/9", options={}
    ).items

    assert 172 not in item.member_ids and 4750 in item.member_ids


def test_early_day_motions_are_read_broadly_and_the_filter_decides(stage):
    runaway = motion(
        11,
        "Support for runaway children",
        "That this House notes that children who run away from care are at risk of "
        "exploitation and calls for return home interviews for every child who goes missing.",
    )
    unrelated = motion(12, "Local bus services", "That this House values rural buses.")
    url = stage(edm_page([runaway, unrelated], 2, 0))
    source = make_source(
        url + "?parameters.take=100&parameters.skip=0",
        "parliament-edms",
        options={"since_param": "parameters.tabledStartDate", "since_days": 30},
    )

    result = scan_source(source, now=NOW)

    assert result.fetched == 2
    assert Item.objects.get(url__endswith="/11").relevant
    assert not Item.objects.get(url__endswith="/12").relevant


def test_the_shipped_edm_source_reads_every_recent_motion_not_a_title_search():
    sources = tomllib.loads((Path(__file__).resolve().parents[2] / "monitors.toml").read_text())[
        "source"
    ]
    (edms,) = [source for source in sources if source["kind"] == "parliament-edms"]

    assert "searchTerm" not in edms["url"]
    assert edms["options"]["since_param"] == "parameters.tabledStartDate"


def test_a_windowed_source_asks_for_everything_dated_since_the_window_began():
    from harvesting.parsers.jsonapi import windowed_url

    url = windowed_url(
        "https://x.example.org/list?parameters.tabledStartDate=2020-01-01&parameters.take=100",
        param="parameters.tabledStartDate",
        days=30,
        today=datetime.date(2024, 3, 20),
    )

    assert url == (
        "https://x.example.org/list?parameters.take=100&parameters.tabledStartDate=2024-02-19"
    )
