"""Parsers turn one fetched response into ParsedItems; the source's kind picks the parser.

Every parser has the signature `parse(body: bytes, *, url: str, options: dict) -> ParseResult`.
`options` holds the source's own settings plus `content_type` (the response's Content-Type
header, so a declared charset is honoured) and `max_pages` for paged APIs.
"""

from collections.abc import Callable

from . import (
    govuk_content,
    govuk_search,
    hansard,
    html_listing,
    page,
    parliament_bills,
    parliament_committees,
    parliament_edms,
    parliament_written_questions,
    rss,
    scottish_parliament,
)
from .base import ParsedItem, ParseError, ParseResult

Parser = Callable[..., ParseResult]

PARSERS: dict[str, Parser] = {
    "rss": rss.parse,
    "parliament-written-questions": parliament_written_questions.parse,
    "parliament-edms": parliament_edms.parse,
    "parliament-bills": parliament_bills.parse,
    "parliament-committees": parliament_committees.parse,
    "hansard": hansard.parse,
    "govuk-search": govuk_search.parse,
    "govuk-content": govuk_content.parse,
    "html": html_listing.parse,
    "page": page.parse,
    "scottish-parliament": scottish_parliament.parse,
}


def get_parser(kind: str) -> Parser:
    try:
        return PARSERS[kind]
    except KeyError:
        raise KeyError(
            f"No parser for source kind {kind!r}; known kinds: {', '.join(PARSERS)}."
        ) from None


__all__ = ["PARSERS", "ParseError", "ParseResult", "ParsedItem", "get_parser"]
