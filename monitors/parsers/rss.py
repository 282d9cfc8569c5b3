"""RSS 2.0, Atom and RDF feeds, read with feedparser after a DTD check.

feedparser is only ever given the bytes, wrapped in a stream: given a string it would fetch
URLs or open local files. Feeds declaring a DTD or entities are refused before parsing, so an
entity-expansion bomb fails quickly instead of expanding.

The DTD check already builds the document's element tree. A plain UTF-8 RSS 2.0 feed, whose
items hold only the elements listed in `_PLAIN_ITEM_ELEMENTS` as text, is read straight from
that tree, several times faster than feedparser and to the same items (feedparser's own date
parser reads the dates; `tests/monitors/test_feed_parser.py` compares the two readings). Any
other feed (Atom, RDF, other encodings, `xml:base`, extension elements, malformed XML) goes to
feedparser.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError as XMLSyntaxError

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException
from feedparser.datetimes import _parse_date as feedparser_date
from feedparser.urls import _urljoin as feedparser_urljoin

from .base import ParsedItem, ParseError, ParseResult
from .text import PLAIN_URL, charset_of, html_to_text, safe_url

_DTD_MARKERS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""")
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# Item elements read from the tree, and elements feedparser ignores for our purposes.
_PLAIN_ITEM_ELEMENTS = frozenset(
    (
        "title",
        "link",
        "guid",
        "description",
        "pubDate",
        "category",
        f"{_DC}creator",
        f"{_CONTENT}encoded",
        "comments",
        "{http://wellformedweb.org/CommentAPI/}commentRss",
        "{http://purl.org/rss/1.0/modules/slash/}comments",
    )
)
_REPEATABLE = frozenset(("category",))


def _refuse_dtd(body: bytes):
    """The document's root element, or None if it is not well-formed XML."""
    try:
        return defusedxml.ElementTree.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ParseError(
            "The feed declares a DTD or entities, which Waymark refuses because they can be "
            "used to attack the parser."
        ) from error
    except XMLSyntaxError:
        # Malformed feeds are left to feedparser's lenient parser, but not ones with a DTD.
        if _DTD_MARKERS.search(body):
            raise ParseError(
                "The feed is malformed and declares a DTD or entities, so Waymark refuses it."
            ) from None
        return None


def _as_datetime(parsed) -> datetime | None:
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _entry_url(entry, base: str) -> str | None:
    candidates = [entry.get("link")]
    candidates += [
        link.get("href") for link in entry.get("links", []) if link.get("rel") == "alternate"
    ]
    if entry.get("guidislink"):
        candidates.append(entry.get("id"))
    for candidate in candidates:
        url = safe_url(candidate, base)
        if url:
            return url
    return None


def _item(entry, base: str, feed_title: str) -> ParsedItem | None:
    url = _entry_url(entry, base)
    if url is None:
        return None
    title = html_to_text(entry.get("title"))
    summary = html_to_text(entry.get("summary"))
    contents = [html_to_text(content.get("value")) for content in entry.get("content", [])]
    body = "\n\n".join(filter(None, contents)) or summary
    external_id = entry.get("id") or url or hashlib.sha256(title.encode()).hexdigest()
    return ParsedItem(
        external_id=external_id,
        url=url,
        title=title or url,
        summary=summary,
        body=body,
        published=_as_datetime(entry.get("published_parsed")),
        # Read directly: feedparser's own get() falls back to the published date, with a warning.
        updated=_as_datetime(dict.get(entry, "updated_parsed")),
        extra={
            "feedTitle": feed_title,
            "author": entry.get("author"),
            "categories": [tag.get("term") for tag in entry.get("tags", []) if tag.get("term")],
        },
    )


def _is_utf8(label: str | bytes | None) -> bool:
    if not label:
        return True
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        return codecs.lookup(label).name == "utf-8"
    except LookupError:
        return False


