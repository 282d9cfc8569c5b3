"""Importing survey answers as outcome feedback: the whole file is applied or none of it.

Each row is one answer: an outcome (its code, e.g. OP3, or its full statement) and an agreement
(1 to 5, or the words of the scale). The file is read as every spreadsheet is (`ui.importing`:
CSV or Excel) and each row is checked by the form that records one answer in the browser, so a
rule on that form holds for imported answers too. Every row is checked before anything is saved,
so a file with one bad row changes nothing and the person importing sees every problem at once.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from stakeholders.models import LocalArea
from strategy.forms import OutcomeFeedbackForm
from strategy.models import Element
from ui.importing import Limits, RowChecker, map_columns, match_key, read_table

MAX_ROWS = 5000
MAX_CELL = 2000
LIMITS = Limits(
    max_rows=MAX_ROWS,
    too_many_rows="The file has {found} answers; Waymark imports at most {limit:,} at once. "
    "Split it into smaller files.",
    not_a_table="a survey export Waymark can read",
)

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
# Columns named for the survey export that the feedback form calls something else.
FIELDS = {"area": "local_area", "respondent": "respondent_audience", "role": "respondent_role"}
# The words a survey importer needs when the form refuses a cell, by (field, error code).
MESSAGES = {
    ("outcome", "required"): "No outcome given.",
    ("outcome", "invalid_choice"): "“{value:.80}” is not an outcome code or statement.",
    ("agreement", "required"): "No agreement given.",
    ("agreement", "invalid_choice"): "“{value:.40}” is not on the scale: use 1 to 5 or "
    "Strongly disagree to Strongly agree.",
    ("date", "required"): "No date given, and no delivery chosen to take it from.",
    ("date", "invalid"): "“{value:.20}” is not a date (use 2025-03-31 or 31/03/2025).",
    ("local_area", "invalid_choice"): "“{value:.80}” is not a local area Waymark knows.",
    ("respondent_audience", "invalid_choice"): "“{value:.60}” is not a respondent group: use "
    + ", ".join(str(label) for _, label in Element.Audience.choices)
    + ".",
}


@dataclass
class Row:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    form: OutcomeFeedbackForm | None = None


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


def _checker(by):
    outcomes = {}
    for outcome in Element.objects.outcomes():
        outcomes[match_key(outcome.code)] = outcome.pk
        outcomes[match_key(outcome.text)] = outcome.pk
    areas = {match_key(name): pk for pk, name in LocalArea.objects.values_list("pk", "name")}
    return RowChecker(
        OutcomeFeedbackForm,
        fields=FIELDS,
        lookups={"outcome": outcomes, "local_area": areas},
        messages=MESSAGES,
        form_kwargs={"recorded_by": by},
    )


def _iso_date(text):
    """A date in one of the survey exports' formats as the form reads it; else as written."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return text


def _check_row(row, checker, defaults):
    values = dict(row.values)
    if values.get("date"):
        values["date"] = _iso_date(values["date"])
    # The messages quote the cells as uploaded, not as converted.
    form, row.errors = checker.validate(checker.data(values, defaults), row.values)
    for name, value in row.values.items():
        if len(value) > MAX_CELL:
            row.errors.append(f"The {name} is longer than {MAX_CELL} characters.")
    row.form = form


def parse(upload, *, delivery=None, by=None) -> ImportResult:
    """Read and check every row of an uploaded CSV or Excel file; saves nothing."""
    result = ImportResult()
    try:
        table = read_table(upload, LIMITS)
    except ValidationError as error:
        result.problems.extend(error.messages)
        return result
    positions = map_columns(table.headers, COLUMNS)
    missing = [name for name in REQUIRED if name not in positions.values()]
    if missing:
        result.problems.append("The header row needs columns called " + " and ".join(missing) + ".")
        return result
    checker = _checker(by)
    # Rows without a date or area take the delivery's, as the form's own help text says.
    defaults = {}
    if delivery is not None:
        defaults = {"delivery": delivery.pk, "date": delivery.date.isoformat()}
        if delivery.local_area_id:
            defaults["local_area"] = delivery.local_area_id
    for line, cells in table.rows:
        values = {
            name: cells[index].strip() if index < len(cells) else ""
            for index, name in positions.items()
        }
        row = Row(line=line, values=values)
        _check_row(row, checker, defaults)
        result.rows.append(row)
    if not result.rows:
        result.problems.append("The file has a header row but no answers.")
    return result


def apply(result: ImportResult) -> int:
    """Save every row of a checked import in one transaction; returns how many were saved."""
    if not result.can_apply:
        raise ValueError("Only an import with no problems can be applied.")
    # One save per row, not bulk_create, so each answer gets its audit trail entry.
    with transaction.atomic():
        for row in result.rows:
            row.form.save()
    return len(result.rows)
