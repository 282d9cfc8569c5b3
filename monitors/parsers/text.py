"""Turning third-party bytes and markup into plain text and safe links.

Everything a parser returns is plain text and every link is http(s): the rest of Waymark shows
these strings to staff and puts them in emails, so nothing from a source may carry markup,
scripts or `javascript:` links through.
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

_UNREADABLE_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")
_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
)  # fmt: skip
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_CHARSET = re.compile(
    rb"""<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']"""
    rb"""|<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""",
    re.IGNORECASE,
)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x20\x7f]")


def charset_of(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        # Web content labelled latin-1 is in practice windows-1252 (curly quotes, dashes).
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_text(body: bytes, content_type: str | None = None) -> str:
    """Decode using a BOM, the Content-Type charset, an XML/HTML declaration, then UTF-8."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    declared = _DECLARED_CHARSET.search(body[:4096])
    candidates = [
        _codec(charset_of(content_type)),
        _codec(declared and (declared.group(1) or declared.group(2)).decode("ascii")),
    ]
    for encoding in candidates:
        if encoding:
            return body.decode(encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


_UNTIDY = re.compile(r"[\xa0\r\n\t\f\v]|  ")
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy_text(text: str) -> str:
    """Collapse runs of spaces within lines and of blank lines between them."""
    if not _UNTIDY.search(text):
        return text.strip()  # one line with single spaces: the common case for a title
    text = text.replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def soup_to_text(soup) -> str:
    """Readable text of a parsed document or element, with scripts and styles removed."""
    for tag in soup.find_all(_UNREADABLE_TAGS):
        tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return tidy_text(soup.get_text())


def html_to_text(html: str | None) -> str:
    """Plain text of an HTML fragment (a summary, an answer, a consultation body)."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return tidy_text(html)
    return soup_to_text(BeautifulSoup(html, "lxml"))


# An absolute http(s) address that joining to a base and splitting leave as it is: lower-case
# scheme and host, no port, user, parameters, query or fragment.
PLAIN_URL = re.compile(r"https?://[a-z0-9.-]+(?:/[A-Za-z0-9._~!$&'()*+,=:@%/-]*)?")


def safe_url(href: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) URL, or None for anything else (`javascript:`, `data:`, `mailto:`)."""
    if not href:
        return None
    if PLAIN_URL.fullmatch(href):
        return href
    href = _CONTROL_CHARACTERS.sub("", href.strip().replace(" ", "%20"))
    url = urljoin(base, href) if base else href
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
