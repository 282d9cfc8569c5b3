"""Print the text of a PDF read from stdin, in a child process with memory and CPU caps.

Run as `python evidence/pdftext.py <memory-bytes> <cpu-seconds> <max-chars>`. Prints the text as
UTF-8, or exits with status 2 and a message on stderr when the file is not a readable PDF. A
hostile PDF (a decompression bomb, deep nesting) fails here, not in the web process.
"""

import io
import resource
import sys

# Imported before the caps are set, so they bound the work on the file, not the imports.
from pypdf import PdfReader


def main() -> int:
    memory, cpu_seconds, max_chars = (int(argument) for argument in sys.argv[1:4])
    data = sys.stdin.buffer.read()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        parts, remaining = [], max_chars
        for page in reader.pages:
            text = (page.extract_text() or "")[:remaining]
            parts.append(text)
            remaining -= len(text)
            if remaining <= 0:
                break
    except Exception as error:  # noqa: BLE001 - any failure means "not a readable PDF"
        sys.stderr.write(f"{type(error).__name__}: {error}"[:300])
        return 2
    sys.stdout.buffer.write("\n".join(parts).encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
