"""GOV.UK Search API (`/api/search.json`) results."""

from __future__ import annotations

from ..dates import parse_date, parse_datetime
from ..text import html_to_text, safe_url
from .base import ParsedItem, ParseError, ParseResult
from .jsonapi import list_of, load_envelope, next_page_url

SOURCE = "GOV.UK Search API"
SITE = "https://www.gov.uk"


def govuk_url(link: str) -> str | None:
    """GOV.UK gives its own pages as paths; anything else must be an absolute http(s) URL."""
    if link.startswith("/") and not link.startswith("//"):
        return SITE + link
    return safe_url(link)


def _item(result: dict) -> ParsedItem | None:
    link = result.get("link")
    if not isinstance(link, str) or not link:
        raise ParseError(f"A result from the {SOURCE} has no link.")
    url = govuk_url(link)
    if url is None:
        return None
    organisations = [
        org["title"]
        for org in result.get("organisations") or []
        if isinstance(org, dict) and org.get("title")
    ]
    document_type = result.get("content_store_document_type") or result.get("format")
    return ParsedItem(
        external_id=link,
        url=url,
        title=html_to_text(result.get("title")) or link,
        summary=html_to_text(result.get("description")),
        published=parse_datetime(result.get("public_timestamp")),
        opens=parse_date(result.get("start_date")),
        deadline=parse_date(result.get("end_date")),
        organisations=organisations,
        extra={"documentType": document_type},
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    data = load_envelope(body, source=SOURCE, keys=("results",), options=options)
    results = list_of(data, "results", source=SOURCE)
    if not all(isinstance(result, dict) for result in results):
        raise ParseError(f"The {SOURCE} results hold something that is not a search result.")
    items = [item for item in map(_item, results) if item is not None]
    next_url = next_page_url(
        url,
        skip_param="start",
        take_param="count",
        total=data.get("total"),
        returned=len(results),
        options=options,
    )
    return ParseResult(items=items, next_url=next_url)
