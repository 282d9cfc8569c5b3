"""UK Parliament Committees API: committee business (calls for evidence) and publications."""

from __future__ import annotations

from ..dates import parse_date, parse_datetime
from ..text import html_to_text, safe_url
from .base import ParsedItem, ParseError, ParseResult
from .jsonapi import list_of, load_envelope, next_page_url

SOURCE = "Committees API"
SITE = "https://committees.parliament.uk"


def _business(business: dict) -> ParsedItem:
    periods = [period for period in business.get("openSubmissionPeriods") or [] if period]
    period = periods[0] if periods else {}
    kind = (business.get("type") or {}).get("name") or ""
    scope = html_to_text(business.get("scope"))
    call_url = f"{SITE}/call-for-evidence/{period['id']}/" if period.get("id") else None
    return ParsedItem(
        external_id=f"business/{business['id']}",
        url=f"{SITE}/work/{business['id']}/",
        title=html_to_text(business.get("title")) or f"Committee inquiry {business['id']}",
        summary=kind,
        body=scope,
        published=parse_datetime(business.get("openDate")),
        opens=parse_date(period.get("startDate")) or parse_date(business.get("openDate")),
        # Rolling calls for evidence have no end date.
        deadline=parse_date(period.get("endDate")),
        extra={
            "kind": "business",
            "type": kind,
            "isInquiry": (business.get("type") or {}).get("isInquiry"),
            "closeDate": business.get("closeDate"),
            "callForEvidenceUrl": call_url,
            "acceptingEvidence": bool(periods),
        },
    )


def _publication(publication: dict) -> ParsedItem:
    committee = publication.get("committee") or {}
    kind = (publication.get("type") or {}).get("name") or ""
    documents = [doc for doc in publication.get("documents") or [] if doc.get("documentId")]
    document_url = None
    if documents:
        document_url = (
            f"{SITE}/publications/{publication['id']}/documents/"
            f"{documents[0]['documentId']}/default/"
        )
    businesses = [
        html_to_text(business.get("title")) for business in publication.get("businesses") or []
    ]
    summary = ": ".join(part for part in (kind, committee.get("name")) if part)
    return ParsedItem(
        external_id=f"publication/{publication['id']}",
        url=document_url
        or safe_url(publication.get("additionalContentUrl"))
        or f"{SITE}/publications/{publication['id']}/",
        title=html_to_text(publication.get("description")) or f"Publication {publication['id']}",
        summary=summary,
        body="\n".join(filter(None, [summary, *businesses])),
        published=parse_datetime(publication.get("publicationStartDate")),
        organisations=[committee["name"]] if committee.get("name") else [],
        document_url=document_url,
        extra={
            "kind": "publication",
            "type": kind,
            "committeeId": committee.get("id"),
            "businesses": businesses,
            "hcNumber": (publication.get("hcNumber") or {}).get("number"),
            "additionalContentUrl": safe_url(publication.get("additionalContentUrl")),
        },
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    data = load_envelope(body, source=SOURCE, keys=("items",), options=options)
    entries = list_of(data, "items", source=SOURCE)
    items = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("id") is None:
            raise ParseError(f"An entry from the {SOURCE} has no id.")
        is_publication = "publicationStartDate" in entry or "documents" in entry
        items.append(_publication(entry) if is_publication else _business(entry))
    next_url = next_page_url(
        url,
        skip_param="Skip",
        take_param="Take",
        total=data.get("totalResults"),
        returned=len(entries),
        options=options,
    )
    return ParseResult(items=items, next_url=next_url)
