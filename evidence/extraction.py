"""Text extraction from uploaded evidence files, so their contents can be searched.

The reading itself is harvesting's (`harvesting.documents`), the one home for the text of a
document, whether a scan fetched it or a person uploaded it; this module adds what an upload
needs: the caps, and the sentences an officer sees when a file is refused.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from harvesting.documents import (
    DOCX_TYPE,
    XLSX_TYPE,
    DocumentHasScripts,
    DocumentTooSlow,
    DocumentUnreadable,
    extract_document_text,
)

MAX_CHARS = 2_000_000
# PDF, Word and Excel files are read in a child process with these caps (see harvesting/doctext.py),
# so a hostile upload fails there rather than in the web process serving the upload.
DOCUMENT_TIMEOUT_SECONDS = 20
DOCUMENT_MEMORY_BYTES = 768 * 1024 * 1024
MEDIA_TYPES = {"pdf": "application/pdf", "docx": DOCX_TYPE, "xlsx": XLSX_TYPE, "csv": "text/csv"}
LABELS = {"pdf": "a PDF", "docx": "a Word document", "xlsx": "an Excel workbook"}


@dataclass
class Extracted:
    text: str
    note: str = ""


def extract_text(kind: str, data: bytes) -> Extracted:
    """The file's text, capped in size; raises ValidationError if the file is unreadable."""
    result = _document(kind, data)
    if len(result.text) > MAX_CHARS:
        result = Extracted(result.text[:MAX_CHARS], "Only the start of the text is searchable.")
    return result


def _document(kind, data):
    try:
        pages = extract_document_text(
            data,
            MEDIA_TYPES[kind],
            timeout=DOCUMENT_TIMEOUT_SECONDS,
            memory_limit=DOCUMENT_MEMORY_BYTES,
            refuse_scripts=True,
        )
    except DocumentHasScripts as error:
        # Refused rather than kept: people download evidence and open it in desktop readers,
        # which may run the script (see docs/security.md, "PDFs with JavaScript").
        raise ValidationError(
            "This PDF contains JavaScript (or an action that starts a program), which Waymark "
            "does not accept. Save or print it again as a plain PDF and upload that."
        ) from error
    except DocumentTooSlow:
        # Kept, as before: a long but genuine report is still worth storing, just not searching.
        return Extracted("", "Reading the text took too long, so this file is not searchable.")
    except DocumentUnreadable as error:
        raise ValidationError(
            f"The file could not be read as {LABELS[kind]}. Is it damaged, or far larger "
            "inside than it looks?"
        ) from error
    text = "\n".join(text for _, text in pages)
    if not text.strip():
        note = "No text found (a scanned PDF?)" if kind == "pdf" else "No text found"
        return Extracted("", f"{note}, so this file is not searchable.")
    return Extracted(text)
