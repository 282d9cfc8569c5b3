"""More than one machine: two real django-q2 clusters share one database and one broker.

Two `manage.py qcluster` processes (PostgreSQL and Redis when the suite runs on PostgreSQL and
Redis answers; the suite's SQLite file and the database broker otherwise) are given the same
work from two other processes, as two web servers would give it: "Scan now" for every source,
due-scan runs and digest and alert sends. A real HTTP server serves the sources' payloads slowly
and counts requests in flight per source; a real SMTP server records every email. No source may
be fetched twice at once and no email may arrive twice: the claims live in the database, not in
any one process.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from alerts.models import Digest, Subscription
from monitors.models import ScanRun, Source
from tests import builders
from tests.conftest import RecordingHandler, free_port, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / ".." / "shared" / "samples"
# Long enough that a second fetch of a source would overlap the first if claims let it.
RESPONSE_SECONDS = 0.4
SOURCES = [
    ("rss", "missing-people-charity/policing-updates-feed-excerpt.rss.xml"),
    (
        "parliament-written-questions",
        "parliament-written-questions/questions-list-tabled-2024-01-05.json",
    ),
    ("parliament-bills", "parliament-bills/bills-search.json"),
    ("parliament-committees", "parliament-committees/publications-committee-203.json"),
    ("govuk-search", "govuk-search-api/search-q-tax-count-1.json"),
]
CONTENT_TYPES = {".json": "application/json", ".xml": "application/rss+xml"}
CLUSTERS = ("machine-a", "machine-b")


class CountingServer(ThreadingHTTPServer):
    """Serves the shared samples slowly, counting requests in flight per path and who asked."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.in_flight: Counter[str] = Counter()
        self.most_at_once: Counter[str] = Counter()
        self.served: Counter[str] = Counter()
        self.agents: dict[str, set[str]] = defaultdict(set)


