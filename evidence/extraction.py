"""Text extraction from uploaded evidence files, so their contents can be searched."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from monitors.parsers.base import ParseError
from monitors.parsers.documents import PDFTooSlow, PDFUnreadable, extract_document_text
from ui.uploads import decode_text

MAX_CHARS = 2_000_000
PDF_TIMEOUT_SECONDS = 20
PDF_MEMORY_BYTES = 768 * 1024 * 1024
MAX_SPREADSHEET_CELLS = 200_000


@dataclass
class Extracted:
    text: str
    note: str = ""


def extract_text(kind: str, data: bytes) -> Extracted:
    """The file's text, capped in size; raises ValidationError if the file is unreadable."""
    extractor = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "csv": _csv}[kind]
    result = extractor(data)
    if len(result.text) > MAX_CHARS:
        result = Extracted(result.text[:MAX_CHARS], "Only the start of the text is searchable.")
    return result


def _pdf(data):
    try:
        pages = extract_document_text(
            data, "application/pdf", timeout=PDF_TIMEOUT_SECONDS, memory_limit=PDF_MEMORY_BYTES
        )
    except PDFTooSlow:
        return Extracted("", "Reading the text took too long, so this file is not searchable.")
    except PDFUnreadable as error:
        raise ValidationError("The file could not be read as a PDF. Is it damaged?") from error
    except ParseError:
        return Extracted("", "The text could not be read, so this file is not searchable.")
    text = "\n".join(text for _, text in pages)
    if not text.strip():
        return Extracted("", "No text found (a scanned PDF?), so this file is not searchable.")
    return Extracted(text)


def _docx(data):
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds
        raise ValidationError("The file could not be read as a Word document.") from error
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return Extracted("\n".join(part for part in parts if part.strip()))


def _xlsx(data):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
        raise ValidationError("The file could not be read as an Excel workbook.") from error
    lines, cells = [], 0
    try:
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                values = [str(value) for value in row if value not in (None, "")]
                cells += len(row)
                if values:
                    lines.append(" | ".join(values))
                if cells > MAX_SPREADSHEET_CELLS:
                    return Extracted("\n".join(lines), "Only the start of the text is searchable.")
    finally:
        workbook.close()
    return Extracted("\n".join(lines))


def _csv(data):
    text = decode_text(data)
    if text is None:
        raise ValidationError("The file could not be read as text.")
    try:
        rows = csv.reader(io.StringIO(text))
        return Extracted("\n".join(" | ".join(cell for cell in row if cell) for row in rows))
    except csv.Error:
        return Extracted(text)
