"""Fetching over real TLS: servers on 127.0.0.1 with certificates from a throwaway certificate
authority (trustme), trusted only when the caller passes its CA bundle."""

from __future__ import annotations

import contextlib
import datetime
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import trustme

from harvesting.fetch import BlockedAddress, ConnectionFailed, fetch, post
from monitors.models import Source
from monitors.tasks import scan_source

FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Secure feed</title>'
    b"<item><guid>s-1</guid><title>Served over TLS</title><link>https://localhost/s-1</link>"
    b"<description>A feed read through a verified certificate.</description></item>"
    b"</channel></rss>"
)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002  (signature fixed by the base class)
        pass

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802  (name fixed by the base class)
        if self.path.startswith("/redirect/"):
            self._answer(302, b"", {"Location": "http://" + self.path.removeprefix("/redirect/")})
        else:
            self._answer(200, FEED, {"Content-Type": "application/rss+xml; charset=utf-8"})

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer(200, b"ok", {"Content-Type": "text/plain"})


@contextlib.contextmanager
def _tls_server(configure):
    """An https server on 127.0.0.1 whose certificate `configure(context)` loads."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    configure(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_bundle(ca, tmp_path_factory):
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture(scope="module")
def https_port(ca):
    """A server whose certificate names localhost and 127.0.0.1, signed by the test CA."""
    with _tls_server(ca.issue_cert("localhost", "127.0.0.1").configure_cert) as port:
        yield port


def test_a_feed_is_fetched_over_tls_when_its_authority_is_trusted(https_port, ca_bundle):
    result = fetch(
        f"https://localhost:{https_port}/feed", allow_hosts=["localhost"], ca_bundle=ca_bundle
    )
    assert result.status == 200
    assert b"Served over TLS" in result.body


def test_a_certificate_from_an_authority_not_trusted_is_refused_with_a_clear_sentence(
    https_port,
):
    # Without the bundle only the system's authorities are trusted, and the test CA is not one.
    with pytest.raises(ConnectionFailed) as refused:
        fetch(f"https://localhost:{https_port}/feed", allow_hosts=["localhost"])
    assert str(refused.value) == (
        f"The certificate of localhost:{https_port} is not signed by an authority Waymark trusts "
        "(unable to get local issuer certificate), so Waymark refused the secure connection."
    )


def test_a_self_signed_certificate_is_refused_with_a_clear_sentence(ca_bundle, tmp_path):
    other = trustme.CA()  # its own certificate signs itself
    certificate, key = tmp_path / "self.pem", tmp_path / "self.key"
    other.cert_pem.write_to_path(str(certificate))
    other.private_key_pem.write_to_path(str(key))
    with (
        _tls_server(lambda context: context.load_cert_chain(certificate, key)) as port,
        pytest.raises(ConnectionFailed) as refused,
    ):
        fetch(f"https://localhost:{port}/feed", allow_hosts=["localhost"], ca_bundle=ca_bundle)
    assert "(self-signed certificate)" in str(refused.value)
    assert str(refused.value).endswith("so Waymark refused the secure connection.")


def test_a_certificate_for_another_name_is_refused_with_a_clear_sentence(ca, ca_bundle):
    with (
        _tls_server(ca.issue_cert("feeds.example.org").configure_cert) as port,
        pytest.raises(ConnectionFailed) as refused,
    ):
        fetch(f"https://localhost:{port}/feed", allow_hosts=["localhost"], ca_bundle=ca_bundle)
    assert str(refused.value) == (
        f"The certificate of localhost:{port} was issued for another name, so Waymark refused "
        "the secure connection."
    )


@pytest.mark.parametrize(
    "target", ["127.0.0.1/", "127.0.0.2:8080/", "2130706433/", "169.254.169.254/latest/"]
)
def test_an_https_server_cannot_redirect_a_fetch_to_a_refused_address(
    https_port, ca_bundle, target
):
    with pytest.raises(BlockedAddress):
        fetch(
            f"https://localhost:{https_port}/redirect/{target}",
            allow_hosts=["localhost"],
            ca_bundle=ca_bundle,
        )


def test_a_webhook_is_posted_over_tls_with_the_trusted_authority_only(https_port, ca_bundle):
    url = f"https://localhost:{https_port}/hook"
    assert post(url, b"{}", allow_hosts=["localhost"], ca_bundle=ca_bundle).body == b"ok"
    with pytest.raises(ConnectionFailed, match="not signed by an authority Waymark trusts"):
        post(url, b"{}", allow_hosts=["localhost"])


@pytest.mark.django_db
def test_a_source_is_scanned_over_tls_with_the_authority_named_in_the_settings(
    https_port, ca_bundle, settings
):
    settings.MONITORS_ALLOW_HOSTS = ["localhost"]
    settings.MONITORS_PAGE_DELAY = 0
    source = Source.objects.create(
        name="Secure feed", kind=Source.Kind.RSS, url=f"https://localhost:{https_port}/feed"
    )
    now = datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)

    refused = scan_source(source, now=now)
    settings.MONITORS_CA_BUNDLE = ca_bundle
    source.refresh_from_db()
    read = scan_source(source, now=now + datetime.timedelta(hours=1))

    assert not refused.ok and "not signed by an authority Waymark trusts" in refused.error
    assert read.ok, read.error
    assert source.items_found_first.get().title == "Served over TLS"
