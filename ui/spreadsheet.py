"""CSV and JSON downloads, streamed from the database, that are safe to open in a spreadsheet."""

import csv
import json

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

# Rows read from the database at a time: memory stays flat however long the list, and each
# chunk's prefetches are one query per relation (IN lists of this many ids, not of every row).
CHUNK_SIZE = 500

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def streamed(rows):
    """Rows one at a time: a QuerySet is read in chunks, with its prefetches done per chunk."""
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return rows


def csv_response(filename, columns, rows):
    """Stream rows as CSV; `columns` is a list of (header, function of a row)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # byte order mark so Excel reads UTF-8
        yield writer.writerow([header for header, _ in columns])
        for row in streamed(rows):
            yield writer.writerow([safe_cell(get(row)) for _, get in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_pieces(records, *, ensure_ascii=True):
    """`records` (dicts, or a QuerySet of them) as one JSON array, a record at a time.

    Joined, the pieces are what `json.dumps(list(records), indent=2, ensure_ascii=...)` gives
    (JSON escapes every line break inside a string, so indenting at each one is safe).
    """
    separator = "[\n"
    for record in streamed(records):
        text = json.dumps(record, indent=2, ensure_ascii=ensure_ascii)
        yield separator + "  " + text.replace("\n", "\n  ")
        separator = ",\n"
    yield "[]" if separator == "[\n" else "\n]"


def json_response(filename, records):
    """Stream `records` (dicts, or a QuerySet of them) as one JSON array, a record at a time."""
    response = StreamingHttpResponse(json_pieces(records), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
