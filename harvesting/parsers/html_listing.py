"""A listing page (publications, news) read with CSS selectors given in the source's options.

Options: `item` (one per entry), `title`, `link` (defaults to the title element or its first
`a`), `date` and `summary` (optional), and `next` (optional, the next-page link).
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from .base import ParsedItem, ParseError, ParseResult
from .dates import at_london_midnight, parse_loose_date
from .text import decode_text, html_to_text, safe_url, soup_to_text


def load_html(body: bytes, options: dict) -> BeautifulSoup:
    if body.lstrip()[:1] in (b"{", b"["):
        raise ParseError("Expected a web page, got JSON.")
    return BeautifulSoup(decode_text(body, options.get("content_type")), "lxml")


def _select_one(element: Tag, selector: str | None) -> Tag | None:
    return element.select_one(selector) if selector else None


def _href(element: Tag | None) -> str | None:
    if element is None:
        return None
    if element.name != "a":
        element = element if element.has_attr("href") else element.find("a", href=True)
    href = element.get("href") if element is not None else None
    # Only `class`-like attributes come back as lists; an href is one string.
    return href if isinstance(href, str) else None


def _date_text(element: Tag | None) -> str:
    if element is None:
        return ""
    machine = element.get("datetime")
    return machine if isinstance(machine, str) and machine else element.get_text(" ", strip=True)


def _item(element: Tag, url: str, options: dict) -> ParsedItem | None:
    title_element = _select_one(element, options["title"])
    link_element = _select_one(element, options.get("link")) or title_element or element
    link = safe_url(_href(link_element), url)
    if link is None:
        return None
    title = html_to_text(str(title_element)) if title_element else ""
    summary_element = _select_one(element, options.get("summary"))
    day = parse_loose_date(_date_text(_select_one(element, options.get("date"))))
    return ParsedItem(
        external_id=link,
        url=link,
        title=title or link,
        summary=soup_to_text(summary_element) if summary_element else "",
        published=at_london_midnight(day),
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    if not options.get("item") or not options.get("title"):
        raise ParseError("This listing source needs 'item' and 'title' selectors in its options.")
    soup = load_html(body, options)
    items: dict[str, ParsedItem] = {}
    for element in soup.select(options["item"]):
        item = _item(element, url, options)
        if item is not None:
            items.setdefault(item.external_id, item)
    next_url = safe_url(_href(_select_one(soup, options.get("next"))), url)
    return ParseResult(items=list(items.values()), next_url=next_url)
