"""RSS, Atom and RDF feeds, from the charity's real feed and hostile input."""

from datetime import UTC, datetime

import pytest

from harvesting.parsers import ParseError, get_parser

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


def test_an_entity_expansion_bomb_in_utf16_is_refused_too():
    lol = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    body = (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>'
        '<rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
    ).encode("utf-16")
    with pytest.raises(ParseError, match="DTD or entities"):
        parse(body, url=FEED_URL, options={})


def test_a_post_that_quotes_a_doctype_in_its_content_is_still_read():
    body = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>
<item><title>Accessible web pages</title><link>https://example.org/post</link>
<description><![CDATA[Start every page with <!DOCTYPE html>.]]></description></item>
</channel></rss>"""
    (item,) = parse(body, url=FEED_URL, options={}).items
    assert item.title == "Accessible web pages"


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


def _read_with_base(body: bytes, url: str):
    """What the parser gives when feedparser is always told the feed's address."""
    from harvesting.parsers import rss

    feed = rss._feedparser(body, "application/xml", url)
    return [item for entry in feed.entries if (item := rss._item(entry, url, ""))]


def _read(body: bytes, url: str):
    from harvesting.parsers import rss

    items = rss.read_with_feedparser(body, url=url, content_type="application/xml").items
    for item in items:
        item.extra["feedTitle"] = ""
    return items


_RELATIVE_FEEDS = [
    # Relative links and guids, which only the feed's address makes absolute.
    b'<rss version="2.0"><channel><item><title>A</title><link>/a?x=1</link><guid>12</guid>'
    b"</item></channel></rss>",
    b'<rss version="2.0"><channel><item><title>A</title><link>https://example.org/a</link>'
    b"<guid>a-1</guid></item></channel></rss>",
    # An xml:base that moves the base.
    b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/news/"><entry><title>A</title>'
    b'<id>https://example.org/1</id><link href="https://example.org/b"/></entry></feed>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry xml:base="https://other.example/x/">'
    b'<title>A</title><id>tag:example.org,2024:1</id><link href="https://example.org/c"/>'
    b"</entry></feed>",
    # Absolute addresses that a join would still rewrite, and other schemes.
    b'<rss version="2.0"><channel><item><title>A</title><link>HTTP://Example.org/a?</link>'
    b"<guid>urn:uuid:1</guid></item></channel></rss>",
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title><id>tag:x,2024:1</id>'
    b'<link href=""/><link rel="alternate" href="https://example.org/d#top"/></entry></feed>',
    b'<rss version="2.0"><channel><item><title>A</title><link>https://example.org/e</link>'
    b"<guid>http:relative</guid></item></channel></rss>",
    b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><item>'
    b"<title>Caf\xe9</title><link>https://example.org/f</link><guid>https://example.org/f</guid>"
    b"</item></channel></rss>",
]


@pytest.mark.parametrize("body", _RELATIVE_FEEDS)
def test_links_and_ids_are_the_same_as_when_read_against_the_feed_address(body):
    url = "https://example.org/feeds/news.xml"
    assert _read(body, url) == _read_with_base(body, url)


def test_real_feeds_read_the_same_as_against_their_address(read_sample, read_fixture):
    for body, url in [
        (read_sample("missing-people-charity/policing-updates-feed-excerpt.rss.xml"), FEED_URL),
        (read_fixture("govuk-finder.atom"), "https://www.gov.uk/x.atom"),
    ]:
        assert _read(body, url) == _read_with_base(body, url)
