"""The one HTTP client for everything Waymark fetches from the outside world.

Monitored sources are third-party servers and some URLs are typed in by staff, so every fetch
is treated as hostile: http(s) only, bounded in time and size, and never allowed to reach a
private or internal address. The address check runs on the IP actually being connected to,
after DNS resolution, so a name that re-resolves to an internal address (DNS rebinding) is still
refused. Hosts in `allow_hosts` skip that check.

Nothing here reads a deployment's settings: the caller passes the allow-list, the User-Agent and
the certificate authorities to trust (`ca_bundle`), so harvesting runs without Django. In Waymark
`monitors.outbound.fetch_options()` reads them from the settings.
"""

from __future__ import annotations

import contextlib
import email.utils
import http
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.util.ssl_match_hostname import CertificateError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_DEADLINE = 60.0
FALLBACK_USER_AGENT = "Waymark/0.1 (policy monitoring)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})
_CHUNK = 64 * 1024
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """A fetch failed; `str(error)` is a sentence a policy officer can read."""


class BadURL(FetchError):
    pass


class BadScheme(BadURL):
    pass


class BlockedAddress(FetchError):
    pass


class TooLarge(FetchError):
    pass


class Timeout(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class WrongContentType(FetchError):
    pass


class ConnectionFailed(FetchError):
    pass


class HTTPStatusError(FetchError):
    """The server answered with an error status; `retry_after` is in seconds when it said."""

    def __init__(self, url: str, status: int, retry_after: int | None = None):
        self.url = url
        self.status = status
        self.retry_after = retry_after
        try:
            phrase = f" ({http.HTTPStatus(status).phrase})"
        except ValueError:
            phrase = ""
        message = f"{_host_of(url)} answered with HTTP status {status}{phrase}."
        if retry_after is not None:
            message += f" It asked us to wait {retry_after} seconds before trying again."
        super().__init__(message)


@dataclass
class FetchResult:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    not_modified: bool
    elapsed: float

    @property
    def media_type(self) -> str:
        return media_type_of(self.content_type)


def media_type_of(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


# --- Address safety -------------------------------------------------------------------------


def parse_ipv4_numeric(host: str) -> ipaddress.IPv4Address | None:
    """Read a host the way inet_aton does (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`).

    Resolvers accept these legacy spellings, so they must be recognised to be refused.
    """
    parts = host.rstrip(".").split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        if re.fullmatch(r"0[xX][0-9a-fA-F]*", part):
            values.append(int(part[2:] or "0", 16))
        elif re.fullmatch(r"0[0-7]*", part):
            values.append(int(part, 8))
        elif re.fullmatch(r"[1-9][0-9]*", part):
            values.append(int(part))
        else:
            return None
    *head, last = values
    if any(value > 255 for value in head) or last >= 256 ** (4 - len(head)):
        return None
    number = last
    for position, value in enumerate(head):
        number += value << (8 * (3 - position))
    return ipaddress.IPv4Address(number)


def _is_public_ipv4(ip: ipaddress.IPv4Address) -> bool:
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip in _SHARED_ADDRESS_SPACE
        or not ip.is_global
    )


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo)."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    if ip in _NAT64 or (int(ip) >> 32 == 0 and int(ip) > 1):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def is_public_address(ip: str | IPAddress) -> bool:
    """True when `ip` is an ordinary internet address Waymark may connect to."""
    if isinstance(ip, str):
        try:
            ip = ipaddress.ip_address(ip)
        except ValueError:
            return False
    if isinstance(ip, ipaddress.IPv4Address):
        return _is_public_ipv4(ip)
    embedded = _embedded_ipv4(ip)
    if embedded:
        return all(_is_public_ipv4(address) for address in embedded)
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_site_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def parse_allow_entry(entry: str) -> tuple[str, int | None]:
    """One MONITORS_ALLOW_HOSTS entry as (host, port); port None means every port.

    `host`, `host:port`, `[IPv6]`, `[IPv6]:port` or a bare IPv6 address. Anything else raises
    ValueError: a port that cannot be read must not quietly become "every port".
    """
    text = entry.strip().lower()
    port: str | None = None
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise ValueError("an IPv6 address is written [address] or [address]:port")
        port = rest[1:] if rest else None
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host = text  # a name, an IPv4 address, or an IPv6 address without a port
    host = host.rstrip(".")
    if not host:
        raise ValueError("no host named")
    if port is None:
        return host, None
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{port!r} is not a port number (1 to 65535)")
    return host, int(port)


