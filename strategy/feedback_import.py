"""Importing survey answers as outcome feedback: the whole file is applied or none of it.

Each row is one answer: an outcome (its code, e.g. OP3, or its full statement) and an agreement
(1 to 5, or the words of the scale). Every row is checked before anything is saved, so a file
with one bad row changes nothing and the person importing sees every problem at once.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from stakeholders.models import LocalArea
from strategy.models import Agreement, Element, OutcomeFeedback

MAX_ROWS = 5000
MAX_CELL = 2000
MAX_FIELDS = 1000  # a line with more is refused before it is parsed

# Accepted spellings of each column, after lower-casing and turning spaces into underscores.
COLUMNS = {
    "outcome": ("outcome", "outcome_code", "statement", "code"),
    "agreement": ("agreement", "answer", "score", "rating"),
    "date": ("date", "answered_on", "date_answered"),
    "area": ("area", "local_area"),
    "respondent": ("respondent", "respondent_audience", "audience"),
    "role": ("role", "respondent_role", "job_title"),
    "comment": ("comment", "comments", "why"),
}
REQUIRED = ("outcome", "agreement")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y")


@dataclass
class Row:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    cleaned: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def error_count(self):
        return len(self.problems) + sum(1 for row in self.rows if row.errors)

    @property
    def can_apply(self):
        return self.error_count == 0 and bool(self.rows)


def _key(header):
    return re.sub(r"[\s\-]+", "_", (header or "").strip().lower())


def _norm(text):
    return " ".join((text or "").replace("’", "'").split()).lower().rstrip(".")


class _Lookups:
    """Every outcome, area and scale word read once, so checking rows costs no queries."""

    def __init__(self):
        self.outcomes = {}
        for outcome in Element.objects.outcomes():
            self.outcomes[outcome.code.lower()] = outcome
            self.outcomes[_norm(outcome.text)] = outcome
        self.areas = {_norm(area.name): area for area in LocalArea.objects.all()}
        self.agreement = {str(value): value for value in Agreement.values}
        self.agreement.update({_norm(label): value for value, label in Agreement.choices})
        self.audiences = {_norm(label): value for value, label in Element.Audience.choices}
        self.audiences.update({value: value for value in Element.Audience.values})


def _read_text(upload):
    """The upload as text (UTF-8, or the Windows-1252 older spreadsheets save), or a problem."""
    limit = settings.WAYMARK_MAX_UPLOAD_BYTES
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        return None, f"The file is too large: the limit is {limit // (1024 * 1024)} MB."
    if not data.strip():
        return None, "The file is empty."
    if b"\x00" in data:
        return None, "The file is not a CSV: save it from your spreadsheet as CSV."
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            continue
    return None, "The file is not a CSV: save it from your spreadsheet as CSV."


def _parse_date(text):
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _check_row(row, lookups, delivery):
    v = row.values
    outcome = lookups.outcomes.get(_norm(v.get("outcome")))
    if not v.get("outcome"):
        row.errors.append("No outcome given.")
    elif outcome is None:
        row.errors.append(f"“{v['outcome'][:80]}” is not an outcome code or statement.")
    agreement = lookups.agreement.get(_norm(v.get("agreement")))
    if not v.get("agreement"):
        row.errors.append("No agreement given.")
    elif agreement is None:
        row.errors.append(
            f"“{v['agreement'][:40]}” is not on the scale: use 1 to 5 or Strongly disagree "
            "to Strongly agree."
        )
    date = delivery.date if delivery else None
    if v.get("date"):
        date = _parse_date(v["date"])
        if date is None:
            row.errors.append(f"“{v['date'][:20]}” is not a date (use 2025-03-31 or 31/03/2025).")
    if date is None and not row.errors:
        row.errors.append("No date given, and no delivery chosen to take it from.")
    area = delivery.local_area if delivery else None
    if v.get("area"):
        area = lookups.areas.get(_norm(v["area"]))
        if area is None:
            row.errors.append(f"“{v['area'][:80]}” is not a local area Waymark knows.")
    audience = ""
    if v.get("respondent"):
        audience = lookups.audiences.get(_norm(v["respondent"]))
        if audience is None:
            row.errors.append(
                f"“{v['respondent'][:60]}” is not a respondent group: use "
                + ", ".join(label for _, label in Element.Audience.choices)
                + "."
            )
    for name, value in v.items():
        if len(value) > MAX_CELL:
            row.errors.append(f"The {name} is longer than {MAX_CELL} characters.")
    if not row.errors:
        row.cleaned = {
            "outcome": outcome,
            "agreement": agreement,
            "date": date,
            "local_area": area,
            "respondent_audience": audience,
            "respondent_role": v.get("role", "")[:150],
            "comment": v.get("comment", ""),
            "delivery": delivery,
        }


def parse(upload, *, delivery=None) -> ImportResult:
    """Read and check every row of an uploaded CSV; saves nothing."""
    result = ImportResult()
    text, problem = _read_text(upload)
    if problem:
        result.problems.append(problem)
        return result
    # A line of a million commas would become a million-cell row before any check saw it.
    for number, line in enumerate(io.StringIO(text), start=1):
        if line.count(",") >= MAX_FIELDS:
            result.problems.append(
                f"Line {number:,} has more than {MAX_FIELDS:,} columns; this is not a survey "
                "export Waymark can read."
            )
            return result
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader)
    except (StopIteration, csv.Error):
        result.problems.append("The file has no header row.")
        return result
    positions = {}
    for index, header in enumerate(headers):
        for name, spellings in COLUMNS.items():
            if _key(header) in spellings and name not in positions:
                positions[name] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        result.problems.append("The header row needs columns called " + " and ".join(missing) + ".")
        return result
    lookups = _Lookups()
    found = 0
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            # Rows past the limit are counted, not kept, so the message can say how many.
            found += 1
            if found > MAX_ROWS:
                continue
            values = {
                name: cells[index].strip() if index < len(cells) else ""
                for name, index in positions.items()
            }
            row = Row(line=line, values=values)
            _check_row(row, lookups, delivery)
            result.rows.append(row)
    except csv.Error as error:
        result.problems.append(f"The file could not be read as CSV: {error}.")
    if found > MAX_ROWS:
        result.problems.append(
            f"The file has {found:,} answers; Waymark imports at most {MAX_ROWS:,} at once. "
            "Split it into smaller files."
        )
    if not result.rows and not result.problems:
        result.problems.append("The file has a header row but no answers.")
    return result


def apply(result: ImportResult, *, by=None) -> int:
    """Save every row of a checked import in one transaction; returns how many were saved."""
    if not result.can_apply:
        raise ValueError("Only an import with no problems can be applied.")
    # One save per row, not bulk_create, so each answer gets its audit trail entry.
    with transaction.atomic():
        for row in result.rows:
            OutcomeFeedback.objects.create(recorded_by=by, **row.cleaned)
    return len(result.rows)
