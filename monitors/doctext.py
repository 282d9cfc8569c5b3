"""Extract a PDF's text page by page, in a child process with a memory cap.

Run as `python monitors/doctext.py <memory-bytes> <max-chars> <cpu-seconds>`, PDF on stdin;
prints `{"pages": [[n, text], ...]}` or `{"error": "..."}` as JSON. A hostile PDF (a
decompression bomb, deep nesting) then fails inside this process, not the worker that ran it.
"""

from __future__ import annotations

import io
import json
import resource
import sys

# Imported before the cap is set, so the cap bounds the work on the file, not the imports.
from pypdf import PdfReader
from pypdf.errors import LimitReachedError


def _limit_resources(memory: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def extract(data: bytes, max_chars: int) -> list[tuple[int, str]]:
    reader = PdfReader(io.BytesIO(data))
    pages = []
    remaining = max_chars
    for number, page in enumerate(reader.pages, start=1):
        text = (page.extract_text() or "")[:remaining]
        pages.append((number, text))
        remaining -= len(text)
        if remaining <= 0:
            break
    return pages


def main() -> int:
    memory, max_chars, cpu_seconds = (int(argument) for argument in sys.argv[1:4])
    data = sys.stdin.buffer.read()
    _limit_resources(memory, cpu_seconds)
    try:
        pages = extract(data, max_chars)
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
        print(json.dumps({"error": f"it is damaged or not a PDF ({type(error).__name__})"}))
        return 2
    sys.stdout.write(json.dumps({"pages": pages}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