class _Handler(BaseHTTPRequestHandler):
    server: CountingServer

    def log_message(self, format, *args):  # noqa: A002  (signature fixed by the base class)
        pass

    def do_GET(self):  # noqa: N802  (name fixed by the base class)
        path = self.path.lstrip("/")
        file = (SAMPLES / path).resolve()
        if SAMPLES.resolve() not in file.parents or not file.is_file():
            self.send_error(404)
            return
        with self.server.lock:
            self.server.in_flight[path] += 1
            self.server.served[path] += 1
            self.server.most_at_once[path] = max(
                self.server.most_at_once[path], self.server.in_flight[path]
            )
            self.server.agents[path].add(self.headers.get("User-Agent", ""))
        try:
            time.sleep(RESPONSE_SECONDS)
            body = file.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPES.get(file.suffix, "text/plain"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with self.server.lock:
                self.server.in_flight[path] -= 1


@pytest.fixture
def feeds():
    server = CountingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def mailbox():
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def _answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def machine_environment(name, mailbox, tmp_path):
    """What one machine of a deployment is given: the shared database, broker and mail server."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    else:
        url = f"sqlite:///{database['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "WAYMARK_TESTING": "1",
        "WAYMARK_VAR_DIR": str(tmp_path / name),
        "DATABASE_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox.port),
        "SITE_URL": "https://waymark.example.org",
        "MONITORS_ALLOW_HOSTS": "127.0.0.1",
        "MONITORS_PAGE_DELAY": "0",
        "MONITORS_PER_HOST": "20",
        "MONITORS_MEMBERS_API": "",
        # Each machine names itself to the feed server, so the test can see both did work.
        "MONITORS_USER_AGENT": name,
        "Q_WORKERS": "2",
        "WAYMARK_LOG_LEVEL": "INFO",  # the test waits for each cluster to log that it runs
    }
    env.pop("REDIS_URL", None)
    if connection.vendor == "postgresql" and _answers(6379):
        env["REDIS_URL"] = os.environ.get("WAYMARK_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    return env


def manage(env, *arguments, **options):
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, **options
    )


def start_cluster(env, log: Path):
    with open(log, "wb") as output:
        process = manage(env, "qcluster", stdout=output, stderr=subprocess.STDOUT)
    return process


def wait_for(condition, what, *, timeout=90, processes=()):
    deadline = time.monotonic() + timeout
    while not condition():
        for process, log in processes:
            if process.poll() is not None:
                raise AssertionError(f"a cluster stopped: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


# What each "web server" hands the workers, as the Scan now button and the schedules do.
ENQUEUE = """
import os, time
# Loaded while the clusters start; hands the work over once both are running.
while not os.path.exists(os.environ["WAYMARK_TEST_GO"]):
    time.sleep(0.1)
from django_q.tasks import async_task
from monitors.models import Source
from monitors.tasks import request_scan
for source in Source.objects.order_by("pk"):
    request_scan(source)
for _ in range(2):
    async_task("monitors.tasks.run_due_scans")
    async_task("alerts.tasks.send_daily_digests")
    async_task("alerts.tasks.send_immediate_alerts")
"""
TASKS_PER_MACHINE = len(SOURCES) + 6


def test_two_clusters_never_scan_a_source_twice_at_once_or_send_an_email_twice(
    feeds, mailbox, tmp_path, django_user_model
):
    from django_q.models import Schedule, Task

    # Only the work handed over below runs, so the test knows when everything is done.
    Schedule.objects.all().delete()
    sources = [
        builders.source(
            kind=kind,
            url=f"http://127.0.0.1:{feeds.server_address[1]}/{path}",
            options={"max_pages": 1},
            next_check_at=timezone.now(),
        )
        for kind, path in SOURCES
    ]
    daily = [make_user(django_user_model, f"daily{n}") for n in range(3)]
    immediate = [make_user(django_user_model, f"now{n}") for n in range(2)]
    for user in daily:
        Subscription.objects.create(user=user, frequency=Subscription.Frequency.DAILY)
    for user in immediate:
        Subscription.objects.create(user=user, frequency=Subscription.Frequency.IMMEDIATE)
    # Important openings found before the clusters start: every subscriber must hear of them.
    waiting = [builders.opening(source=sources[0], score=0.95) for _ in range(3)]
    # The alerts about them were refused by the mail server earlier and wait to be sent again:
    # every run on both machines retries what is waiting, so they race for the same rows.
    for subscription in Subscription.objects.filter(frequency=Subscription.Frequency.IMMEDIATE):
        for opening in waiting:
            digest = Digest.objects.create(
                subscription=subscription,
                kind=Digest.Kind.IMMEDIATE,
                period=f"opening-{opening.pk}",
                recipient=subscription.user.email,
                attempts=1,
                last_error="SMTPServerDisconnected: Connection unexpectedly closed",
            )
            digest.openings.add(opening)

    envs = {name: machine_environment(name, mailbox, tmp_path) for name in CLUSTERS}
    if "REDIS_URL" in envs[CLUSTERS[0]]:
        purge = "from django_q.brokers import get_broker; get_broker().purge_queue()"
        manage(envs[CLUSTERS[0]], "shell", "-c", purge).wait(timeout=60)
    clusters, senders = [], []
    go = tmp_path / "go"
    try:
        for name in CLUSTERS:
            log = tmp_path / f"{name}.log"
            clusters.append((start_cluster(envs[name], log), log))
            env = {**envs[name], "WAYMARK_TEST_GO": str(go)}
            senders.append(manage(env, "shell", "-c", ENQUEUE, stderr=subprocess.PIPE))
        wait_for(
            lambda: all(
                re.search(r"Q Cluster .* running\.", log.read_text()) for _, log in clusters
            ),
            "both clusters to start",
            processes=clusters,
        )
        go.touch()
        for sender in senders:
            assert sender.wait(timeout=60) == 0, sender.stderr.read().decode()[-2000:]
        wait_for(
            lambda: Task.objects.count() >= TASKS_PER_MACHINE * len(CLUSTERS),
            "every task to finish",
            processes=clusters,
        )
    finally:
        for sender in senders:
            if sender.poll() is None:
                sender.kill()
        for process, _ in clusters:
            process.send_signal(signal.SIGTERM)
        for process, _ in clusters:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    failed = [(task.func, task.result) for task in Task.objects.filter(success=False)]
    assert failed == []

    # Both machines took work from the shared queue. Which of them fetched which source is the
    # broker's choice (on a loaded machine one cluster can win every scan), so it is not asserted.
    for _, log in clusters:
        assert "Processed '" in log.read_text(), log.name

    # Scans: every source read, none by two workers at once.
    assert set(feeds.served) == {path for _, path in SOURCES}
    assert max(feeds.most_at_once.values()) == 1, feeds.most_at_once
    assert not ScanRun.objects.filter(status__in=["queued", "running"]).exists()
    assert not Source.objects.filter(claimed_until__isnull=False).exists()

    # Email: each one recorded as sent arrived exactly once, and nothing else arrived.
    message_ids = [message["Message-ID"].strip() for _, message in mailbox.messages]
    assert len(message_ids) == len(set(message_ids))
    sent = Digest.objects.filter(status=Digest.Status.SENT)
    assert sorted(message_ids) == sorted(sent.values_list("message_id", flat=True))
    for user in daily:
        assert len(mailbox.to(user.email)) == 1, user.email
    for user in immediate:
        alerts = sent.filter(subscription__user=user, kind=Digest.Kind.IMMEDIATE)
        assert len(mailbox.to(user.email)) == alerts.count()
        alerted = Counter(alerts.values_list("openings", flat=True))
        assert {opening.pk for opening in waiting} <= set(alerted), user.email
        assert set(alerted.values()) == {1}, user.email
