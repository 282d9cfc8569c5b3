"""Real documents made on the fly, so upload tests read genuine PDF, Word and Excel files."""

import io

from evidence.sample_documents import docx_with_text, pdf_with_text

__all__ = ["docx_with_text", "pdf_with_text", "xlsx_with_rows"]


def xlsx_with_rows(*rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