def _plain_rss(root, body: bytes, url: str, content_type: str) -> ParseResult | None:
    """The items of a plain RSS 2.0 feed read from its element tree, or None to leave the feed
    to feedparser."""
    declared = _DECLARED_ENCODING.match(body)
    if (
        root.tag != "rss"
        or root.get("version") != "2.0"
        or not _is_utf8(charset_of(content_type))
        or not _is_utf8(declared.group(1) if declared else None)
        or body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    ):
        return None
    channels = [child for child in root if child.tag == "channel"]
    if len(channels) != 1 or any(_XML_BASE in element.attrib for element in root.iter()):
        return None
    channel = channels[0]
    feed_title = ""
    elements = []
    for child in channel:
        if child.tag == "item":
            fields: dict[str, list] = {}
            for element in child:
                tag = element.tag
                if tag not in _PLAIN_ITEM_ELEMENTS or len(element):
                    return None
                if tag in fields and tag not in _REPEATABLE:
                    return None
                fields.setdefault(tag, []).append(element)
                if tag in ("link", "guid"):
                    fields.setdefault("@first", [element])
            elements.append(fields)
        elif child.tag == "title" and not len(child):
            feed_title = html_to_text((child.text or "").strip())
    items = []
    for fields in elements:
        item = _plain_item(fields, url, feed_title)
        if item is None:
            return None
        if item is not False:
            items.append(item)
    return ParseResult(items=items)


def _text(fields: dict, tag: str) -> str | None:
    elements = fields.get(tag)
    return (elements[0].text or "").strip() if elements else None


def _plain_item(fields: dict, base: str, feed_title: str):
    """One item as `_item()` reads it from feedparser: a ParsedItem, False for an item without
    a usable link, or None for anything read differently (so the feed goes to feedparser)."""
    guid_elements = fields.get("guid")
    if guid_elements and set(guid_elements[0].attrib) - {"isPermaLink"}:
        return None
    if any(element.attrib for element in fields.get("category", [])):
        return None  # a category's domain is kept apart by feedparser
    creator = _text(fields, f"{_DC}creator")
    if creator and "@" in creator:
        return None  # feedparser splits an e-mail address out of the author
    # feedparser's reading of links and ids: both are resolved against the feed's address
    # (an id only when the guid is a permalink), and a permalink guid is the item's link only
    # when no <link> came before it.
    link = _text(fields, "link")
    guid = _text(fields, "guid")
    permalink = bool(guid_elements) and guid_elements[0].get("isPermaLink", "true") == "true"
    if link and not PLAIN_URL.fullmatch(link):
        link = feedparser_urljoin(base, link)
    if guid and permalink and not PLAIN_URL.fullmatch(guid):
        guid = feedparser_urljoin(base, guid)
    guid_is_link = permalink and (link is None or fields["guid"][0] is fields["@first"][0])
    candidates = [link, link] if link is not None else [guid if guid_is_link else None]
    if guid_is_link:
        candidates.append(guid)
    url = next((found for c in candidates if (found := safe_url(c, base))), None)
    if url is None:
        return False
    title = html_to_text(_text(fields, "title"))
    content = html_to_text(_text(fields, f"{_CONTENT}encoded"))
    # feedparser copies the content into the summary when there is no description.
    description = _text(fields, "description")
    summary = content if description is None else html_to_text(description)
    published = _text(fields, "pubDate")
    return ParsedItem(
        external_id=guid or url or hashlib.sha256(title.encode()).hexdigest(),
        url=url,
        title=title or url,
        summary=summary,
        body=content or summary,
        published=_as_datetime(feedparser_date(published) if published else None),
        updated=None,
        extra={
            "feedTitle": feed_title,
            "author": creator,
            # feedparser keeps each distinct category once.
            "categories": list(
                dict.fromkeys(
                    text
                    for element in fields.get("category", [])
                    if (text := (element.text or "").strip())
                )
            ),
        },
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    if not body.strip():
        raise ParseError("The feed was empty: the server sent no content.")
    root = _refuse_dtd(body)
    content_type = options.get("content_type") or "application/xml"
    if root is not None:
        plain = _plain_rss(root, body, url, content_type)
        if plain is not None:
            return plain
    return read_with_feedparser(body, url=url, content_type=content_type)


def read_with_feedparser(body: bytes, *, url: str, content_type: str) -> ParseResult:
    """Read any feed feedparser understands; `parse()` has refused DTDs before this."""
    headers = {
        "content-location": url,
        "content-type": content_type,
    }
    feed = feedparser.parse(
        io.BytesIO(body), response_headers=headers, resolve_relative_uris=False, sanitize_html=False
    )
    feed_title = html_to_text(feed.feed.get("title"))
    items = [item for entry in feed.entries if (item := _item(entry, url, feed_title))]
    if not items and (feed.get("bozo") or not feed.get("version")):
        reason = feed.get("bozo_exception")
        raise ParseError(
            "This is not a readable RSS or Atom feed"
            + (f" ({reason})." if reason else ".")
            + " The address may point to a web page instead of a feed."
        )
    return ParseResult(items=items)