def host_is_allowed(host: str, allow_hosts: Iterable[str], port: int | None = None) -> bool:
    """True if `host` (as written in the URL) is listed, alone or as `host:port`.

    A malformed entry allows nothing (the `monitors.E001` system check reports it).
    """
    wanted = host.strip().strip("[]").lower().rstrip(".")
    for entry in allow_hosts:
        try:
            allowed_host, allowed_port = parse_allow_entry(entry)
        except ValueError:
            continue
        if allowed_host == wanted and (allowed_port is None or allowed_port == port):
            return True
    return False


def check_address(
    host: str, ip: str | IPAddress, allow_hosts: Iterable[str], port: int | None = None
) -> None:
    """Refuse to connect to `ip` (which `host` resolved to) unless it is public or allowed."""
    if host_is_allowed(host, allow_hosts, port):
        return
    if not is_public_address(ip):
        raise BlockedAddress(
            f"{host} resolves to {ip}, a private or internal address, so Waymark will not "
            "fetch it. An administrator can add the host to MONITORS_ALLOW_HOSTS."
        )


def check_host_form(host: str, allow_hosts: Iterable[str], port: int | None = None) -> None:
    """Refuse numeric spellings of IPv4 addresses other than the usual dotted quad."""
    if host_is_allowed(host, allow_hosts, port):
        return
    numeric = parse_ipv4_numeric(host)
    if numeric is not None and host.rstrip(".") != str(numeric):
        raise BlockedAddress(
            f"{host} is an unusual way of writing the address {numeric}; Waymark only fetches "
            "hosts written as names or plain addresses."
        )


def _resolve(host: str, port: int) -> list[tuple[socket.AddressFamily, tuple]]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[tuple[socket.AddressFamily, tuple]] = []
    for family, _, _, _, sockaddr in infos:
        if (family, sockaddr) not in seen:
            seen.append((family, sockaddr))
    return seen


# --- Connections that check the address they connect to ---------------------------------------


class _Guard:
    """What a connection must enforce, plus a watchdog that closes sockets at the deadline."""

    def __init__(self, allow_hosts: Collection[str], deadline: float):
        self.allow_hosts = allow_hosts
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(deadline, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                sock.close()

    def cancel(self) -> None:
        self._timer.cancel()


def checked_addresses(host: str, port: int, allow_hosts: Collection[str]) -> list[str]:
    """Resolve `host` once and check every address it resolves to; the addresses to connect to.

    The connection then goes to one of these addresses, never to the name, so a name that
    re-resolves to an internal address between check and connect (DNS rebinding) cannot
    slip through.
    """
    host = host.strip("[]")
    try:
        addresses = _resolve(host, port)
    except (socket.gaierror, UnicodeError) as error:
        raise ConnectionFailed(f"Could not find the server {host}.") from error
    for _, sockaddr in addresses:
        check_address(host, sockaddr[0], allow_hosts, port)
    return list(dict.fromkeys(sockaddr[0] for _, sockaddr in addresses))


class _TrackedHTTPConnection(HTTPConnection):
    """A connection whose socket the deadline watchdog can close (via the public `connect`)."""

    def __init__(self, *args, guard: _Guard, **kwargs):
        self.guard = guard
        super().__init__(*args, **kwargs)

    def connect(self) -> None:
        super().connect()
        self.guard.track(self.sock)


class _TrackedHTTPSConnection(_TrackedHTTPConnection, HTTPSConnection):
    """The same over TLS: `connect` above runs HTTPSConnection's, then tracks the socket."""


class _PinnedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _PinnedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


# --- Response bodies ------------------------------------------------------------------------


class _BoundedDecoder:
    """Undo gzip/deflate without ever producing more than the caller's limit."""

    def __init__(self, encoding: str | None, url: str):
        self._encoding = (encoding or "identity").strip().lower()
        if self._encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"{_host_of(url)} used an unsupported compression ({encoding}).")
        self._decompressor = None
        if self._encoding in ("gzip", "x-gzip"):
            self._decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes, limit: int) -> bytes:
        if self._encoding == "deflate" and self._decompressor is None and data:
            zlib_wrapped = (
                len(data) > 1 and (data[0] & 0x0F) == 8 and (data[0] * 256 + data[1]) % 31 == 0
            )
            self._decompressor = zlib.decompressobj(
                zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS
            )
        if self._decompressor is None:
            return data
        try:
            return self._decompressor.decompress(data, limit)
        except zlib.error as error:
            raise FetchError(
                "The response was compressed but could not be decompressed."
            ) from error


