"""Real documents made on the fly, so upload tests read genuine PDF, Word and Excel files."""

import io
import zipfile

from evidence.sample_documents import docx_with_text, pdf_with_text

__all__ = ["docx_bomb", "docx_with_text", "pdf_with_text", "xlsx_bomb", "xlsx_with_rows"]


def xlsx_with_rows(*rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _replace_part(document: bytes, part: str, content: bytes) -> bytes:
    """The same zip with one part's content swapped, compressed as Office compresses."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(document)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = content if info.filename == part else source.read(info.filename)
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsx_bomb(cells: int) -> bytes:
    """A genuine workbook whose sheet is one header row of `cells` inline-string cells: a few
    tens of KB that expand to about 40 bytes of XML a cell."""
    cell = b'<c t="inlineStr"><is><t>name</t></is></c>'
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1">' + cell * cells + b"</row></sheetData></worksheet>"
    )
    return _replace_part(xlsx_with_rows(["name"], ["x"]), "xl/worksheets/sheet1.xml", sheet)


def docx_bomb(paragraphs: int) -> bytes:
    """A genuine Word file whose body is `paragraphs` identical paragraphs."""
    namespace = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph = b"<w:p><w:r><w:t>Missing from home.</w:t></w:r></w:p>"
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="'
        + namespace
        + b'"><w:body>'
        + paragraph * paragraphs
        + b"</w:body></w:document>"
    )
    return _replace_part(docx_with_text("x"), "word/document.xml", document)
