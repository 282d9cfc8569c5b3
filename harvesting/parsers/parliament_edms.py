"""UK Parliament Early Day Motions API (PascalCase `{PagingInfo, Response}` envelope)."""

from __future__ import annotations

from ..dates import parse_datetime
from ..text import html_to_text
from .base import ParsedItem, ParseError, ParseResult
from .jsonapi import load_envelope, next_page_url

SOURCE = "Early Day Motions API"
PUBLIC_URL = "https://edm.parliament.uk/early-day-motion/{id}"


def _member_ids(motion: dict) -> list[int]:
    sponsor = motion.get("PrimarySponsor") or {}
    ids = [motion.get("MemberId"), sponsor.get("MnisId")]
    # A member who withdrew their name no longer supports the motion.
    ids += [
        entry.get("MemberId")
        for entry in motion.get("Sponsors") or []
        if isinstance(entry, dict)
        and not entry.get("IsWithdrawn")
        and not entry.get("WithdrawnDate")
    ]
    return list(dict.fromkeys(value for value in ids if isinstance(value, int)))


def _item(motion: dict) -> ParsedItem:
    if not isinstance(motion, dict) or motion.get("Id") is None:
        raise ParseError(f"A motion from the {SOURCE} has no Id.")
    sponsor = motion.get("PrimarySponsor") or {}
    text = html_to_text(motion.get("MotionText"))
    return ParsedItem(
        external_id=str(motion["Id"]),
        url=PUBLIC_URL.format(id=motion["Id"]),
        title=html_to_text(motion.get("Title")) or f"Early day motion {motion.get('UIN')}",
        summary=text[:500],
        body=text,
        published=parse_datetime(motion.get("DateTabled")),
        updated=parse_datetime(motion.get("StatusDate")),
        member_ids=_member_ids(motion),
        extra={
            "uin": motion.get("UINWithAmendmentSuffix") or motion.get("UIN"),
            "status": motion.get("Status"),
            "sponsorsCount": motion.get("SponsorsCount"),
            "primarySponsor": sponsor.get("Name"),
            "primarySponsorParty": sponsor.get("Party"),
            "amendmentToMotionId": motion.get("AmendmentToMotionId"),
        },
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    data = load_envelope(body, source=SOURCE, keys=("Response",), options=options)
    if data.get("Success") is False:
        errors = "; ".join(str(error) for error in data.get("Errors") or []) or "no reason given"
        raise ParseError(f"The {SOURCE} reported an error: {errors}.")
    response = data.get("Response")
    if isinstance(response, dict):
        return ParseResult(items=[_item(response)])
    if not isinstance(response, list):
        raise ParseError(f"Expected a list of motions in 'Response' from the {SOURCE}.")
    paging = data.get("PagingInfo") or {}
    next_url = next_page_url(
        url,
        skip_param="parameters.skip",
        take_param="parameters.take",
        total=paging.get("Total"),
        returned=len(response),
        options=options,
    )
    return ParseResult(items=[_item(motion) for motion in response], next_url=next_url)
