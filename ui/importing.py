"""One way to import a spreadsheet: one reader, and every row checked by the browser's own form.

`read_table` turns an uploaded CSV or Excel file into a header row and the rows with something in
them, after the upload checks every file gets (`ui.uploads`: size, type judged from the bytes,
decompression bombs) and within the importer's limits on rows, columns and cells, counted as the
file is read so an oversized file is refused before it is held in memory. Excel cells are read as
their saved values, never as formulas.

`RowChecker` turns a row of cells into the data the browser would post (a choice's label or
value, a related record's name) and validates it with the same ModelForm the browser uses, so a
rule added to a form applies to imported rows as well. What cannot be known from one row
(duplicates within the file, references to rows not yet created) stays with each importer.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile

from ui.uploads import check_upload, decode_text

# An unmatched name is passed to a model choice field in this form, which is never a primary
# key, so the form refuses it as an unknown choice even when the cell holds a number.
UNMATCHED = "unmatched:"


@dataclass(frozen=True)
class Limits:
    """How much of a file an importer reads, and how it words a refusal."""

    max_rows: int
    # Formatted with `found` (the count or "more than N") and `limit`.
    too_many_rows: str
    # Ends the sentence about a line with too many columns: "this does not look like ...".
    not_a_table: str
    max_columns: int = 40  # columns read; the rest of a row is ignored
    max_fields: int = 1000  # a CSV line with more is refused before it is parsed

    @property
    def max_sheet_lines(self) -> int:
        """Rows read from a workbook, blank ones included."""
        return 10 * self.max_rows

    def refuse_rows(self, found: str) -> ValidationError:
        return ValidationError(self.too_many_rows.format(found=found, limit=self.max_rows))


@dataclass
class Table:
    """The header row and every row with something in it, each with its line in the file."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_table(upload: UploadedFile, limits: Limits) -> Table:
    """The first sheet of an Excel file or a CSV, or a ValidationError that says what is wrong."""
    file_type, data = check_upload(upload, ("csv", "xlsx"))
    return _read_xlsx(data, limits) if file_type == "xlsx" else _read_csv(data, limits)


def _read_csv(data: bytes, limits: Limits) -> Table:
    text = decode_text(data)
    if text is None:
        raise ValidationError("The file is not readable text (save it as CSV UTF-8).")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    # A line of a million commas would become a million-cell row before any check could see
    # it, so lines are measured first, one at a time.
    for number, text_line in enumerate(io.StringIO(text), start=1):
        if text_line.count(dialect.delimiter) >= limits.max_fields:
            raise ValidationError(
                f"Line {number:,} has more than {limits.max_fields:,} columns; "
                f"this does not look like {limits.not_a_table}."
            )
    headers: list[str] | None = None
    kept: list[tuple[int, list[str]]] = []
    found = 0
    try:
        for line, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if headers is None:
                headers = row[: limits.max_columns]
            elif any(cell.strip() for cell in row):
                # Rows past the limit are counted, not kept, so the message can say how many
                # there are without holding them.
                found += 1
                if found <= limits.max_rows:
                    kept.append((line, row[: limits.max_columns]))
    except csv.Error as error:
        raise ValidationError(f"The CSV file is malformed: {error}.") from error
    if found > limits.max_rows:
        raise limits.refuse_rows(f"{found:,}")
    if headers is None:
        raise ValidationError("The file is empty.")
    return Table(headers, kept)


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        # Excel stores a date as a date-time at midnight; the importers read dates as text.
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, limits: Limits) -> Table:
    try:
        # data_only: a formula cell is read as the value Excel saved, never as the formula.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
        raise ValidationError("The Excel file could not be read. Is it damaged?") from error
    headers: list[str] | None = None
    kept: list[tuple[int, list[str]]] = []
    try:
        sheet = workbook.worksheets[0]
        # read_only streams the sheet row by row, and reading stops at the limits as it goes:
        # max_columns cells of a row, max_rows rows with something in them, max_sheet_lines
        # rows in all (blank ones too). The zip directory check (ui.uploads) has already
        # bounded how large any one row can be.
        rows = sheet.iter_rows(
            values_only=True, max_row=limits.max_sheet_lines, max_col=limits.max_columns
        )
        for line, row in enumerate(rows, start=1):
            cells = [_xlsx_text(value) for value in row]
            # A sheet's rows come padded to its widest row; the empty cells are not data.
            while cells and not cells[-1]:
                cells.pop()
            if headers is None:
                headers = cells
            elif any(cell.strip() for cell in cells):
                if len(kept) == limits.max_rows:
                    raise limits.refuse_rows(f"more than {limits.max_rows:,}")
                kept.append((line, cells))
            if line == limits.max_sheet_lines:
                raise ValidationError(
                    f"The sheet runs to more than {limits.max_sheet_lines:,} rows, blank ones "
                    "included: copy the rows to import into a new workbook."
                )
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
        raise ValidationError("The Excel file could not be read. Is it damaged?") from error
    finally:
        workbook.close()
    if headers is None:
        raise ValidationError("The workbook's first sheet is empty.")
    return Table(headers, kept)