def _read_body(response: urllib3.BaseHTTPResponse, url: str, max_bytes: int) -> bytes:
    limit_message = f"{_host_of(url)} sent more than {max_bytes:,} bytes, the most Waymark reads."
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(limit_message)
    decoder = _BoundedDecoder(response.headers.get("Content-Encoding"), url)
    body = bytearray()
    received = 0
    for chunk in response.stream(_CHUNK, decode_content=False):
        received += len(chunk)
        if received > max_bytes:
            raise TooLarge(limit_message)
        body += decoder.feed(chunk, max_bytes - len(body) + 1)
        if len(body) > max_bytes:
            raise TooLarge(limit_message)
    return bytes(body)


# --- The client -----------------------------------------------------------------------------


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> int | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, round((when - (now or datetime.now(UTC))).total_seconds()))


def _host_of(url: str) -> str:
    return urlsplit(url).netloc or url


def _validate_url(url: str, allow_hosts: Collection[str]) -> urllib3.util.Url:
    try:
        parts = urllib3.util.parse_url(url)
    except ValueError as error:
        raise BadURL(f"{url!r} is not a valid web address.") from error
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise BadScheme(f"Waymark only fetches http and https addresses, not {url!r}.")
    if not parts.host:
        raise BadURL(f"{url!r} has no host name.")
    if parts.auth:
        raise BadURL("Web addresses with a user name or password are not fetched.")
    port = parts.port or (443 if scheme == "https" else 80)
    check_host_form(parts.host, allow_hosts, port)
    return parts


def _header_dict(response: urllib3.BaseHTTPResponse) -> dict[str, str]:
    return {name.lower(): ", ".join(response.headers.getlist(name)) for name in response.headers}


@dataclass
class _Request:
    headers: dict[str, str]
    timeout: urllib3.Timeout
    guard: _Guard
    allow_hosts: Collection[str]
    ca_bundle: str | None = None


def _secure_connection_failed(host: str, error: SSLError) -> ConnectionFailed:
    """A sentence for a TLS failure: an untrusted certificate, one for another name, or other."""
    cause = error.__cause__ or error.__context__
    while isinstance(cause, SSLError):  # urllib3 may wrap its own error once more
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, CertificateError):
        return ConnectionFailed(
            f"The certificate of {host} was issued for another name, so Waymark refused the "
            "secure connection."
        )
    if isinstance(cause, ssl.SSLCertVerificationError):
        return ConnectionFailed(
            f"The certificate of {host} is not signed by an authority Waymark trusts "
            f"({cause.verify_message}), so Waymark refused the secure connection."
        )
    return ConnectionFailed(f"Secure connection to {host} failed.")


