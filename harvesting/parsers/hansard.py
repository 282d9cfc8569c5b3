"""Hansard API search results: contributions (speeches, written items) and debates."""

from __future__ import annotations

import re

from ..dates import parse_date, parse_datetime
from ..text import html_to_text
from .base import ParsedItem, ParseError, ParseResult
from .jsonapi import list_of, load_envelope, next_page_url

SOURCE = "Hansard API"
DEBATE_URL = "https://hansard.parliament.uk/{house}/{date}/debates/{ext_id}/{slug}"


def _debate_url(house: str | None, sitting: str | None, ext_id: str, title: str) -> str:
    day = parse_date(sitting)
    # Hansard finds the debate by its id; the title part is only there for readers.
    slug = "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))
    return DEBATE_URL.format(
        house=house or "Commons",
        date=day.isoformat() if day else "",
        ext_id=ext_id,
        slug=slug or "Debate",
    )


def _contribution(result: dict) -> ParsedItem:
    ext_id = result.get("ContributionExtId")
    section_id = result.get("DebateSectionExtId")
    if not ext_id or not section_id:
        raise ParseError(f"A contribution from the {SOURCE} has no ContributionExtId.")
    section = html_to_text(result.get("DebateSection"))
    speaker = result.get("AttributedTo") or result.get("MemberName") or ""
    snippet = html_to_text(result.get("ContributionText"))
    url = _debate_url(result.get("House"), result.get("SittingDate"), section_id, section)
    return ParsedItem(
        external_id=f"contribution/{ext_id}",
        url=f"{url}#contribution-{ext_id}",
        title=section or "Hansard contribution",
        summary=f"{speaker}: {snippet}" if speaker else snippet,
        body=html_to_text(result.get("ContributionTextFull")) or snippet,
        published=parse_datetime(result.get("SittingDate")),
        member_ids=[result["MemberId"]] if isinstance(result.get("MemberId"), int) else [],
        extra={
            "kind": "contribution",
            "house": result.get("House"),
            "memberName": result.get("MemberName"),
            "debateSectionExtId": section_id,
            "section": result.get("Section"),
            "hansardSection": result.get("HansardSection"),
        },
    )


def _debate(result: dict) -> ParsedItem:
    section_id = result.get("DebateSectionExtId")
    if not section_id:
        raise ParseError(f"A debate from the {SOURCE} has no DebateSectionExtId.")
    title = html_to_text(result.get("Title") or result.get("DebateSection"))
    return ParsedItem(
        external_id=f"debate/{section_id}",
        url=_debate_url(result.get("House"), result.get("SittingDate"), section_id, title),
        title=title or "Hansard debate",
        summary=html_to_text(result.get("DebateSection")),
        published=parse_datetime(result.get("SittingDate")),
        extra={"kind": "debate", "house": result.get("House")},
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    data = load_envelope(body, source=SOURCE, keys=("Results",), options=options)
    results = list_of(data, "Results", source=SOURCE)
    if not all(isinstance(result, dict) for result in results):
        raise ParseError(f"The {SOURCE} results hold something that is not a search result.")
    items = [
        _contribution(result) if "ContributionExtId" in result else _debate(result)
        for result in results
    ]
    next_url = next_page_url(
        url,
        skip_param="queryParameters.skip",
        take_param="queryParameters.take",
        total=data.get("TotalResultCount"),
        returned=len(results),
        options=options,
    )
    return ParseResult(items=items, next_url=next_url)
