"""One watched web page: its readable text, and what changed since last time."""

from __future__ import annotations

import difflib

from ..text import html_to_text, safe_url, soup_to_text
from .base import ParsedItem, ParseError, ParseResult
from .html_listing import load_html

_CHROME = ("nav", "aside", "form", "button", "dialog")
_PAGE_CHROME = ("header", "footer")
_MAIN_CANDIDATES = ("main", "[role=main]", "article", "#content", "#main-content", "body")


def extract_text(body: bytes, options: dict) -> tuple[str, str]:
    """The page's title and readable main text (`options["selector"]` narrows the region)."""
    soup = load_html(body, options)
    title = html_to_text(soup.title.string) if soup.title and soup.title.string else ""
    for tag in soup.find_all(_CHROME):
        tag.decompose()
    for tag in soup.find_all(_PAGE_CHROME):
        # An article's own header holds its title; only the site's header and footer go.
        if tag.find_parent(("main", "article")) is None:
            tag.decompose()
    selectors = (options["selector"],) if options.get("selector") else _MAIN_CANDIDATES
    region = next(filter(None, (soup.select_one(selector) for selector in selectors)), None)
    if region is None:
        if options.get("selector"):
            raise ParseError(
                f"The page no longer has the part being watched ({options['selector']})."
            )
        region = soup
    heading = region.find("h1")
    title = title or (heading.get_text(" ", strip=True) if heading else "")
    return title, soup_to_text(region)


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    if safe_url(url) is None:
        raise ParseError(f"{url!r} is not an http(s) page address.")
    title, text = extract_text(body, options)
    summary = text if len(text) <= 300 else text[:300].rsplit(" ", 1)[0] + "…"
    return ParseResult(
        items=[ParsedItem(external_id=url, url=url, title=title or url, summary=summary, body=text)]
    )


def readable_diff(old_text: str, new_text: str, *, max_chars: int = 4000) -> str:
    """Lines added ("+ ") and removed ("- ") between two versions, cut to `max_chars`."""
    lines = [
        f"{line[0]} {line[1:]}"
        for line in difflib.unified_diff(
            old_text.splitlines(), new_text.splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---")) and line[1:].strip()
    ]
    shown: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > max_chars:
            shown.append(f"… and {len(lines) - len(shown)} more changed lines")
            break
        shown.append(line)
        used += len(line) + 1
    return "\n".join(shown)
