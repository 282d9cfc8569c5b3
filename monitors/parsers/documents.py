"""Text of a linked document (an inspection report PDF, a web page) and the passages in it
that mention missing people, so a reader sees the quote and its page without opening the file.

PDFs are read in a separate process with a memory cap and a timeout: report PDFs come from
third parties, and a decompression bomb or a pathological file must fail cleanly.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from relevance import missing_phrases

from .base import ParseError
from .page import extract_text
from .text import decode_text, tidy_text

PDF_TIMEOUT = 30.0
PDF_MEMORY_LIMIT = 512 * 1024 * 1024
MAX_DOCUMENT_CHARS = 2_000_000
_PDF_TEXT_SCRIPT = Path(__file__).resolve().parent.parent / "pdftext.py"
_HTML_TYPES = ("text/html", "application/xhtml+xml")

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_MAX_PASSAGE_CHARS = 1200


class PDFTooSlow(ParseError):
    """Reading the PDF took longer than allowed."""


class PDFUnreadable(ParseError):
    """The file is damaged, not a PDF, or would take more memory or data than allowed."""


@dataclass(frozen=True)
class Passage:
    page: int
    text: str


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _pdf_pages(body: bytes, *, timeout: float, memory_limit: int) -> list[tuple[int, str]]:
    limits = [str(memory_limit), str(MAX_DOCUMENT_CHARS), str(int(timeout) + 1)]
    command = [sys.executable, "-I", str(_PDF_TEXT_SCRIPT), *limits]
    try:
        finished = subprocess.run(  # noqa: S603  (fixed interpreter and script, no shell)
            command, input=body, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise PDFTooSlow(
            f"Reading the PDF took longer than {timeout:g} seconds, so Waymark gave up on it."
        ) from error
    try:
        outcome = json.loads(finished.stdout or b"{}")
    except ValueError:
        outcome = {}
    if "pages" in outcome and finished.returncode == 0:
        return [(int(number), tidy_text(text)) for number, text in outcome["pages"]]
    if "error" in outcome:
        raise PDFUnreadable(f"Waymark could not read this PDF: {outcome['error']}.")
    raise ParseError(
        f"Waymark could not read this PDF: the PDF reader stopped (exit status "
        f"{finished.returncode})."
    )


def extract_document_text(
    body: bytes,
    content_type: str | None,
    *,
    timeout: float = PDF_TIMEOUT,
    memory_limit: int = PDF_MEMORY_LIMIT,
) -> list[tuple[int, str]]:
    """`(page_number, text)` pairs: one per PDF page, or a single page for HTML and text."""
    media_type = _media_type(content_type)
    if media_type == "application/pdf" or body.startswith(b"%PDF-"):
        return _pdf_pages(body, timeout=timeout, memory_limit=memory_limit)
    if media_type in _HTML_TYPES:
        return [(1, extract_text(body, {"content_type": content_type})[1])]
    if media_type == "text/plain":
        return [(1, tidy_text(decode_text(body, content_type)))]
    raise ParseError(f"Waymark cannot read text from {media_type or 'unlabelled'} documents.")


def _clip(text: str) -> str:
    if len(text) <= _MAX_PASSAGE_CHARS:
        return text
    spans = missing_phrases(text)
    start = max(0, (spans[0][0] if spans else 0) - _MAX_PASSAGE_CHARS // 2)
    return "…" + text[start : start + _MAX_PASSAGE_CHARS].strip() + "…"


def missing_passages(pages: list[tuple[int, str]], *, window: int = 1) -> list[Passage]:
    """Sentences mentioning missing people, with `window` sentences either side, per page.

    A sentence counts when the relevance rules find people going missing in it
    (`relevance.missing_phrases`), the same rules that decide which items are relevant."""
    passages = []
    for number, text in pages:
        sentences = _SENTENCE_BREAK.split(re.sub(r"\s+", " ", text).strip())
        hits = [index for index, sentence in enumerate(sentences) if missing_phrases(sentence)]
        ranges: list[list[int]] = []
        for index in hits:
            start, end = max(0, index - window), min(len(sentences), index + window + 1)
            if ranges and start <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], end)
            else:
                ranges.append([start, end])
        passages += [
            Passage(number, _clip(" ".join(sentences[start:end]))) for start, end in ranges
        ]
    return passages
