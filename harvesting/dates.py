"""Dates as UK sources write them.

Parliament's APIs give naive local times, so a naive timestamp is read as Europe/London time.
Deadlines are calendar dates in the UK, so an aware closing time is converted to London first.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

_LOOSE_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%Y/%m/%d",
)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_IN_TEXT = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})[a-z]*\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
    re.IGNORECASE,
)


def parse_datetime(value: str | None) -> datetime | None:
    """An aware datetime from an ISO 8601 string; naive values are London time."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        loose = parse_loose_date(value)
        return datetime(loose.year, loose.month, loose.day, tzinfo=LONDON) if loose else None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LONDON)


def parse_date(value: str | None) -> date | None:
    """The London calendar date of an ISO 8601 date or timestamp."""
    parsed = parse_datetime(value)
    return parsed.astimezone(LONDON).date() if parsed else None


def parse_loose_date(text: str | None) -> date | None:
    """The first date in text such as "Published 26th November 2024", "26/11/2024" or ISO.

    Numeric dates are read day first, as UK sites write them.
    """
    if not text:
        return None
    match = _DATE_IN_TEXT.search(text)
    if not match:
        return None
    candidate = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", match.group(0), flags=re.IGNORECASE)
    candidate = re.sub(r"[,.](?=\s)|\s+", " ", candidate).strip()
    candidate = re.sub(r"\bsept\b", "sep", candidate, flags=re.IGNORECASE)
    for pattern in _LOOSE_FORMATS:
        try:
            return datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
    return None


def at_london_midnight(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON) if day else None