def header_key(header: object) -> str:
    """A column name as looked up: lower case, spaces and hyphens as underscores."""
    return "_".join(str(header or "").strip().lower().replace("-", " ").split())


def map_columns(headers: Iterable[object], columns: Mapping[str, Iterable[str]]) -> dict[int, str]:
    """{column index: name} for the headers recognised; `columns` lists each name's spellings."""
    spellings = {spelling: name for name, names in columns.items() for spelling in names}
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = spellings.get(header_key(header))
        if name and name not in mapping.values():
            mapping[index] = name
    return mapping


def match_key(text: object) -> str:
    """A label or name as matched: case, spacing, curly apostrophes and a full stop ignored."""
    return " ".join(str(text).replace("’", "'").split()).lower().rstrip(".")


Lookup = Mapping[str, Any]  # match_key(name) -> primary key


class RowChecker:
    """Checks rows of cells with a ModelForm, as if each row had been typed into the browser.

    `fields` renames columns to the form's fields where they differ. `lookups` gives, for a
    model choice field, the primary key of each name a cell may hold. `messages` words the
    refusals a spreadsheet user needs in their own terms, keyed by (field, error code), as a
    template of `value` (the cell as uploaded); any other error is the form's own message.
    """

    def __init__(
        self,
        form_class: type[forms.BaseForm],
        *,
        fields: Mapping[str, str] | None = None,
        lookups: Mapping[str, Lookup] | None = None,
        messages: Mapping[tuple[str, str], str] | None = None,
        form_kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        self.form_class = form_class
        self.fields = dict(fields or {})
        self.lookups = dict(lookups or {})
        self.messages = dict(messages or {})
        self.form_kwargs = dict(form_kwargs or {})
        # The choices and labels are read once per file from an unbound form, so checking a
        # row costs only what the form's own validation costs.
        form = form_class(**self.form_kwargs)
        self.labels = {name: str(field.label or name) for name, field in form.fields.items()}
        self.choices: dict[str, dict[str, Any]] = {}
        for name, form_field in form.fields.items():
            if isinstance(form_field, forms.ChoiceField) and not isinstance(
                form_field, forms.ModelChoiceField
            ):
                options: dict[str, Any] = {}
                # django-stubs types the getter as any input `choices=` takes; Django returns
                # them normalised, as (value, label) pairs.
                for value, label in form_field.choices:  # type: ignore[misc,union-attr]
                    if value not in ("", None):
                        options.setdefault(match_key(value), value)
                        options.setdefault(match_key(label), value)
                self.choices[name] = options

    def data(self, values: Mapping[str, str], defaults: Mapping[str, Any] | None = None) -> dict:
        """What the browser would post for this row: `defaults` overlaid with its filled cells."""
        data = dict(defaults or {})
        for column, text in values.items():
            name = self.fields.get(column, column)
            if not text or name not in self.labels:
                continue
            data[name] = self._value(name, text)
        return data

    def _value(self, name: str, text: str) -> Any:
        if name in self.lookups:
            found = self.lookups[name].get(match_key(text))
            return UNMATCHED + text if found is None else found
        if name in self.choices:
            options = self.choices[name]
            key = match_key(text)
            if key not in options:
                # A whole number saved by a spreadsheet as 4.0 is the choice 4.
                try:
                    number = float(key)
                except ValueError:
                    return text
                if number.is_integer():
                    key = str(int(number))
            return options.get(key, text)
        return text

    def validate(
        self, data: Mapping[str, Any], values: Mapping[str, str]
    ) -> tuple[forms.BaseForm, list[str]]:
        """The form bound to `data` (from `self.data`) and its problems, worded for `values`."""
        form = self.form_class(data=data, **self.form_kwargs)
        return form, ([] if form.is_valid() else self.problems(form, values))

    def problems(self, form: forms.BaseForm, values: Mapping[str, str]) -> list[str]:
        cells = {self.fields.get(column, column): text for column, text in values.items()}
        problems = []
        for name, errors in form.errors.as_data().items():
            for error in errors:
                problems.extend(self._words(name, error, cells.get(name, "")))
        return problems

    def _words(self, name: str, error: ValidationError, cell: str) -> list[str]:
        template = self.messages.get((name, str(error.code)))
        if template is not None:
            return [template.format(value=cell)]
        texts = error.messages
        # Messages a form's author wrote (no code) and GOV.UK's "Enter a name" read alone;
        # Django's general ones ("Enter a valid email address.") need to say which column.
        if name == NON_FIELD_ERRORS or error.code in (None, "required"):
            return texts
        return [f"{self.labels.get(name, name)}: {text}" for text in texts]
