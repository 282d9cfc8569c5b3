"""RSS, Atom and RDF feeds, from the charity's real feed and hostile input."""

import random
from datetime import UTC, datetime

import pytest

from monitors.parsers import ParseError, get_parser

FEED_URL = "https://www.missingpeople.org.uk/category/policing-updates/feed"
parse = get_parser("rss")


def test_the_charity_feed_gives_its_post_with_plain_text(read_sample):
    body = read_sample("missing-people-charity/policing-updates-feed-excerpt.rss.xml")
    (item,) = parse(body, url=FEED_URL, options={}).items
    assert item.title == "The Ethnicity of Missing People report \u2013 One year on"
    assert item.url == (
        "https://www.missingpeople.org.uk/the-ethnicity-of-missing-people-report-one-year-on"
    )
    assert item.external_id == "https://www.missingpeople.org.uk/?p=28352"
    assert item.published == datetime(2024, 3, 15, 10, 0, 28, tzinfo=UTC)
    assert item.summary.startswith("A year ago we worked with ListenUp Research")
    assert "<p>" not in item.summary and "<a" not in item.summary
    assert item.extra["categories"] == ["Policing updates", "Policy"]
    assert item.extra["author"] == "Ella Mills"


def test_a_govuk_atom_feed_keeps_tag_ids_and_drops_javascript_links(read_fixture):
    result = parse(read_fixture("govuk-finder.atom"), url="https://www.gov.uk/x.atom", options={})
    (item,) = result.items
    assert (
        item.external_id
        == "tag:www.gov.uk,2005:/government/consultations/children-missing-education"
    )
    assert item.url == "https://www.gov.uk/government/consultations/children-missing-education"
    assert item.summary == "We want views on registers for children not in school."
    assert "alert" not in item.summary
    assert item.updated == datetime(2024, 11, 20, 9, 30, tzinfo=UTC)


def test_an_rdf_feed_is_read():
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://example.org/"><title>RDF</title><link>https://example.org/</link>
  <description>d</description></channel>
  <item rdf:about="https://example.org/a"><title>Runaway children</title>
  <link>https://example.org/a</link><description>Text</description></item>
</rdf:RDF>"""
    (item,) = parse(body, url="https://example.org/rss", options={}).items
    assert (item.title, item.url) == ("Runaway children", "https://example.org/a")


def test_an_empty_but_valid_feed_gives_no_items():
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert parse(body, url=FEED_URL, options={}).items == []


def test_an_entity_expansion_bomb_is_refused_without_expanding():
    lol = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>'
        '<rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
    ).encode()
    with pytest.raises(ParseError, match="DTD or entities"):
        parse(body, url=FEED_URL, options={})


def test_an_external_entity_is_refused():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>&x;</title></channel></rss>'
    )
    with pytest.raises(ParseError, match="DTD or entities"):
        parse(body, url=FEED_URL, options={})


@pytest.mark.parametrize(
    "body",
    [
        b"<rss><channel><item><title>broken",
        b"<!doctype html><html><body><p>Not a feed</p></body></html>",
        b"just some text",
        b"",
    ],
)
def test_something_that_is_not_a_feed_is_reported_clearly(body):
    with pytest.raises(ParseError, match="feed"):
        parse(body, url=FEED_URL, options={})


def test_a_windows_1252_feed_decodes_correctly():
    body = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Children\u2019s services \u2013 caf\u00e9</title>"
        "<link>https://example.org/a</link></item></channel></rss>"
    ).encode("cp1252")
    (item,) = parse(body, url=FEED_URL, options={}).items
    assert item.title == "Children\u2019s services \u2013 caf\u00e9"


def test_a_feed_given_as_a_file_path_is_never_opened():
    with pytest.raises(ParseError):
        parse(b"/etc/passwd", url=FEED_URL, options={})


def test_scripts_in_feed_html_never_reach_the_text():
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Safe</title><link>https://example.org/a</link>
<description><![CDATA[<p>Hello</p><script>alert("x")</script><style>p{}</style>]]></description>
</item><item><title>Hostile</title><link>javascript:alert(1)</link></item></channel></rss>"""
    (item,) = parse(body, url=FEED_URL, options={}).items
    assert item.summary == "Hello"


# --- The plain RSS reading agrees with feedparser --------------------------------------------

_TEXTS = [
    "Missing children",
    " & ",
    "&amp;",
    "&lt;b&gt;bold&lt;/b&gt;",
    "<![CDATA[<p>Hello <a href='/x'>link</a></p>]]>",
    "&#8211;",
    " caf\u00e9 \u2019",
    "  \n  ",
    "<![CDATA[ & raw < ]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<![CDATA[<script>x</script>text]]>",
    "Tom &amp; Jerry",
]
_LINKS = [
    "https://example.org/a",
    "/relative/path",
    "javascript:alert(1)",
    " https://example.org/b?x=1&amp;y=2 ",
    "",
    "mailto:a@b",
    "https://EXAMPLE.org/c#frag",
    "tag:x,2024:1",
    "123",
]
_DATES = ["Fri, 15 Mar 2024 10:00:28 +0000", "2024-03-15T10:00:28Z", "15 Mar 2024", "nonsense", ""]
_PERMALINK = ["", ' isPermaLink="false"', ' isPermaLink="true"']


def _varied_feed(rng) -> bytes:
    def text():
        return "".join(rng.choice(_TEXTS) for _ in range(rng.randint(0, 3)))

    def maybe(tag, value, attributes=""):
        return f"<{tag}{attributes}>{value}</{tag}>" if rng.random() < 0.8 else ""

    items = []
    for _ in range(rng.randint(0, 3)):
        parts = [
            maybe("title", text()),
            maybe("link", rng.choice(_LINKS)),
            maybe("guid", rng.choice(_LINKS), rng.choice(_PERMALINK)),
            maybe("description", text()),
            maybe("pubDate", rng.choice(_DATES)),
            maybe("category", text()),
            maybe("category", text(), rng.choice(["", ' domain="x"'])),
            maybe("dc:creator", rng.choice(["Ella", "<![CDATA[Ella Mills]]>", "", " x "])),
            maybe("content:encoded", text()) if rng.random() < 0.3 else "",
        ]
        rng.shuffle(parts)
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        + maybe("title", text())
        + "<link>https://example.org/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


@pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")
def test_plain_rss_feeds_read_from_the_tree_give_exactly_what_feedparser_gives(read_sample):
    from monitors.parsers import rss

    rng = random.Random(7)
    feeds = [(_varied_feed(rng), "https://example.org/feed") for _ in range(400)]
    feeds.append(
        (read_sample("missing-people-charity/policing-updates-feed-excerpt.rss.xml"), FEED_URL)
    )
    read_plainly = 0
    for body, url in feeds:
        root = rss._refuse_dtd(body)
        if root is None:
            continue
        plain = rss._plain_rss(root, body, url, "application/rss+xml; charset=UTF-8")
        if plain is None:
            continue
        read_plainly += 1
        expected = rss.read_with_feedparser(body, url=url, content_type="application/rss+xml")
        assert plain.items == expected.items, body.decode()
    assert read_plainly > 100
    # The charity's real feed, last, is one of them.
    assert plain.items[0].extra["author"] == "Ella Mills"
