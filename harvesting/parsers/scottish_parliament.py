"""Scottish Parliament open data: written, First Minister's and topical questions, and motions.

`data.parliament.scot/api/motionsquestionsanswersquestions?year=YYYY` (and `...motions?year=`)
answer with one bare JSON array per year: no envelope, no paging and no server-side search, so
the whole year is read and the relevance filter does the choosing. Members are given by
`MSPID` (the PersonID of `/api/members`), which is a different numbering from Westminster's:
they are stored as "msp:<id>" so a Scottish member never links to a Westminster one.
"""

from __future__ import annotations

import re

from ..dates import parse_date, parse_datetime
from .base import ParsedItem, ParseError, ParseResult
from .jsonapi import load_json

SOURCE = "Scottish Parliament open data"
QUESTION_URL = (
    "https://www.parliament.scot/chamber-and-committees/questions-and-answers/question?ref={ref}"
)
MOTION_URL = "https://www.parliament.scot/chamber-and-committees/votes-and-motions/{ref}"
# S4W- written, S4F- First Minister's, S4T- topical, S5M- motion (the session number varies).
_REFERENCE = re.compile(r"^S\d+([A-Z])-\d+")
KINDS = {"W": "Written question", "F": "First Minister's question", "T": "Topical question"}
TITLE_LENGTH = 150


def member_key(msp_id) -> str | None:
    """How an item names an MSP in `member_ids`; None when the id is missing or odd."""
    return f"msp:{msp_id}" if isinstance(msp_id, int) and msp_id > 0 else None


def _text(value) -> str:
    # Answers use \r\n line breaks; paragraphs are kept, other runs of white space collapsed.
    if not isinstance(value, str):
        return ""
    lines = (" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line).strip()


def _title(record: dict, kind: str, reference: str, text: str) -> str:
    title = _text(record.get("Title"))
    if title:
        return title
    # Questions have no title: the question itself, shortened, reads best in a list.
    question = re.sub(r"^To ask the Scottish (Government|Executive)\s*", "", text).strip()
    if question and len(question) > TITLE_LENGTH:
        question = question[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    label = f"{kind} {reference}"
    return f"{label}: {question[:1].upper()}{question[1:]}" if question else label


def _item(record: dict) -> ParsedItem:
    if not isinstance(record, dict):
        raise ParseError(f"The {SOURCE} list holds something that is not a record.")
    reference = record.get("EventID")
    unique_id = record.get("UniqueID")
    if not isinstance(reference, str) or unique_id is None:
        raise ParseError(f"A record from the {SOURCE} has no EventID or UniqueID.")
    reference = reference.strip()
    match = _REFERENCE.match(reference)
    letter = match.group(1) if match else ""
    is_motion = letter == "M"
    kind = "Motion" if is_motion else KINDS.get(letter, "Question")
    text = _text(record.get("ItemText"))
    answer = _text(record.get("AnswerText"))
    body = text if not answer else f"{text}\n\nAnswer:\n{answer}"
    member = member_key(record.get("MSPID"))
    answered = parse_datetime(record.get("AnswerDate"))
    url = (MOTION_URL if is_motion else QUESTION_URL).format(ref=reference)
    return ParsedItem(
        external_id=f"{'motion' if is_motion else 'question'}/{unique_id}",
        url=url,
        title=_title(record, kind, reference, text),
        summary=text[:500],
        body=body,
        published=parse_datetime(record.get("SubmissionDateTime") or record.get("ApprovedDate")),
        updated=answered,
        organisations=["Scottish Government"] if not is_motion else [],
        member_ids=[member] if member else [],
        extra={
            "parliament": "scottish",
            "reference": reference,
            "kind": kind,
            "party": record.get("Party"),
            "mspId": record.get("MSPID"),
            "answeredBy": _text(record.get("AnsweredByMSP")),
            "expectedAnswer": (
                day.isoformat() if (day := parse_date(record.get("ExpectedAnswerDate"))) else None
            ),
            "registeredInterest": bool(record.get("RegisteredInterest")),
        },
    )


def parse(body: bytes, *, url: str, options: dict) -> ParseResult:
    data = load_json(body, source=SOURCE, options=options)
    if isinstance(data, dict):
        # One record, or an error object where the array should be.
        if "EventID" in data:
            return ParseResult(items=[_item(data)])
        raise ParseError(f"Expected a list of questions or motions from the {SOURCE}.")
    if not isinstance(data, list):
        raise ParseError(f"Expected a list of questions or motions from the {SOURCE}.")
    kinds = options.get("kinds")
    items = [_item(record) for record in data]
    if kinds:
        # e.g. ["W"] for written questions only.
        wanted = {KINDS.get(letter, "Motion" if letter == "M" else letter) for letter in kinds}
        items = [item for item in items if item.extra["kind"] in wanted]
    return ParseResult(items=items)
