"""Checking uploaded files by what they contain, never by their name or declared type."""

import io
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "csv": "CSV"}

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


def _ooxml_kind(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    for kind, parts in OOXML_PARTS.items():
        if all(part in names for part in parts):
            return kind
    return None


def looks_like_text(data: bytes) -> bool:
    """Plain text in UTF-8 (or Windows-1252, which spreadsheets still save), with no NULs."""
    sample = data[:TEXT_SAMPLE_BYTES]
    if b"\x00" in sample:
        return False
    return decode_text(sample, partial=True) is not None


def decode_text(data: bytes, *, partial=False):
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
    """'pdf', 'docx', 'xlsx', 'csv' or None, judged from the bytes alone."""
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