def _accepts(media_type: str, accept: Collection[str]) -> bool:
    for wanted in accept:
        wanted = wanted.lower()
        if wanted == media_type or (wanted.endswith("/*") and media_type.startswith(wanted[:-1])):
            return True
    return False


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_hosts: Collection[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    max_redirects: int = 5,
    accept: Collection[str] | None = None,
    user_agent: str | None = None,
    ca_bundle: str | None = None,
) -> FetchResult:
    """GET `url` safely; raise a FetchError subclass with a readable message on any failure.

    `deadline` bounds the whole fetch, redirects included, so a server dripping one byte at a
    time cannot hold a worker. A 304 answer to `etag`/`last_modified` gives `not_modified=True`.
    `allow_hosts` (default none) may be reached at private addresses; `ca_bundle` is a PEM file
    of the certificate authorities to trust for https (default: the system's).
    """
    allow_hosts = list(allow_hosts or [])
    headers = {
        "User-Agent": user_agent or FALLBACK_USER_AGENT,
        "Accept": ", ".join(accept) if accept else "*/*",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    guard = _Guard(allow_hosts, deadline)
    request = _Request(
        headers=headers,
        timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
        guard=guard,
        allow_hosts=allow_hosts,
        ca_bundle=ca_bundle,
    )
    try:
        return _fetch_following_redirects(url, request, max_bytes, max_redirects, accept, started)
    except FetchError:
        if guard.expired:
            raise Timeout(
                f"Fetching {_host_of(url)} took longer than {deadline:g} seconds."
            ) from None
        raise
    except (HTTPError, http.client.HTTPException, OSError) as error:
        if guard.expired or isinstance(error, ConnectTimeoutError | ReadTimeoutError):
            raise Timeout(
                f"{_host_of(url)} was too slow to answer (limit {deadline:g} seconds overall, "
                f"{read_timeout:g} seconds between data)."
            ) from error
        if isinstance(error, SSLError):
            raise _secure_connection_failed(_host_of(url), error) from error
        if isinstance(error, ProtocolError):
            raise ConnectionFailed(f"The connection to {_host_of(url)} broke.") from error
        raise ConnectionFailed(f"Could not fetch {_host_of(url)}: {error}") from error
    finally:
        guard.cancel()


def _fetch_following_redirects(
    url: str,
    request: _Request,
    max_bytes: int,
    max_redirects: int,
    accept: Collection[str] | None,
    started: float,
) -> FetchResult:
    redirects = 0
    while True:
        parts = _validate_url(url, request.allow_hosts)
        response, pool = _open(parts, request)
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                redirects += 1
                if redirects > max_redirects:
                    raise TooManyRedirects(
                        f"{_host_of(url)} redirected more than {max_redirects} times."
                    )
                url = urljoin(url, location.strip())
                continue
            return _result(url, response, max_bytes, accept, started, request.guard)
        finally:
            response.close()
            pool.close()


def _open(parts: urllib3.util.Url, request: _Request, method: str = "GET", body=None):
    """Connect to a checked address of the URL's host and send the request: the response and
    the pool to close after it.

    The pool is aimed at the address itself; the name still goes in the Host header and, for
    https, in the TLS server name and certificate check (urllib3's public `server_hostname`
    and `assert_hostname`).
    """
    if parts.scheme is None or parts.host is None:
        # _validate_url refuses such an address before it gets here.
        raise BadURL(f"{parts.url!r} has no scheme or no host name.")
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    host = parts.host.strip("[]")
    addresses = checked_addresses(host, port, request.allow_hosts)
    default_port = port == (443 if https else 80)
    host_header = f"[{host}]" if ":" in host else host
    headers = {**request.headers, "Host": host_header if default_port else f"{host_header}:{port}"}
    failure: FetchError = ConnectionFailed(f"Could not connect to {host}.")
    for address in addresses:
        pool: _PinnedHTTPPool | _PinnedHTTPSPool
        if https:
            pool = _PinnedHTTPSPool(
                address,
                port=port,
                timeout=request.timeout,
                maxsize=1,
                guard=request.guard,
                server_hostname=host,
                assert_hostname=host,
                ca_certs=request.ca_bundle,
            )
        else:
            pool = _PinnedHTTPPool(
                address, port=port, timeout=request.timeout, maxsize=1, guard=request.guard
            )
        try:
            response = pool.urlopen(
                method,
                parts.request_uri,
                body=body,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=False,
                assert_same_host=False,
            )
        except NewConnectionError as error:
            pool.close()
            if request.guard.expired:
                raise
            reason = getattr(error.__cause__, "strerror", None) or "refused"
            failure = ConnectionFailed(f"Could not connect to {host}: {reason}.")
            if isinstance(error.__cause__, TimeoutError):
                failure = Timeout(f"{host} did not accept a connection in time.")
            continue
        except ConnectTimeoutError:
            pool.close()
            failure = Timeout(f"{host} did not accept a connection in time.")
            continue
        except BaseException:
            pool.close()
            raise
        return response, pool
    raise failure


def _result(
    url: str,
    response: urllib3.BaseHTTPResponse,
    max_bytes: int,
    accept: Collection[str] | None,
    started: float,
    guard: _Guard,
) -> FetchResult:
    headers = _header_dict(response)
    content_type = headers.get("content-type", "")
    not_modified = response.status == 304
    if not not_modified and not 200 <= response.status < 300:
        retry_after = None
        if response.status in RETRY_AFTER_STATUSES:
            retry_after = parse_retry_after(headers.get("retry-after"))
        raise HTTPStatusError(url, response.status, retry_after)
    if not not_modified and accept and not _accepts(media_type_of(content_type), accept):
        raise WrongContentType(
            f"{_host_of(url)} sent {media_type_of(content_type) or 'an unlabelled response'}, "
            f"not {' or '.join(sorted(accept))}."
        )
    body = b"" if not_modified else _read_body(response, url, max_bytes)
    if guard.expired:
        raise Timeout(f"Fetching {_host_of(url)} ran out of time.")
    return FetchResult(
        url=url,
        status=response.status,
        headers=headers,
        body=body,
        content_type=content_type,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        not_modified=not_modified,
        elapsed=time.monotonic() - started,
    )


# --- Posting (webhooks) ---------------------------------------------------------------------

DEFAULT_POST_MAX_BYTES = 64 * 1024


def post(
    url: str,
    body: bytes,
    *,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
    allow_hosts: Collection[str] | None = None,
    max_bytes: int = DEFAULT_POST_MAX_BYTES,
    connect_timeout: float = 5.0,
    read_timeout: float = 10.0,
    deadline: float = 15.0,
    user_agent: str | None = None,
    ca_bundle: str | None = None,
) -> FetchResult:
    """POST `body` to `url` with the same guards as `fetch`; raise a FetchError on any failure.

    The address check, the allow-list, the time limits and the bounded answer are fetch's. A
    redirect is refused rather than followed: re-sending a POST to an address the server chose
    is how an outbound webhook is turned on an internal service, and a webhook URL that moved
    should be corrected where it is configured. Any answer outside 2xx raises HTTPStatusError.
    """
    allow_hosts = list(allow_hosts or [])
    request_headers = {
        "User-Agent": user_agent or FALLBACK_USER_AGENT,
        "Content-Type": content_type,
        "Accept": "*/*",
        **(headers or {}),
    }
    started = time.monotonic()
    guard = _Guard(allow_hosts, deadline)
    timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
    try:
        parts = _validate_url(url, allow_hosts)
        request = _Request(
            headers=request_headers,
            timeout=timeout,
            guard=guard,
            allow_hosts=allow_hosts,
            ca_bundle=ca_bundle,
        )
        response, pool = _open(parts, request, "POST", body)
        try:
            if response.status in REDIRECT_STATUSES:
                raise TooManyRedirects(
                    f"{_host_of(url)} answered with a redirect; Waymark does not follow "
                    "redirects when posting. Use the address it redirects to."
                )
            return _result(url, response, max_bytes, None, started, guard)
        finally:
            response.close()
            pool.close()
    except FetchError:
        if guard.expired:
            raise Timeout(
                f"Posting to {_host_of(url)} took longer than {deadline:g} seconds."
            ) from None
        raise
    except (HTTPError, http.client.HTTPException, OSError) as error:
        if guard.expired or isinstance(error, ConnectTimeoutError | ReadTimeoutError):
            raise Timeout(f"{_host_of(url)} was too slow to answer a post.") from error
        if isinstance(error, SSLError):
            raise _secure_connection_failed(_host_of(url), error) from error
        raise ConnectionFailed(f"Could not post to {_host_of(url)}: {error}") from error
    finally:
        guard.cancel()
