"""Production smoke test: Waymark as `make run-prod` serves it, with DJANGO_DEBUG=0.

bin/serve-prod migrates, collects static files with the production storage and runs a real
gunicorn and the django-q2 cluster, against PostgreSQL and Redis when they answer on 127.0.0.1
(SQLite and the ORM broker otherwise). Each role signs in through the sign-in form and opens
every kind of page; stylesheets and scripts must come under hashed names with far-future cache
headers; nothing may answer 500. Then SIGTERM must stop every process the server started.

`make test-prod` runs it (and .ci/run); `make test` leaves it out to stay quick.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.production
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "smoke-test-demo-password"
HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg)$")


def answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid):
    """Every process started by `pid`, its children's children included."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pids):
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.append(pid)
    return running


@pytest.fixture(scope="module")
def postgres_url():
    if not answers(5432):
        yield None
        return
    import psycopg

    name = f"waymark_smoke_{uuid.uuid4().hex[:8]}"
    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def server(tmp_path_factory, postgres_url):
    var = tmp_path_factory.mktemp("prod-var")
    port = free_port()
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        WAYMARK_VAR_DIR=str(var),
        WAYMARK_ADDRESS=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        Q_WORKERS="1",
        WAYMARK_DEMO_PASSWORD=PASSWORD,
        MONITORS_MEMBERS_API="",
        AXES_ENABLED="0",
    )
    if postgres_url:
        env["DATABASE_URL"] = postgres_url
    if answers(6379):
        env["REDIS_URL"] = os.environ.get("WAYMARK_SMOKE_REDIS_URL", "redis://127.0.0.1:6379/14")
    # The key the server will find in its var folder (bin/serve-prod keeps an existing one), so
    # tasks the seeding queues (staff-change alerts, say) are signed with the key the workers
    # read them with, as in a real deployment where one key serves every command.
    secret_key = var / "secret_key"
    secret_key.write_text("smoke-" + "k" * 50)
    prepare = {**env, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY_FILE": str(secret_key)}
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=prepare,
            check=True,
            capture_output=True,
            timeout=300,
        )

    log = (var / "server.log").open("w+")
    started = time.monotonic()
    process = subprocess.Popen(
        ["bin/serve-prod"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=30) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:  # not listening yet, or a worker still starting
            pass
        if process.poll() is not None or time.monotonic() - started > 180:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
            log.seek(0)
            pytest.fail(f"bin/serve-prod did not come up:\n{log.read()}")
        time.sleep(0.5)
    server = {"base": base, "process": process, "log": log, "env": env, "var": var}
    yield server
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


class Browser:
    """A person with a cookie jar: signs in through the form as a browser would."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            urllib.request.HTTPErrorProcessor(),
        )

    def get(self, path, headers=None):
        request = urllib.request.Request(
            urllib.parse.urljoin(self.base, path), headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def sign_in(self, username):
        status, _, page = self.get("/accounts/login/")
        assert status == 200
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/accounts/login/", data=form, headers={"Referer": f"{self.base}/"}
        )
        with self.opener.open(request, timeout=60) as response:
            assert response.url.rstrip("/") == self.base, f"{username} did not sign in"


def first_link(page, pattern):
    match = re.search(rb'href="(' + pattern.encode() + rb')"', page)
    assert match, f"no link like {pattern}"
    return match.group(1).decode()


READ_PAGES = [
    "/",  # dashboard-like overview
    "/campaigns/",
    "/campaigns/asks/",
    "/stakeholders/",
    "/stakeholders/organisations/",
    "/stakeholders/interactions/",
    "/evidence/",
    "/monitors/",
    "/monitors/sources/",
    "/dashboards/",
    "/dashboards/influence/",
    "/dashboards/network/",
    "/strategy/",
    "/search/?q=missing",
]
DETAILS = {
    "/campaigns/": r"/campaigns/\d+/",
    "/stakeholders/": r"/stakeholders/people/\d+/",
    "/stakeholders/organisations/": r"/stakeholders/organisations/\d+/",
    "/evidence/": r"/evidence/\d+/",
    "/monitors/": r"/monitors/openings/\d+/",
}
EXPORTS = ["/campaigns/export.csv", "/stakeholders/interactions/export.csv", "/evidence/export.csv"]
FORMS = ["/campaigns/new/", "/stakeholders/people/new/", "/evidence/new/"]


@pytest.mark.parametrize(
    "username, edits", [("admin", True), ("officer", True), ("leader", False), ("staff", False)]
)
def test_every_role_opens_every_kind_of_page_in_production_mode(server, username, edits):
    browser = Browser(server["base"])
    browser.sign_in(username)

    pages = {}
    for path in READ_PAGES:
        status, headers, body = browser.get(path)
        assert status == 200, f"{username}: GET {path} gave {status}"
        pages[path] = body
    for list_path, pattern in DETAILS.items():
        detail = first_link(pages[list_path], pattern)
        status, _, _ = browser.get(detail)
        assert status == 200, f"{username}: GET {detail} gave {status}"
    for path in ("/campaigns/?sort=name", "/stakeholders/?q=a"):
        status, _, body = browser.get(path, headers={"HX-Request": "true"})
        assert status == 200, f"{username}: htmx {path} gave {status}"
        assert b"<html" not in body  # the fragment, not the page
    for path in EXPORTS:
        status, headers, _ = browser.get(path)
        assert status == 200, f"{username}: GET {path} gave {status}"
        assert headers["Content-Type"].startswith("text/csv")
    for path in FORMS:
        status, _, _ = browser.get(path)
        assert status == (200 if edits else 403), f"{username}: GET {path} gave {status}"
    assert browser.get("/healthz")[0] == 200


def test_static_files_come_under_hashed_names_with_far_future_cache_headers(server):
    browser = Browser(server["base"])
    status, _, page = browser.get("/accounts/login/")
    assert status == 200
    assets = re.findall(rb'(?:href|src|data-govuk-frontend)="(/static/[^"]+)"', page)
    assert len(assets) >= 5
    stylesheets = []
    for asset in {a.decode() for a in assets}:
        assert HASHED.search(asset), f"{asset} is not under a hashed name"
        status, headers, body = browser.get(asset)
        assert status == 200, f"{asset} gave {status}"
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]
        if asset.endswith(".css"):
            stylesheets.append((asset, body.decode()))
    assert stylesheets
    for asset, css in stylesheets:
        for reference in re.findall(r'url\("?([^")]+)"?\)', css):
            if reference.startswith("data:"):
                continue
            target = urllib.parse.urljoin(asset, reference)
            assert browser.get(target)[0] == 200, f"{asset} refers to missing {target}"


def test_health_reports_the_production_database_and_broker(server):
    import json

    status, _, body = Browser(server["base"]).get("/healthz")
    report = json.loads(body)
    assert status == 200
    assert report["database"]["ok"] and report["broker"]["ok"]
    expected_broker = "redis" if "REDIS_URL" in server["env"] else "orm"
    assert report["broker"]["kind"] == expected_broker


def test_sigterm_stops_the_web_server_and_the_workers_and_nothing_is_left(server):
    """Last in this module: it stops the server the others used."""
    process = server["process"]
    started = descendants(process.pid)
    assert len(started) >= 6  # gunicorn and its workers, qcluster and its sentinel and workers
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    deadline = time.monotonic() + 10
    while alive(started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive(started) == []
    server["log"].seek(0)
    log = server["log"].read()
    # 403s on forms log a warning with a traceback; a server error logs at ERROR.
    assert " ERROR " not in log and '" 500 ' not in log, log[-5000:]
