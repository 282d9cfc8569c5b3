"""UK Parliament Written Questions API: the search list and the single-question shape."""

from __future__ import annotations

from .base import ParsedItem, ParseError, ParseResult
from .dates import parse_date, parse_datetime
from .jsonapi import list_of, load_envelope, next_page_url
from .text import html_to_text

SOURCE = "Written Questions API"
PUBLIC_URL = "https://questions-statements.parliament.uk/written-questions/detail/{date}/{uin}"
API_ITEM_URL = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions/{id}"


def _item(value: dict) -> ParsedItem:
    tabled = parse_date(value.get("dateTabled"))
    if value.get("id") is None or not value.get("uin") or tabled is None:
        raise ParseError(f"A question from the {SOURCE} has no id, UIN or date tabled.")
    question = html_to_text(value.get("questionText"))
    answer = html_to_text(value.get("answerText"))
    body = question if not answer else f"{question}\n\nAnswer:\n{answer}"
    member_ids = [
        value[key]
        for key in ("askingMemberId", "answeringMemberId", "correctingMemberId")
        if isinstance(value.get(key), int)
    ]
    answered = parse_datetime(value.get("dateAnswered"))
    corrected = parse_datetime(value.get("dateAnswerCorrected"))
    return ParsedItem(
        external_id=str(value["id"]),
        url=PUBLIC_URL.format(date=tabled.isoformat(), uin=value["uin"]),
        title=html_to_text(value.get("heading")) or f"Written question {value['uin']}",
        summary=question,
        body=body,
        published=parse_datetime(value.get("dateTabled")),
        updated=corrected or answered,
        organisations=[value["answeringBodyName"]] if value.get("answeringBodyName") else [],
        member_ids=list(dict.fromkeys(member_ids)),
        extra={
            "uin": value["uin"],
            "house": value.get("house"),
            "answeringBodyName": value.get("answeringBodyName"),
            "dateForAnswer": value.get("dateForAnswer"),
            "dateAnswered": value.get("dateAnswered"),
            "isWithdrawn": bool(value.get("isWithdrawn")),
            "answerIsHolding": bool(value.get("answerIsHolding")),
            # The list endpoint cuts answers at about 250 characters; the item has them whole.
            "answerTruncated": (value.get("answerText") or "").endswith("..."),
            "apiUrl": API_ITEM_URL.format(id=value["id"]),
        },
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    data = load_envelope(body, source=SOURCE, keys=("results", "value", "uin"), options=options)
    if "results" in data:
        results = list_of(data, "results", source=SOURCE)
        values = [entry.get("value") for entry in results if isinstance(entry, dict)]
        questions = [value for value in values if isinstance(value, dict)]
        if len(questions) != len(results):
            raise ParseError(f"A result from the {SOURCE} has no question in it.")
        next_url = next_page_url(
            url,
            skip_param="skip",
            take_param="take",
            total=data.get("totalResults"),
            returned=len(questions),
            options=options,
        )
        return ParseResult(items=[_item(value) for value in questions], next_url=next_url)
    value = data.get("value", data)
    if not isinstance(value, dict):
        raise ParseError(f"The {SOURCE} item has no question in it.")
    return ParseResult(items=[_item(value)])
