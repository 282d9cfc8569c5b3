"""Security/reliability: a worker killed mid-scan does not leave its source stuck.

A real worker process (this project's `manage.py shell` running the task function) scans a
real local HTTP server that stalls its answer, and is killed with SIGKILL while it waits: no
`finally`, no clean-up. The claim it held must expire with the task timeout, its run must end
as interrupted, and the next scan, scheduled or "Scan now", must go ahead.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from monitors.models import Item, ScanRun, Source
from monitors.tasks import request_scan, run_due_scans, run_queued_scan

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = {
    "totalResults": 1,
    "results": [
        {
            "value": {
                "id": 7001,
                "uin": "7001",
                "askingMemberId": 4410,
                "house": "Commons",
                "dateTabled": "2024-03-19T00:00:00",
                "heading": "Missing Persons: Children in Care",
                "questionText": "How many children went missing from care?",
                "answerText": None,
                "answeringBodyName": "Department for Education",
            }
        }
    ],
}


class StallingServer:
    """Holds every request open until released, then answers with a listing."""

    def __init__(self):
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002
                pass

            def do_GET(self):  # noqa: N802
                outer.requests += 1
                outer.arrived.set()
                outer.release.wait(timeout=60)
                body = json.dumps(QUESTIONS).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/questions"

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def stalling():
    server = StallingServer()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def only_the_local_server(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def kill_a_worker_mid_scan(run_id, server):
    """Start a worker on the queued run, wait until it is mid-fetch, then SIGKILL it."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "WAYMARK_TESTING": "1",
        "MONITORS_ALLOW_HOSTS": "127.0.0.1",
        "MONITORS_MEMBERS_API": "",
    }
    script = f"from monitors.tasks import run_queued_scan; run_queued_scan({run_id})"
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert server.arrived.wait(timeout=90), worker.stderr.read1().decode()
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    return timezone.now()


def after_the_task_timeout(killed_at):
    # django-q2 kills a task at Q_TIMEOUT_SECONDS; by then a live scan would have renewed its
    # claim, so one not renewed within two minutes after that belongs to a dead worker.
    return killed_at + datetime.timedelta(seconds=settings.Q_CLUSTER["timeout"] + 120)


def make_source(url, **fields):
    return Source.objects.create(
        name="Written questions", kind="parliament-written-questions", url=url, **fields
    )


def test_scan_now_after_a_worker_was_killed_mid_scan_goes_ahead(stalling):
    source = make_source(stalling.url)
    killed_run = request_scan(source)
    killed_at = kill_a_worker_mid_scan(killed_run.pk, stalling)

    killed_run.refresh_from_db()
    source.refresh_from_db()
    assert killed_run.status == ScanRun.Status.RUNNING  # what the dead worker left behind
    assert source.claimed_until is not None
    stalling.release.set()

    later = after_the_task_timeout(killed_at)
    run = request_scan(source, now=later)
    result = run_queued_scan(run.pk, now=later)

    assert result.status == ScanRun.Status.SUCCEEDED, result.error
    run.refresh_from_db()
    assert run.status == ScanRun.Status.SUCCEEDED
    assert Item.objects.count() == 1
    killed_run.refresh_from_db()
    assert killed_run.status == ScanRun.Status.INTERRUPTED
    assert killed_run.finished_at is not None
    assert "stopped" in killed_run.error
    source.refresh_from_db()
    assert source.claimed_until is None


def test_the_schedule_recovers_a_run_left_by_a_killed_worker(stalling):
    source = make_source(stalling.url, next_check_at=timezone.now())
    killed_run = request_scan(source)
    killed_at = kill_a_worker_mid_scan(killed_run.pk, stalling)
    stalling.release.set()

    later = after_the_task_timeout(killed_at)
    assert run_due_scans(later) == 1
    assert run_due_scans(later) == 0  # and twice does nothing twice

    killed_run.refresh_from_db()
    assert killed_run.status == ScanRun.Status.INTERRUPTED
    assert source.runs.filter(status=ScanRun.Status.SUCCEEDED).count() == 1
    assert not source.runs.filter(status=ScanRun.Status.RUNNING).exists()


def test_while_the_killed_workers_claim_is_fresh_scan_now_says_a_scan_is_running(stalling):
    source = make_source(stalling.url)
    killed_run = request_scan(source)
    killed_at = kill_a_worker_mid_scan(killed_run.pk, stalling)
    stalling.release.set()

    run = request_scan(source, now=killed_at)
    assert run_queued_scan(run.pk, now=killed_at).status == "busy"
    run.refresh_from_db()
    assert run.status == ScanRun.Status.FAILED
    assert "already running" in run.error
    assert "free again by" in run.error  # and says when a dead worker's claim lapses
    assert stalling.requests == 1


@pytest.mark.django_db
def test_scan_now_on_a_disabled_source_says_so_and_fetches_nothing(client_for, officer, stalling):
    source = make_source(stalling.url, enabled=False)
    client = client_for(officer)
    url = reverse("monitors:source_scan_create", args=[source.pk])

    page = client.post(url, follow=True)
    assert "is disabled, so it was not scanned" in page.content.decode()
    fragment = client.post(url, headers={"HX-Request": "true"})
    assert "is disabled, so it was not scanned" in fragment.content.decode()

    assert request_scan(source) is None
    run_due_scans(timezone.now())
    assert not ScanRun.objects.exists()
    assert stalling.requests == 0


@pytest.mark.django_db
def test_a_scan_queued_before_its_source_was_disabled_does_not_fetch(stalling):
    source = make_source(stalling.url)
    run = request_scan(source)
    Source.objects.filter(pk=source.pk).update(enabled=False)
    run_queued_scan(run.pk)
    run.refresh_from_db()
    assert run.status == ScanRun.Status.FAILED
    assert "disabled" in run.error
    assert stalling.requests == 0
