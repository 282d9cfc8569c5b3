"""RSS 2.0, Atom and RDF feeds, read with feedparser after an entity check.

feedparser is only ever given the bytes, wrapped in a stream: given a string it would fetch
URLs or open local files. Feeds whose DOCTYPE can declare entities, or that declare any, are
refused before parsing, so an entity-expansion bomb fails quickly instead of expanding.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.parsers import expat

import feedparser

from .base import ParsedItem, ParseError, ParseResult
from .text import PLAIN_URL, decode_text, html_to_text, safe_url

_REFUSED = (
    "The feed declares a DTD or entities, which Waymark refuses because they can be "
    "used to attack the parser."
)
# Only for a prolog expat could not read: a lenient parser might still act on these.
_ENTITY_MARKERS = re.compile(r"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


class _Refused(Exception):
    pass


class _PrologRead(Exception):
    """The root element has started: no DTD or entity can be declared after it."""


def _refuse_entities(body: bytes, content_type: str | None) -> None:
    """Refuse a feed whose DOCTYPE can declare entities (an internal subset) or that declares
    entities at all, found by parsing the prolog with expat, not by searching the text.

    A plain DOCTYPE naming a public DTD (Netscape's RSS 0.91) declares nothing here and is
    accepted; so is `<!DOCTYPE` written inside a comment, CDATA or a description. The feed is
    decoded first (bs4's UnicodeDammit), so any encoding feedparser reads is checked the same.
    """
    text = decode_text(body, content_type)
    # The text is handed over as UTF-8, whatever the document declared.
    parser = expat.ParserCreate(encoding="utf-8")

    def doctype(name, system_id, public_id, has_internal_subset):
        if has_internal_subset:
            raise _Refused

    def refuse(*arguments):
        raise _Refused

    def root(*arguments):
        raise _PrologRead

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = root
    try:
        parser.Parse(text.encode("utf-8"), True)
    except _Refused:
        raise ParseError(_REFUSED) from None
    except _PrologRead:
        return
    except expat.ExpatError:
        # Malformed before its root element: left to feedparser's lenient parser, but not
        # when it holds what could declare entities.
        if _ENTITY_MARKERS.search(text):
            raise ParseError(
                "The feed is malformed and declares a DTD or entities, so Waymark refuses it."
            ) from None


def _well_formed_but_for_entities(body: bytes, content_type: str | None) -> bool:
    """Whether the feed is well-formed XML once references to undeclared entities are allowed
    (as expat allows them when a DTD it does not read could have declared them)."""
    parser = expat.ParserCreate(encoding="utf-8")
    parser.UseForeignDTD(True)
    try:
        parser.Parse(decode_text(body, content_type).encode("utf-8"), True)
    except expat.ExpatError:
        return False
    return True


def _as_datetime(parsed) -> datetime | None:
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


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
        # Only when present: asked for a missing one, feedparser falls back to the published
        # date with a warning, while `in` tells whether the feed gave it.
        updated=_as_datetime(entry.get("updated_parsed") if "updated_parsed" in entry else None),
        extra={
            "feedTitle": feed_title,
            "author": entry.get("author"),
            "categories": [term for tag in entry.get("tags", []) if (term := tag.get("term"))],
        },
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    if not body.strip():
        raise ParseError("The feed was empty: the server sent no content.")
    content_type = options.get("content_type") or "application/xml"
    _refuse_entities(body, content_type)
    return read_with_feedparser(body, url=url, content_type=content_type)


# Reading a feed without its address as the base skips feedparser's joining of the base to
# itself at every element, about a third of its parse time. The address only changes links and
# ids that are relative; these hold when the first read can be kept (see `_base_is_moot`).
_BASE_ATTRIBUTE = re.compile(rb"base\s*=", re.IGNORECASE)
# Encodings in which every ASCII character is its own byte and no other character is spelled
# with ASCII bytes, so a byte search of the payload finds an attribute.
_ASCII_COMPATIBLE = {"utf-8", "utf-8-sig", "ascii", "iso8859-1", "iso8859-15", "cp1252"}
# A scheme that joining to an http(s) base leaves alone: not http(s), and no authority part.
_OTHER_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!//)")


def _as_given(uri) -> bool:
    """Whether joining `uri` (as read without a base) to the feed's http(s) address gives it
    back unchanged, as `urljoin` does for a plain absolute http(s) address or another scheme."""
    if not isinstance(uri, str) or not uri:
        return False
    if PLAIN_URL.fullmatch(uri):
        return True
    scheme = _OTHER_SCHEME.match(uri)
    return scheme is not None and uri[: scheme.end() - 1].lower() not in ("http", "https")


def _base_is_moot(feed, body: bytes, url: str) -> bool:
    """Whether reading with the feed's address as the base would have given the same links and
    ids as this read without one: no `xml:base` (or `base`) attribute can have moved the base,
    and every link and id the items use is absolute already."""
    encoding = feed.get("encoding")
    try:
        if not encoding or codecs.lookup(encoding).name not in _ASCII_COMPATIBLE:
            return False
        if urlsplit(url).scheme not in ("http", "https"):
            return False
    except (LookupError, ValueError):
        return False
    if _BASE_ATTRIBUTE.search(body):
        return False
    for entry in feed.entries:
        for key in ("link", "id"):
            if key in entry and not _as_given(entry.get(key)):
                return False
        for link in entry.get("links", []):
            if "href" in link and not _as_given(link.get("href")):
                return False
    return True


def _feedparser(body: bytes, content_type: str, base: str | None):
    headers = {"content-type": content_type}
    if base is not None:
        headers["content-location"] = base
    return feedparser.parse(
        io.BytesIO(body), response_headers=headers, resolve_relative_uris=False, sanitize_html=False
    )


def read_with_feedparser(body: bytes, *, url: str, content_type: str) -> ParseResult:
    """Read any feed feedparser understands; `parse()` has refused DTDs before this."""
    feed = _feedparser(body, content_type, None)
    if not _base_is_moot(feed, body, url):
        # Relative links or ids, or an odd encoding: read again with the address as the base.
        feed = _feedparser(body, content_type, url)
    feed_title = html_to_text(feed.feed.get("title"))
    items = [item for entry in feed.entries if (item := _item(entry, url, feed_title))]
    # A feed with no items is quiet, not broken, when feedparser recognised it and its only
    # fault is an entity XML does not define (&nbsp;, &pound; in the channel's text).
    if not items and (
        not feed.get("version")
        or (feed.get("bozo") and not _well_formed_but_for_entities(body, content_type))
    ):
        reason = feed.get("bozo_exception")
        raise ParseError(
            "This is not a readable RSS or Atom feed"
            + (f" ({reason})." if reason else ".")
            + " The address may point to a web page instead of a feed."
        )
    return ParseResult(items=items)
