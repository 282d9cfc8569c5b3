"""UK Parliament Bills API: the bill search list, one bill, and a bill's stages."""

from __future__ import annotations

import re

from ..dates import parse_datetime
from ..text import html_to_text
from .base import ParsedItem, ParseError, ParseResult
from .jsonapi import list_of, load_envelope, next_page_url

SOURCE = "Bills API"
PUBLIC_URL = "https://bills.parliament.uk/bills/{id}"
STAGE_URL = "https://bills.parliament.uk/bills/{bill}/stages/{stage}"


def _stage_text(stage: dict | None) -> str:
    if not isinstance(stage, dict) or not stage.get("description"):
        return ""
    house = f" ({stage['house']})" if stage.get("house") else ""
    return f"{stage['description']}{house}"


def _bill(bill: dict) -> ParsedItem:
    if not isinstance(bill, dict) or bill.get("billId") is None:
        raise ParseError(f"A bill from the {SOURCE} has no billId.")
    stage = _stage_text(bill.get("currentStage"))
    summary = f"Current stage: {stage}" if stage else ""
    body = "\n\n".join(
        part
        for part in (
            html_to_text(bill.get("longTitle")),
            html_to_text(bill.get("summary")),
            summary,
        )
        if part
    )
    sponsors = [entry.get("member") or {} for entry in bill.get("sponsors") or []]
    return ParsedItem(
        external_id=str(bill["billId"]),
        url=PUBLIC_URL.format(id=bill["billId"]),
        title=html_to_text(bill.get("shortTitle")) or f"Bill {bill['billId']}",
        summary=summary,
        body=body,
        updated=parse_datetime(bill.get("lastUpdate")),
        member_ids=[
            member["memberId"] for member in sponsors if isinstance(member.get("memberId"), int)
        ],
        extra={
            "currentHouse": bill.get("currentHouse"),
            "originatingHouse": bill.get("originatingHouse"),
            "currentStage": stage,
            "isAct": bill.get("isAct"),
            "isDefeated": bill.get("isDefeated"),
            "billWithdrawn": bill.get("billWithdrawn"),
        },
    )


def _bill_id_for_stages(stages: list, url: str, options: dict) -> int | None:
    for stage in stages:
        for sitting in stage.get("stageSittings") or []:
            if isinstance(sitting.get("billId"), int):
                return sitting["billId"]
    if options.get("bill_id"):
        return int(options["bill_id"])
    match = re.search(r"/bills/(\d+)/stages", url, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _stages(stages: list, url: str, options: dict) -> list[ParsedItem]:
    bill_id = _bill_id_for_stages(stages, url, options)
    if bill_id is None:
        raise ParseError(f"Could not tell which bill these {SOURCE} stages belong to.")
    items = []
    for stage in stages:
        if stage.get("id") is None:
            raise ParseError(f"A bill stage from the {SOURCE} has no id.")
        sittings = sorted(
            filter(None, (parse_datetime(s.get("date")) for s in stage.get("stageSittings") or []))
        )
        items.append(
            ParsedItem(
                external_id=f"{bill_id}/stages/{stage['id']}",
                url=STAGE_URL.format(bill=bill_id, stage=stage["id"]),
                title=_stage_text(stage),
                summary=", ".join(f"{sitting.day} {sitting:%B %Y}" for sitting in sittings),
                published=sittings[0] if sittings else None,
                updated=sittings[-1] if sittings else None,
                extra={"billId": bill_id, "sortOrder": stage.get("sortOrder")},
            )
        )
    return items


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    data = load_envelope(body, source=SOURCE, keys=("items", "billId"), options=options)
    if "billId" in data:
        return ParseResult(items=[_bill(data)])
    entries = list_of(data, "items", source=SOURCE)
    if not all(isinstance(entry, dict) for entry in entries):
        raise ParseError(f"The {SOURCE} list holds something that is not a bill.")
    if entries and all("billId" not in entry and "stageSittings" in entry for entry in entries):
        items = _stages(entries, url, options)
    else:
        items = [_bill(entry) for entry in entries]
    next_url = next_page_url(
        url,
        skip_param="Skip",
        take_param="Take",
        total=data.get("totalResults"),
        returned=len(entries),
        options=options,
    )
    return ParseResult(items=items, next_url=next_url)
