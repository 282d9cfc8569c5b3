"""The HTTP client against a real local server. Only 127.0.0.1 is ever allowed."""

import gzip
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from harvesting import fetch as fetch_module
from harvesting.fetch import (
    BadScheme,
    BadURL,
    BlockedAddress,
    ConnectionFailed,
    HTTPStatusError,
    Timeout,
    TooLarge,
    TooManyRedirects,
    WrongContentType,
    fetch,
    parse_retry_after,
)

HARVESTING = Path(__file__).resolve().parents[2] / "harvesting"


def redirect_to(server, target, status=302):
    return f"{server}/redirect?status={status}&to={quote(target, safe='')}"


def test_a_sample_feed_is_fetched_with_its_content_type(server, local):
    result = fetch(
        f"{server}/samples/missing-people-charity/policing-updates-feed-excerpt.rss.xml",
        allow_hosts=local,
    )
    assert result.status == 200
    assert result.media_type == "application/rss+xml"
    assert b"The Ethnicity of Missing People report" in result.body
    assert not result.not_modified
    assert result.elapsed > 0


def test_loopback_is_refused_unless_listed(server):
    with pytest.raises(BlockedAddress, match="private or internal"):
        fetch(f"{server}/echo", allow_hosts=[])


def test_nothing_private_is_reached_unless_the_caller_allows_it(server, settings):
    # The deployment's allow-list is passed in by its caller; harvesting never reads settings.
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    with pytest.raises(BlockedAddress):
        fetch(f"{server}/echo")


def test_harvesting_runs_without_django():
    modules = [
        f"harvesting.{path.with_suffix('').relative_to(HARVESTING).as_posix().replace('/', '.')}"
        for path in sorted(HARVESTING.rglob("*.py"))
        if path.name != "__init__.py"
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted({name.split('.')[0] for name in sys.modules}))"
    )
    # A fresh interpreter, with no DJANGO_SETTINGS_MODULE, that has not imported Django.
    environment = {key: value for key, value in os.environ.items() if "DJANGO" not in key}
    finished = subprocess.run(
        [sys.executable, "-c", script],
        cwd=HARVESTING.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = finished.stdout
    assert "'harvesting'" in imported
    for other in ("django", "monitors", "evidence", "alerts", "relevance", "config"):
        assert f"'{other}'" not in imported


def test_requests_say_who_is_asking(server, local):
    headers = json.loads(fetch(f"{server}/echo", allow_hosts=local).body)
    assert headers["User-Agent"].startswith("Waymark/")
    assert "gzip" in headers["Accept-Encoding"]


def test_the_user_agent_can_be_set(server, local):
    body = fetch(f"{server}/echo", allow_hosts=local, user_agent="Waymark/9 (+https://x.test)").body
    assert json.loads(body)["User-Agent"] == "Waymark/9 (+https://x.test)"


def test_redirects_are_followed_and_the_final_url_reported(server, local):
    result = fetch(f"{server}/chain/3", allow_hosts=local)
    assert result.body == b"arrived"
    assert result.url == f"{server}/chain/0"


def test_too_many_redirects_are_refused(server, local):
    with pytest.raises(TooManyRedirects, match="more than 2 times"):
        fetch(f"{server}/chain/3", allow_hosts=local, max_redirects=2)


def test_redirect_to_a_loopback_name_outside_the_allow_list_is_refused(server, local):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(BlockedAddress, match="localhost"):
        fetch(redirect_to(server, f"http://localhost:{port}/echo"), allow_hosts=local)


def test_redirect_to_ipv6_loopback_outside_the_allow_list_is_refused(server, local):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(BlockedAddress):
        fetch(redirect_to(server, f"http://[::1]:{port}/echo"), allow_hosts=local)


def test_redirect_to_another_loopback_address_is_refused(server, local):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(BlockedAddress, match=r"127\.0\.0\.2"):
        fetch(redirect_to(server, f"http://127.0.0.2:{port}/echo", status=307), allow_hosts=local)


def test_redirect_to_a_numeric_spelling_of_loopback_is_refused(server, local):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(BlockedAddress, match="unusual way of writing"):
        fetch(redirect_to(server, f"http://2130706433:{port}/echo"), allow_hosts=local)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://x/"])
def test_redirect_to_a_non_web_scheme_is_refused(server, local, target):
    with pytest.raises(BadScheme):
        fetch(redirect_to(server, target), allow_hosts=local)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "data:,hi"])
def test_only_http_and_https_addresses_are_fetched(url):
    with pytest.raises(BadScheme, match="only fetches http and https"):
        fetch(url, allow_hosts=[])


def test_addresses_with_credentials_are_refused(server, local):
    with pytest.raises(BadURL, match="user name or password"):
        fetch(server.replace("http://", "http://user:pw@"), allow_hosts=local)


