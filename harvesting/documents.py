"""Text of a linked document (an inspection report PDF, a web page) and the passages in it
that mention missing people, so a reader sees the quote and its page without opening the file.

PDFs, Word and Excel files are read in a separate process (`harvesting/doctext.py`) with a memory
cap, a CPU cap and a timeout: report PDFs come from third parties, evidence files from uploads,
and a decompression bomb or a pathological file must fail cleanly without taking the web or
worker process with it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .parsers.base import ParseError
from .parsers.page import extract_text
from .text import decode_text, tidy_text

DOCUMENT_TIMEOUT = 30.0
DOCUMENT_MEMORY_LIMIT = 512 * 1024 * 1024
MAX_DOCUMENT_CHARS = 2_000_000
_DOCUMENT_TEXT_SCRIPT = Path(__file__).resolve().parent / "doctext.py"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CHILD_KINDS = {"application/pdf": "pdf", DOCX_TYPE: "docx", XLSX_TYPE: "xlsx"}
_LABELS = {"pdf": "PDF", "docx": "Word document", "xlsx": "Excel workbook"}

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_MAX_PASSAGE_CHARS = 1200


class DocumentTooSlow(ParseError):
    """Reading the document took longer than allowed."""


class DocumentUnreadable(ParseError):
    """The file is damaged, not what it claims, or would take more memory or data than allowed."""


class DocumentHasScripts(ParseError):
    """The PDF would run JavaScript or launch a program in a reader that allows it."""


@dataclass(frozen=True)
class Passage:
    page: int
    text: str


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _child_pages(
    kind: str, body: bytes, *, timeout: float, memory_limit: int, refuse_scripts: bool
) -> list[tuple[int, str]]:
    label = _LABELS[kind]
    limits = [str(memory_limit), str(MAX_DOCUMENT_CHARS), str(int(timeout) + 1)]
    command = [sys.executable, "-I", str(_DOCUMENT_TEXT_SCRIPT), kind, *limits]
    try:
        finished = subprocess.run(  # noqa: S603  (fixed interpreter and script, no shell)
            command, input=body, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise DocumentTooSlow(
            f"Reading the {label} took longer than {timeout:g} seconds, so Waymark gave up on it."
        ) from error
    try:
        outcome = json.loads(finished.stdout or b"{}")
    except ValueError:
        outcome = {}
    if "pages" in outcome and finished.returncode == 0:
        if refuse_scripts and outcome.get("scripts"):
            raise DocumentHasScripts(
                f"This {label} contains JavaScript or an action that launches a program."
            )
        return [(int(number), tidy_text(text)) for number, text in outcome["pages"]]
    if "error" in outcome:
        raise DocumentUnreadable(f"Waymark could not read this {label}: {outcome['error']}.")
    raise DocumentUnreadable(
        f"Waymark could not read this {label}: the reader stopped (exit status "
        f"{finished.returncode}), which usually means it needed more memory or time than "
        "allowed."
    )


def extract_document_text(
    body: bytes,
    content_type: str | None,
    *,
    timeout: float = DOCUMENT_TIMEOUT,
    memory_limit: int = DOCUMENT_MEMORY_LIMIT,
    refuse_scripts: bool = False,
) -> list[tuple[int, str]]:
    """`(page_number, text)` pairs: one per PDF page, or a single page for other documents.

    With `refuse_scripts`, a PDF that would run JavaScript or launch a program raises
    DocumentHasScripts instead (uploads people will download and open; a scanned third-party
    report only has its text read, so the scan keeps it)."""
    media_type = _media_type(content_type)
    if body.startswith(b"%PDF-"):
        media_type = "application/pdf"
    if media_type in _CHILD_KINDS:
        return _child_pages(
            _CHILD_KINDS[media_type],
            body,
            timeout=timeout,
            memory_limit=memory_limit,
            refuse_scripts=refuse_scripts,
        )
    if media_type in _HTML_TYPES:
        return [(1, extract_text(body, {"content_type": content_type})[1])]
    if media_type == "text/plain":
        return [(1, tidy_text(decode_text(body, content_type)))]
    if media_type == "text/csv":
        return [(1, _csv_text(decode_text(body, content_type)))]
    raise ParseError(f"Waymark cannot read text from {media_type or 'unlabelled'} documents.")


def _csv_text(text: str) -> str:
    """A spreadsheet's words, one row a line with its filled cells joined by " | "."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return text  # not quite CSV (a stray quote): its text is still worth searching
    return "\n".join(" | ".join(cell for cell in row if cell) for row in rows)


# Where a piece of text mentions what is looked for: (start, end) spans, empty when nothing.
Finder = Callable[[str], list[tuple[int, int]]]


def _clip(text: str, finds: Finder) -> str:
    if len(text) <= _MAX_PASSAGE_CHARS:
        return text
    spans = finds(text)
    start = max(0, (spans[0][0] if spans else 0) - _MAX_PASSAGE_CHARS // 2)
    return "…" + text[start : start + _MAX_PASSAGE_CHARS].strip() + "…"


def missing_passages(
    pages: list[tuple[int, str]], *, finds: Finder, window: int = 1
) -> list[Passage]:
    """Sentences mentioning missing people, with `window` sentences either side, per page.

    A sentence counts when `finds` finds something in it. Waymark passes
    `relevance.missing_phrases`, the same rules that decide which items are relevant; the rules
    are the caller's, so harvesting depends on no other part of Waymark."""
    passages = []
    for number, text in pages:
        sentences = _SENTENCE_BREAK.split(re.sub(r"\s+", " ", text).strip())
        hits = [index for index, sentence in enumerate(sentences) if finds(sentence)]
        ranges: list[list[int]] = []
        for index in hits:
            start, end = max(0, index - window), min(len(sentences), index + window + 1)
            if ranges and start <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], end)
            else:
                ranges.append([start, end])
        passages += [
            Passage(number, _clip(" ".join(sentences[start:end]), finds)) for start, end in ranges
        ]
    return passages
