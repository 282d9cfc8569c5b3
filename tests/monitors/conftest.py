"""A real HTTP server on 127.0.0.1 serving the captured samples and misbehaving on purpose,
plus builders for small PDFs. Tests only ever talk to loopback addresses."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from evidence.sample_documents import pdf_pages

SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LAST_MODIFIED = "Fri, 12 Jul 2024 09:09:28 GMT"
_CONTENT_TYPES = {
    ".json": "application/json; charset=utf-8",
    ".xml": "application/rss+xml; charset=UTF-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
_GZIP_BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class _Handler(BaseHTTPRequestHandler):
    # Payloads a test puts up for one path: path -> list of (status, body, headers), served in
    # turn and the last one repeated, so a test can make a source change between scans.
    staged: dict[str, list[tuple[int, bytes, dict]]] = {}
    served: dict[str, int] = {}

    def log_message(self, format, *args):  # noqa: A002  (signature fixed by the base class)
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802  (name fixed by the base class)
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        route = parts.path.strip("/").split("/", 1)
        handler = getattr(self, f"route_{route[0].replace('-', '_')}", None)
        if handler is None:
            self._send(404, b"not found")
        else:
            handler(route[1] if len(route) > 1 else "", query)

    def route_samples(self, rest: str, query: dict) -> None:
        path = (SAMPLES / rest).resolve()
        if SAMPLES.resolve() not in path.parents or not path.is_file():
            self._send(404, b"no such sample")
            return
        content_type = _CONTENT_TYPES.get(path.suffix, "application/octet-stream")
        self._send(200, path.read_bytes(), {"Content-Type": content_type})

    def route_fixtures(self, rest: str, query: dict) -> None:
        path = (FIXTURES / rest).resolve()
        if FIXTURES.resolve() not in path.parents or not path.is_file():
            self._send(404, b"no such fixture")
            return
        content_type = _CONTENT_TYPES.get(path.suffix, "application/octet-stream")
        self._send(200, path.read_bytes(), {"Content-Type": content_type})

    def route_staged(self, rest: str, query: dict) -> None:
        responses = self.staged.get(rest)
        if not responses:
            self._send(404, b"nothing staged")
            return
        count = self.served.get(rest, 0)
        self.served[rest] = count + 1
        status, body, headers = responses[min(count, len(responses) - 1)]
        if headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
            self._send(304, headers={"ETag": headers["ETag"]})
            return
        self._send(status, body, headers)

    def route_redirect(self, rest: str, query: dict) -> None:
        self._send(int(query.get("status", 302)), headers={"Location": query["to"]})

    def route_chain(self, rest: str, query: dict) -> None:
        remaining = int(rest or 0)
        if remaining:
            self._send(302, headers={"Location": f"/chain/{remaining - 1}"})
        else:
            self._send(200, b"arrived")

    def route_status(self, rest: str, query: dict) -> None:
        headers = {"Retry-After": query["retry_after"]} if "retry_after" in query else {}
        self._send(int(rest), b"error page", headers)

    def route_slow(self, rest: str, query: dict) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        stop = time.monotonic() + 3
        with contextlib.suppress(OSError):
            while time.monotonic() < stop:
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)

    def route_big(self, rest: str, query: dict) -> None:
        self._send(200, b"a" * (2 * 1024 * 1024), {"Content-Type": "application/json"})

    def route_big_unannounced(self, rest: str, query: dict) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        with contextlib.suppress(OSError):
            for _ in range(32):
                self.wfile.write(b"a" * 65536)

    def route_gzip_bomb(self, rest: str, query: dict) -> None:
        headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
        self._send(200, _GZIP_BOMB, headers)

    def route_gzip(self, rest: str, query: dict) -> None:
        body = sample("parliament-bills/bills-search.json")
        headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
        self._send(200, gzip.compress(body), headers)

    def route_deflate(self, rest: str, query: dict) -> None:
        body = sample("parliament-bills/bills-search.json")
        raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        headers = {"Content-Encoding": "deflate", "Content-Type": "application/json"}
        self._send(200, raw.compress(body) + raw.flush(), headers)

    def route_etag(self, rest: str, query: dict) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            self._send(304, headers={"ETag": '"v1"'})
        else:
            self._send(200, b"fresh", {"ETag": '"v1"', "Last-Modified": LAST_MODIFIED})

    def route_last_modified(self, rest: str, query: dict) -> None:
        if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self._send(304)
        else:
            self._send(200, b"fresh", {"Last-Modified": LAST_MODIFIED})

    def route_echo(self, rest: str, query: dict) -> None:
        body = json.dumps(dict(self.headers.items())).encode()
        self._send(200, body, {"Content-Type": "application/json"})

    def route_html(self, rest: str, query: dict) -> None:
        self._send(200, b"<!doctype html><title>Oops</title>", {"Content-Type": "text/html"})


@pytest.fixture(scope="session")
def server():
    """Base URL of a local server, e.g. `http://127.0.0.1:54321`."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def stage(server):
    """Serve payloads at a fresh path: `stage(body, content_type)` or
    `stage([(status, body, headers), ...])` served in turn; returns the URL."""
    made = []

    def put(responses, content_type="application/json", name=None):
        if isinstance(responses, bytes):
            responses = [(200, responses, {"Content-Type": content_type})]
        name = name or f"payload-{len(_Handler.staged)}-{time.monotonic_ns()}"
        _Handler.staged[name] = list(responses)
        _Handler.served[name] = 0
        made.append(name)
        return f"{server}/staged/{name}"

    put.served = lambda url: _Handler.served.get(url.rsplit("/", 1)[-1], 0)
    put.replace = lambda url, responses: _Handler.staged.__setitem__(
        url.rsplit("/", 1)[-1], list(responses)
    )
    yield put
    for name in made:
        _Handler.staged.pop(name, None)
        _Handler.served.pop(name, None)


@pytest.fixture
def local():
    """The allow list every end-to-end fetch test uses: only 127.0.0.1 is let through."""
    return ["127.0.0.1"]


def text_stream(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"BT /F1 11 Tf 72 720 Td (" + escaped.encode("latin-1") + b") Tj ET"


@pytest.fixture
def read_sample():
    """Bytes of a captured sample, by path under shared/samples."""
    return sample


@pytest.fixture
def read_fixture():
    """Bytes of a constructed fixture under tests/monitors/fixtures."""
    return fixture


@pytest.fixture
def make_pdf():
    """Build a PDF from page texts (str) or raw content streams (bytes)."""

    def make(pages: list[str | bytes], *, compress: bool = False) -> bytes:
        streams = [page if isinstance(page, bytes) else text_stream(page) for page in pages]
        return pdf_pages(streams, compress=compress)

    return make