def test_the_address_check_runs_on_the_address_actually_connected_to(server, local, monkeypatch):
    # A public-looking name whose DNS answer is loopback (as in DNS rebinding) is refused.
    port = int(server.rsplit(":", 1)[1])
    monkeypatch.setattr(
        fetch_module, "_resolve", lambda host, p: [(fetch_module.socket.AF_INET, ("127.0.0.1", p))]
    )
    with pytest.raises(BlockedAddress, match=r"feeds\.example\.test resolves to 127\.0\.0\.1"):
        fetch(f"http://feeds.example.test:{port}/echo", allow_hosts=local)


def test_every_resolved_address_must_be_public(server, local, monkeypatch):
    port = int(server.rsplit(":", 1)[1])
    answers = [("151.101.0.144", port), ("127.0.0.1", port)]
    monkeypatch.setattr(
        fetch_module,
        "_resolve",
        lambda host, p: [(fetch_module.socket.AF_INET, address) for address in answers],
    )
    with pytest.raises(BlockedAddress):
        fetch(f"http://feeds.example.test:{port}/echo", allow_hosts=local)


def test_a_listed_name_connects_to_the_checked_address_and_keeps_its_host_header(
    server, monkeypatch
):
    port = int(server.rsplit(":", 1)[1])
    monkeypatch.setattr(
        fetch_module, "_resolve", lambda host, p: [(fetch_module.socket.AF_INET, ("127.0.0.1", p))]
    )
    result = fetch(f"http://feeds.example.test:{port}/echo", allow_hosts=["feeds.example.test"])
    assert json.loads(result.body)["Host"] == f"feeds.example.test:{port}"


def test_a_server_error_is_reported_with_its_status(server, local):
    with pytest.raises(HTTPStatusError, match="500") as caught:
        fetch(f"{server}/status/500", allow_hosts=local)
    assert caught.value.status == 500
    assert caught.value.retry_after is None


def test_rate_limiting_reports_how_long_to_wait(server, local):
    with pytest.raises(HTTPStatusError, match="wait 120 seconds") as caught:
        fetch(f"{server}/status/429?retry_after=120", allow_hosts=local)
    assert caught.value.status == 429
    assert caught.value.retry_after == 120


def test_retry_after_is_read_as_seconds_or_an_http_date():
    now = datetime(2024, 7, 12, 9, 0, tzinfo=UTC)
    assert parse_retry_after("30") == 30
    assert parse_retry_after("Fri, 12 Jul 2024 09:02:00 GMT", now=now) == 120
    assert parse_retry_after("Fri, 12 Jul 2024 08:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_a_slow_drip_server_is_abandoned_at_the_deadline(server, local):
    started = time.monotonic()
    with pytest.raises(Timeout):
        fetch(f"{server}/slow", allow_hosts=local, read_timeout=2, deadline=0.8)
    assert time.monotonic() - started < 2


def test_a_response_announced_as_too_large_is_refused_before_reading(server, local):
    with pytest.raises(TooLarge, match="more than 1,048,576 bytes"):
        fetch(f"{server}/big", allow_hosts=local, max_bytes=1024 * 1024)


def test_a_response_growing_too_large_is_cut_off_while_streaming(server, local):
    with pytest.raises(TooLarge):
        fetch(f"{server}/big-unannounced", allow_hosts=local, max_bytes=1024 * 1024)


def test_a_gzip_bomb_is_refused_by_its_decoded_size(server, local):
    with pytest.raises(TooLarge):
        fetch(f"{server}/gzip-bomb", allow_hosts=local, max_bytes=1024 * 1024)


def test_gzip_and_deflate_responses_are_decoded(server, local, read_sample):
    expected = read_sample("parliament-bills/bills-search.json")
    assert fetch(f"{server}/gzip", allow_hosts=local).body == expected
    assert fetch(f"{server}/deflate", allow_hosts=local).body == expected
    assert gzip.compress(expected) != expected


def test_an_unchanged_resource_answers_not_modified_by_etag(server, local):
    first = fetch(f"{server}/etag", allow_hosts=local)
    assert first.etag == '"v1"'
    second = fetch(f"{server}/etag", allow_hosts=local, etag=first.etag)
    assert second.not_modified
    assert second.status == 304
    assert second.body == b""


def test_an_unchanged_resource_answers_not_modified_by_date(server, local):
    first = fetch(f"{server}/last-modified", allow_hosts=local)
    second = fetch(f"{server}/last-modified", allow_hosts=local, last_modified=first.last_modified)
    assert second.not_modified


def test_html_served_where_json_was_expected_is_refused(server, local):
    with pytest.raises(WrongContentType, match="sent text/html, not application/json"):
        fetch(f"{server}/html", allow_hosts=local, accept={"application/json"})


def test_a_wildcard_accept_matches_the_whole_family(server, local):
    result = fetch(f"{server}/html", allow_hosts=local, accept={"text/*"})
    assert result.media_type == "text/html"


def test_a_refused_connection_is_reported_plainly(local):
    with pytest.raises(ConnectionFailed, match="Could not connect to 127.0.0.1"):
        fetch("http://127.0.0.1:9/", allow_hosts=local, connect_timeout=2)
