"""CSV downloads that are safe to open in a spreadsheet."""

import csv

from django.http import StreamingHttpResponse

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


def csv_response(filename, columns, rows):
    """Stream rows as CSV; `columns` is a list of (header, function of a row)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # byte order mark so Excel reads UTF-8
        yield writer.writerow([header for header, _ in columns])
        for row in rows:
            yield writer.writerow([safe_cell(get(row)) for _, get in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
