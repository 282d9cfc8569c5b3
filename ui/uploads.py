"""Checking uploaded files by what they contain, never by their name or declared type.

Word and Excel files are zip archives whose parts can expand a thousandfold (a 223 KB workbook
holding 2,000,000 cells in one row expands to about 90 MB of XML). Every part's declared sizes are
checked from the zip directory before any parser opens it; zipfile itself stops reading a part at
its declared size, so a part cannot expand beyond what was checked.
"""

import io
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "csv": "CSV"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    # Served as plain text so no browser ever interprets it, and always as an attachment.
    "csv": "text/csv; charset=utf-8",
}
# An uploaded file is never a page: no script, no plugin, no same-origin access even if a
# browser were talked into rendering it.
DOWNLOAD_CSP = "default-src 'none'; sandbox"

# The parts a real Word or Excel file must contain; any other zip is refused.
OOXML_PARTS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
}
TEXT_SAMPLE_BYTES = 64 * 1024


def read_upload(upload) -> bytes:
    """The whole upload as bytes, refusing it first if it is over the size limit."""
    limit = settings.WAYMARK_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"The file is too large ({upload.size / 1024 / 1024:.1f} MB): "
            f"the limit is {limit // (1024 * 1024)} MB."
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"The file is too large: the limit is {limit // (1024 * 1024)} MB.")
    if not data:
        raise ValidationError("The file is empty.")
    return data


def check_zip_members(infos) -> None:
    """Refuse an archive whose parts would expand too far, judged from its directory alone."""
    if len(infos) > settings.WAYMARK_ZIP_MAX_MEMBERS:
        raise ValidationError(
            f"The file holds {len(infos):,} parts; Waymark reads files of at most "
            f"{settings.WAYMARK_ZIP_MAX_MEMBERS:,}."
        )
    total = sum(info.file_size for info in infos)
    limit = settings.WAYMARK_ZIP_MAX_UNCOMPRESSED_BYTES
    if total > limit:
        raise ValidationError(
            f"The file expands to {total / 1024 / 1024:,.0f} MB when opened; Waymark reads "
            f"files that expand to at most {limit // (1024 * 1024)} MB."
        )
    ratio = settings.WAYMARK_ZIP_MAX_RATIO
    for info in infos:
        # Small parts compress well without being hostile; only large ones are judged.
        if info.file_size > 1024 * 1024 and info.file_size > ratio * max(info.compress_size, 1):
            raise ValidationError(
                f"The file looks like a decompression bomb: a part of it expands "
                f"{info.file_size // max(info.compress_size, 1):,} times (at most {ratio} "
                "is accepted)."
            )


def _ooxml_kind(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return None
    names = {info.filename for info in infos}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        # A macro-enabled file (.docm, .xlsm) renamed: its macros would run in Office.
        return None
    for kind, parts in OOXML_PARTS.items():
        if all(part in names for part in parts):
            check_zip_members(infos)
            return kind
    return None


def looks_like_text(data: bytes) -> bool:
    """Plain text in UTF-8 (or Windows-1252, which spreadsheets still save), with no NULs."""
    sample = data[:TEXT_SAMPLE_BYTES]
    if b"\x00" in sample:
        return False
    return decode_text(sample, partial=True) is not None


def decode_text(data: bytes, *, partial=False):
    """`data` as UTF-8 (with or without a byte-order mark) or Windows-1252, or None.

    A deliberately strict contract, apart from harvesting.text.decode_text (which reads anything,
    replacing what it cannot decode): here it decides whether an upload is text at all, and
    reads spreadsheet rows to import, where a name read with replacement characters would be
    stored wrong rather than refused. The words of an uploaded document, for search, are read
    by harvesting.documents like any fetched document."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            # A sample may end part-way through a multi-byte character.
            if partial and encoding == "utf-8-sig" and error.start >= len(data) - 3:
                return data[: error.start].decode(encoding)
            continue
    return None


def looks_like_markup(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype", "<html", "<?xml", "<svg", "<script", "<head", "<body"))


def detect_type(data: bytes):
    """'pdf', 'docx', 'xlsx', 'csv' or None, judged from the bytes alone; a Word or Excel file
    that would expand too far raises ValidationError."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    guess = filetype.guess(data)
    if guess is not None:
        if guess.extension in ("zip", "docx", "xlsx"):
            return _ooxml_kind(data)
        return None
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data)
    if looks_like_text(data):
        text = decode_text(data[:TEXT_SAMPLE_BYTES], partial=True) or ""
        if looks_like_markup(text):
            return None
        return "csv"
    return None


def check_upload(upload, allowed):
    """Return (kind, bytes) for an allowed file, or raise a ValidationError that says why not."""
    data = read_upload(upload)
    kind = detect_type(data)
    if kind not in allowed:
        accepted = ", ".join(LABELS[k] for k in allowed)
        name = getattr(upload, "name", "The file")
        if kind is None:
            raise ValidationError(
                f"{name} is not a file type Waymark accepts: its contents are not a "
                f"{accepted} file, whatever its name says. Accepted: {accepted}."
            )
        raise ValidationError(f"{name} is a {LABELS[kind]} file; accepted here: {accepted}.")
    return kind, data


def kind_of_stored_name(name: str):
    """The detected kind a file was stored under (its neutral name's extension), or None."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return extension if extension in CONTENT_TYPES else None


def download_response(handle, *, filename: str, kind) -> FileResponse:
    """An uploaded file as a sandboxed attachment, typed by the kind detected from its content
    when it was uploaded (opaque bytes if unknown), never by the name it arrived with."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response
