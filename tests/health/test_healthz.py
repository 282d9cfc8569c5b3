"""GET /healthz: what an uptime monitor, and a stranger, can learn about a running Waymark."""

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_q.tasks import async_task

from alerts.models import Digest, Subscription
from tests import builders

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_healthy_waymark_answers_200_with_its_database_broker_and_workers(client, staff_member):
    now = timezone.now()
    builders.source(last_success_at=now - timedelta(minutes=7))
    builders.source(name="Older", last_success_at=now - timedelta(days=2))
    subscription = Subscription.objects.create(user=staff_member, frequency="daily")
    subscription.digests.create(
        kind="daily",
        period="2026-11-30",
        status=Digest.Status.SENT,
        sent_at=now - timedelta(hours=3),
    )
    async_task("math.floor", 1.5)  # one task waiting for a worker

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True}
    assert body["broker"] == {"ok": True, "kind": "orm", "queue_length": 1}
    scan = body["monitors"]["last_successful_scan"]
    assert 7 * 60 <= scan["age_seconds"] < 8 * 60
    digest = body["alerts"]["last_digest_sent"]
    assert 3 * 3600 <= digest["age_seconds"] < 3 * 3600 + 60


def test_before_any_scan_or_digest_the_ages_are_empty_not_an_error(client):
    body = client.get("/healthz").json()
    assert body["monitors"]["last_successful_scan"] == {"at": None, "age_seconds": None}
    assert body["alerts"]["last_digest_sent"] == {"at": None, "age_seconds": None}


def test_a_stranger_sees_no_secrets_and_no_data(client):
    builders.source(name="Home Office written questions", last_success_at=timezone.now())
    response = client.get("/healthz")

    assert response.status_code == 200  # no sign-in
    text = response.content.decode()
    assert set(response.json()) == {"status", "database", "broker", "monitors", "alerts"}
    for secret in (settings.SECRET_KEY, str(connection.settings_dict["NAME"]), "Home Office"):
        assert secret not in text
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_healthz_only_reads(client):
    assert client.post("/healthz").status_code == 405


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


HEALTHZ_IN_A_NEW_PROCESS = """
import django, json
django.setup()
from django.test import Client
response = Client(SERVER_NAME="localhost").get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.content.decode()}))
"""


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_does_not_answer_gives_503_without_saying_where_it_is():
    """REDIS_URL points at a loopback port nothing listens on; the database is this test's."""
    redis_url = f"redis://127.0.0.1:{free_port()}/0"
    db = connection.settings_dict
    database_url = (
        f"sqlite:///{db['NAME']}"
        if db["ENGINE"].endswith("sqlite3")
        else f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", HEALTHZ_IN_A_NEW_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])

    assert answer["status"] == 503
    body = json.loads(answer["body"])
    assert body["status"] == "unavailable"
    assert body["database"] == {"ok": True}
    assert body["broker"] == {"ok": False, "kind": "redis", "queue_length": None}
    assert redis_url.split("//")[1].split("/")[0] not in answer["body"]
    assert "Traceback" in result.stdout + result.stderr  # the log keeps the reason
