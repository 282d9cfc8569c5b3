"""Extract a document's text page by page, in a child process with memory and CPU caps.

Run as `python harvesting/doctext.py <kind> <memory-bytes> <max-chars> <cpu-seconds>` with the
document on stdin, where kind is `pdf`, `docx` or `xlsx`; prints `{"pages": [[n, text], ...],
"truncated": bool, "scripts": bool}` or `{"error": "..."}` as JSON; `scripts` says whether a PDF
would run JavaScript (or launch a program) in a reader that allows it. A hostile file (a
decompression bomb, deep nesting, a sheet of millions of cells) then fails inside this process,
not the web or worker process that asked for its text. Word and Excel files are also read part
by part and stop at `max-chars`, so even within the caps the work is bounded by the text wanted,
not the file.
"""

from __future__ import annotations

import importlib
import io
import json
import resource
import sys

from pypdf.errors import LimitReachedError

# A sheet's cells are read row by row and reading stops here, whatever the sheet claims.
MAX_SHEET_CELLS = 200_000


def _limit_resources(memory: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


class _Text:
    """Collects lines until `max_chars`, then says it is full."""

    def __init__(self, max_chars: int):
        self.lines: list[str] = []
        self.remaining = max_chars
        self.truncated = False

    def add(self, line: str) -> bool:
        if not line.strip():
            return True
        line = line[: self.remaining]
        self.lines.append(line)
        self.remaining -= len(line) + 1
        if self.remaining <= 0:
            self.truncated = True
        return not self.truncated


SCRIPT_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/Rendition"}


def _resolve(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _runs_script(action, depth=0) -> bool:
    """Whether an action (or the chain of actions after it) runs a script or a program."""
    action = _resolve(action)
    if depth > 20:
        return True  # a chain this long is itself suspicious
    if isinstance(action, list):
        return any(_runs_script(item, depth + 1) for item in action)
    if not isinstance(action, dict):
        return False
    if action.get("/S") in SCRIPT_ACTIONS or "/JS" in action:
        return True
    return "/Next" in action and _runs_script(action["/Next"], depth + 1)


def _has_script_triggers(holder, depth=0) -> bool:
    holder = _resolve(holder)
    if not isinstance(holder, dict) or depth > 20:
        return False
    if "/A" in holder and _runs_script(holder["/A"]):
        return True
    triggers = _resolve(holder.get("/AA"))
    if isinstance(triggers, dict) and any(_runs_script(a) for a in triggers.values()):
        return True
    kids = _resolve(holder.get("/Kids"))
    return isinstance(kids, list) and any(_has_script_triggers(k, depth + 1) for k in kids)


def pdf_scripts(reader) -> bool:
    """Whether opening or using the PDF in a reader that runs scripts would run one: document
    scripts, an opening action, document, page, form-field or annotation triggers."""
    root = _resolve(reader.root_object)
    names = _resolve(root.get("/Names"))
    if isinstance(names, dict) and "/JavaScript" in names:
        return True
    if "/OpenAction" in root and _runs_script(root["/OpenAction"]):
        return True
    if _has_script_triggers(root):
        return True
    form = _resolve(root.get("/AcroForm"))
    if isinstance(form, dict) and any(
        _has_script_triggers(field) for field in _resolve(form.get("/Fields")) or []
    ):
        return True
    for page in reader.pages:
        if _has_script_triggers(page):
            return True
        if any(
            _has_script_triggers(annotation) for annotation in _resolve(page.get("/Annots")) or []
        ):
            return True
    return False


def pdf_pages(data: bytes, max_chars: int) -> tuple[list[tuple[int, str]], bool, bool]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    try:
        scripts = pdf_scripts(reader)
    except Exception:  # noqa: BLE001  (actions that cannot be read are treated as scripts)
        scripts = True
    pages = []
    remaining = max_chars
    for number, page in enumerate(reader.pages, start=1):
        text = (page.extract_text() or "")[:remaining]
        pages.append((number, text))
        remaining -= len(text)
        if remaining <= 0:
            return pages, True, scripts
    return pages, False, scripts


def docx_pages(data: bytes, max_chars: int) -> tuple[list[tuple[int, str]], bool, bool]:
    import docx

    document = docx.Document(io.BytesIO(data))
    text = _Text(max_chars)
    for paragraph in document.paragraphs:
        if not text.add(paragraph.text):
            break
    else:
        for table in document.tables:
            if not all(text.add(" | ".join(c.text for c in row.cells)) for row in table.rows):
                break
    return [(1, "\n".join(text.lines))], text.truncated, False


def xlsx_pages(data: bytes, max_chars: int) -> tuple[list[tuple[int, str]], bool, bool]:
    import openpyxl

    # read_only streams each sheet's XML row by row instead of building the whole workbook.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    text, cells = _Text(max_chars), 0
    try:
        for sheet in workbook.worksheets:
            text.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                values = [str(value) for value in row if value not in (None, "")]
                if not text.add(" | ".join(values)) or cells > MAX_SHEET_CELLS:
                    text.truncated = True
                    return [(1, "\n".join(text.lines))], True, False
    finally:
        workbook.close()
    return [(1, "\n".join(text.lines))], False, False


READERS = {"pdf": pdf_pages, "docx": docx_pages, "xlsx": xlsx_pages}
LIBRARIES = {"pdf": "pypdf", "docx": "docx", "xlsx": "openpyxl"}
LABELS = {"pdf": "a PDF", "docx": "a Word document", "xlsx": "an Excel workbook"}


def main() -> int:
    kind = sys.argv[1]
    memory, max_chars, cpu_seconds = (int(argument) for argument in sys.argv[2:5])
    data = sys.stdin.buffer.read()
    # Imported before the cap is set, so the cap bounds the work on the file, not the imports.
    importlib.import_module(LIBRARIES[kind])
    _limit_resources(memory, cpu_seconds)
    try:
        pages, truncated, scripts = READERS[kind](data, max_chars)
    except LimitReachedError:
        print(json.dumps({"error": "it expands to more data than Waymark allows"}))
        return 2
    except MemoryError:
        print(json.dumps({"error": "it needed more memory than Waymark allows"}))
        return 2
    except RecursionError:
        print(json.dumps({"error": "it is nested too deeply"}))
        return 2
    except Exception as error:  # noqa: BLE001  (any failure of a hostile file is reported, not raised)
        problem = f"it is damaged or not {LABELS[kind]} ({type(error).__name__})"
        print(json.dumps({"error": problem}))
        return 2
    sys.stdout.write(json.dumps({"pages": pages, "truncated": truncated, "scripts": scripts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
