"""Security: an entry in MONITORS_ALLOW_HOSTS may name a port, and then allows only that port.

The address check is tested as a unit (no traffic) and end to end against two real servers on
loopback: the allowed feed, and another service on the same host standing in for Waymark
itself or anything else listening there.
"""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.checks import Error, Warning, run_checks

from harvesting.fetch import BlockedAddress, fetch, host_is_allowed, parse_allow_entry
from monitors.models import ScanRun, Source
from monitors.tasks import scan_source

NOW = datetime.datetime(2024, 3, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "entry",
    [
        "127.0.0.1:80x",
        "127.0.0.1:",
        "127.0.0.1:0",
        "127.0.0.1:65536",
        "[::1]:abc",
        "[::1",
        "[::1]8000",
        ":8000",
        "",
    ],
)
def test_a_malformed_entry_allows_no_port_at_all(entry):
    with pytest.raises(ValueError):
        parse_allow_entry(entry)
    for port in (80, 443, 8000):
        assert not host_is_allowed("127.0.0.1", [entry], port)
        assert not host_is_allowed("::1", [entry], port)


@pytest.mark.parametrize(
    ("entry", "parsed"),
    [
        ("feeds.internal", ("feeds.internal", None)),
        ("Feeds.Internal.:8443", ("feeds.internal", 8443)),
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("[::1]:8000", ("::1", 8000)),
        ("[::1]", ("::1", None)),
        ("::1", ("::1", None)),
    ],
)
def test_entries_name_a_host_and_perhaps_a_port(entry, parsed):
    assert parse_allow_entry(entry) == parsed


def test_a_malformed_entry_is_a_configuration_error(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1:80x"]
    errors = [m for m in run_checks() if m.id == "monitors.E001"]
    assert len(errors) == 1 and isinstance(errors[0], Error)
    assert "127.0.0.1:80x" in errors[0].msg


def test_a_bare_host_entry_warns_that_it_allows_every_port(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1", "feeds.internal:8443"]
    warnings = [m for m in run_checks() if m.id == "monitors.W001"]
    assert len(warnings) == 1 and isinstance(warnings[0], Warning)
    assert "127.0.0.1" in warnings[0].msg and "every port" in warnings[0].msg


class _Answer(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):  # noqa: N802
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
            self.end_headers()
            return
        # Counted before answering: the client may read the answer before this thread runs on.
        self.server.hits += 1
        body = json.dumps({"totalResults": 0, "results": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def two_services():
    servers = []
    for _ in range(2):
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
        httpd.hits, httpd.redirect_to = 0, ""
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
    feed, other = servers
    feed.redirect_to = f"http://127.0.0.1:{other.server_address[1]}/private"
    yield feed, other
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def test_an_entry_with_a_port_lets_in_that_port_only(two_services):
    feed, other = two_services
    allow = [f"127.0.0.1:{feed.server_address[1]}"]
    assert fetch(f"http://127.0.0.1:{feed.server_address[1]}/feed", allow_hosts=allow).status == 200
    with pytest.raises(BlockedAddress):
        fetch(f"http://127.0.0.1:{other.server_address[1]}/private", allow_hosts=allow)
    with pytest.raises(BlockedAddress):  # nor by a redirect from the allowed port
        fetch(f"http://127.0.0.1:{feed.server_address[1]}/redirect", allow_hosts=allow)
    assert other.hits == 0


def test_a_bare_host_entry_still_lets_in_every_port_of_it(two_services):
    feed, other = two_services
    fetch(f"http://127.0.0.1:{other.server_address[1]}/private", allow_hosts=["127.0.0.1"])
    assert other.hits == 1


@pytest.mark.django_db
def test_a_source_cannot_reach_another_service_on_an_allowed_hosts_other_port(
    settings, two_services
):
    feed, other = two_services
    settings.MONITORS_ALLOW_HOSTS = [f"127.0.0.1:{feed.server_address[1]}"]
    settings.MONITORS_PAGE_DELAY = 0
    source = Source.objects.create(
        name="Internal probe",
        kind="parliament-written-questions",
        url=f"http://127.0.0.1:{other.server_address[1]}/private",
    )
    result = scan_source(source, now=NOW)
    assert result.status == ScanRun.Status.FAILED
    assert "private or internal address" in result.error
    assert other.hits == 0
