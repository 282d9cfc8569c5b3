"""What every parser returns, whatever the source looked like."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime


class ParseError(Exception):
    """A payload could not be read; `str(error)` tells a policy officer what went wrong."""


_WHITESPACE = re.compile(r"\s+")
# The ASCII characters `\s` matches, other than the space.
_OTHER_ASCII_WHITESPACE = ("\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f")


def _collapsed(text: str) -> str:
    """`text` with each run of whitespace made one space, and stripped."""
    if (
        text.isascii()
        and "  " not in text
        and not any(character in text for character in _OTHER_ASCII_WHITESPACE)
    ):
        # Single spaces only (the common case): the substitution would change nothing.
        return text.strip()
    return _WHITESPACE.sub(" ", text).strip()


def content_hash(title: str, summary: str, body: str, deadline: date | None = None) -> str:
    """A fingerprint of what a reader sees, ignoring whitespace-only changes.

    The deadline is included because an extended consultation or call for evidence is news.
    """
    summary_part = _collapsed(summary)
    parts = [
        _collapsed(title),
        summary_part,
        # Most parsers give the summary as the body too.
        summary_part if body == summary else _collapsed(body),
        deadline.isoformat() if deadline else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


# Slots, and tuples for the lists, because a scan holds a page of these while it stores them:
# fewer objects for Python's garbage collector to carry into its oldest generation, whose
# collections were a fifth of a scan's time (docs/monitors.md, "Benchmark").
@dataclass(slots=True)
class ParsedItem:
    external_id: str
    url: str
    title: str
    summary: str = ""
    body: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    deadline: date | None = None
    opens: date | None = None
    organisations: Sequence[str] = ()
    # Westminster members by their Members API number; MSPs as "msp:<PersonID>", since the
    # Scottish Parliament numbers its members separately.
    member_ids: Sequence[int | str] = ()
    document_url: str | None = None
    extra: dict = field(default_factory=dict)
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.title, self.summary, self.body, self.deadline)


@dataclass
class ParseResult:
    items: list[ParsedItem] = field(default_factory=list)
    next_url: str | None = None
