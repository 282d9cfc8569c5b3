"""RSS 2.0, Atom and RDF feeds, read with feedparser after a DTD check.

feedparser is only ever given the bytes, wrapped in a stream: given a string it would fetch
URLs or open local files. Feeds declaring a DTD or entities are refused before parsing, so an
entity-expansion bomb fails quickly instead of expanding.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError as XMLSyntaxError

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException

from .base import ParsedItem, ParseError, ParseResult
from .text import PLAIN_URL, html_to_text, safe_url

_DTD_MARKERS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _refuse_dtd(body: bytes) -> None:
    """Refuse any feed that declares a DTD, where entities (and entity bombs) are declared.

    A DTD can only stand in the prolog, before the root element, so in an ASCII-compatible
    encoding a byte search of the prolog finds it without parsing the feed twice. Feeds in
    UTF-16 or UTF-32 are checked by defusedxml's parser instead.
    """
    if body.startswith(_WIDE_BOMS) or b"\x00" in body[:512]:
        _refuse_dtd_by_parsing(body)
        return
    root = _ROOT_ELEMENT.search(body)
    if _DTD_MARKERS.search(body[: root.start()] if root else body):
        raise ParseError(
            "The feed declares a DTD or entities, which Waymark refuses because they can be "
            "used to attack the parser."
        )


def _refuse_dtd_by_parsing(body: bytes) -> None:
    try:
        defusedxml.ElementTree.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ParseError(
            "The feed declares a DTD or entities, which Waymark refuses because they can be "
            "used to attack the parser."
        ) from error
    except XMLSyntaxError:
        # Malformed feeds are left to feedparser's lenient parser, but not ones with a DTD.
        if _DTD_MARKERS.search(body.replace(b"\x00", b"")):
            raise ParseError(
                "The feed is malformed and declares a DTD or entities, so Waymark refuses it."
            ) from None


def _as_datetime(parsed) -> datetime | None:
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


# feedparser's dictionaries map old key names (`guid`, `description`...) to current ones on
# every lookup; the keys read here are all current ones, which a plain lookup finds directly.
_get = dict.get
_has = dict.__contains__


def _entry_url(entry, base: str) -> str | None:
    candidates = [_get(entry, "link")]
    candidates += [
        _get(link, "href") for link in _get(entry, "links", []) if _get(link, "rel") == "alternate"
    ]
    if _get(entry, "guidislink"):
        candidates.append(_get(entry, "id"))
    for candidate in candidates:
        url = safe_url(candidate, base)
        if url:
            return url
    return None


def _item(entry, base: str, feed_title: str) -> ParsedItem | None:
    url = _entry_url(entry, base)
    if url is None:
        return None
    title = html_to_text(_get(entry, "title"))
    summary = html_to_text(_get(entry, "summary"))
    contents = [html_to_text(_get(content, "value")) for content in _get(entry, "content", [])]
    body = "\n\n".join(filter(None, contents)) or summary
    external_id = _get(entry, "id") or url or hashlib.sha256(title.encode()).hexdigest()
    return ParsedItem(
        external_id=external_id,
        url=url,
        title=title or url,
        summary=summary,
        body=body,
        published=_as_datetime(_get(entry, "published_parsed")),
        # Read directly: feedparser's own get() falls back to the published date, with a warning.
        updated=_as_datetime(_get(entry, "updated_parsed")),
        extra={
            "feedTitle": feed_title,
            "author": _get(entry, "author"),
            "categories": [term for tag in _get(entry, "tags", []) if (term := _get(tag, "term"))],
        },
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    if not body.strip():
        raise ParseError("The feed was empty: the server sent no content.")
    _refuse_dtd(body)
    content_type = options.get("content_type") or "application/xml"
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
            if _has(entry, key) and not _as_given(_get(entry, key)):
                return False
        for link in _get(entry, "links", []):
            if _has(link, "href") and not _as_given(_get(link, "href")):
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
    if not items and (feed.get("bozo") or not feed.get("version")):
        reason = feed.get("bozo_exception")
        raise ParseError(
            "This is not a readable RSS or Atom feed"
            + (f" ({reason})." if reason else ".")
            + " The address may point to a web page instead of a feed."
        )
    return ParseResult(items=items)
