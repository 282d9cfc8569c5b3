"""Turning third-party bytes and markup into plain text and safe links.

Everything a parser returns is plain text and every link is http(s): the rest of Waymark shows
these strings to staff and puts them in emails, so nothing from a source may carry markup,
scripts or `javascript:` links through.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, UnicodeDammit

_UNREADABLE_TAGS = ("script", "style", "noscript", "template", "iframe", "svg")
# Plug-in elements: a reader sees an <object>'s fallback content, and an <embed> has none. An
# unclosed <object>, or an <embed> the HTML parser took for a container, holds the text that
# follows it, so these are unwrapped (the tag goes, its text stays), never removed whole.
_PLUGIN_TAGS = ("object", "embed", "applet")
_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
)  # fmt: skip
_LATIN_1 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "windows-1252", "cp1252"}
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x20\x7f]")


def charset_of(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


# XML without a byte-order mark in UTF-32 or UTF-16 starts `<` as a four- or two-byte
# character (XML 1.0, appendix F); bs4 does not look for that, so it is named to it first.
_WIDE_STARTS = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def decode_text(body: bytes, content_type: str | None = None) -> str:
    """Decode third-party bytes with bs4's UnicodeDammit: a byte-order mark, the Content-Type
    charset, an XML or HTML declaration (with any alias Python knows: `utf16`, `u16`...), then
    UTF-8 and windows-1252; undecodable bytes become U+FFFD rather than an error."""
    # What the bytes show comes before what a header says: UTF-16 read as UTF-8 "succeeds".
    known = [next((code for start, code in _WIDE_STARTS if body.startswith(start)), None)]
    known.append(charset_of(content_type))
    dammit = UnicodeDammit(
        body, known_definite_encodings=[label for label in known if label], is_html=False
    )
    text = dammit.unicode_markup
    encoding = (dammit.original_encoding or "").lower()
    if text is None:
        return body.decode("cp1252", errors="replace")
    if encoding in _LATIN_1 - {"windows-1252", "cp1252"} and any(0x80 <= b < 0xA0 for b in body):
        # Web content labelled latin-1 is in practice windows-1252 (curly quotes, dashes).
        return body.decode("cp1252", errors="replace")
    return text


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
    for tag in soup.find_all(_PLUGIN_TAGS):
        tag.unwrap()
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
