"""GOV.UK Content API (`/api/content/<path>`): one consultation, call for evidence or page."""

from __future__ import annotations

from .base import ParsedItem, ParseError, ParseResult
from .dates import parse_date, parse_datetime
from .govuk_search import govuk_url
from .jsonapi import load_envelope
from .text import html_to_text, safe_url

SOURCE = "GOV.UK Content API"


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    data = load_envelope(body, source=SOURCE, keys=("base_path",), options=options)
    details = data.get("details") or {}
    links = data.get("links") or {}
    base_path = data["base_path"]
    page_url = govuk_url(base_path) if isinstance(base_path, str) else None
    if page_url is None:
        raise ParseError(f"The {SOURCE} document has no usable base_path.")
    organisations = [
        org["title"]
        for org in links.get("organisations") or []
        if isinstance(org, dict) and org.get("title")
    ]
    item = ParsedItem(
        external_id=base_path,
        url=page_url,
        title=html_to_text(data.get("title")) or base_path,
        summary=html_to_text(data.get("description")),
        body=html_to_text(details.get("body")),
        published=parse_datetime(data.get("first_published_at") or details.get("first_public_at")),
        updated=parse_datetime(data.get("public_updated_at")),
        opens=parse_date(details.get("opening_date")),
        deadline=parse_date(details.get("closing_date")),
        organisations=organisations,
        extra={
            "contentId": data.get("content_id"),
            "documentType": data.get("document_type"),
            "schemaName": data.get("schema_name"),
            "heldOnAnotherWebsiteUrl": safe_url(details.get("held_on_another_website_url")),
            "changeNotes": [
                change.get("note")
                for change in details.get("change_history") or []
                if isinstance(change, dict) and change.get("note")
            ],
        },
    )
    return ParseResult(items=[item])
