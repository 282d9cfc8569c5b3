"""The web server and the background workers share the database without tripping over it."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from campaigns.models import Campaign

pytestmark = pytest.mark.django_db(transaction=True)


def test_background_tasks_time_out_before_they_are_retried_and_stop_after_a_few_attempts():
    cluster = settings.Q_CLUSTER
    assert cluster["timeout"] < cluster["retry"]
    assert 1 <= cluster["max_attempts"] <= 5


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def test_two_writers_at_once_both_succeed():
    errors = []

    def write(number):
        try:
            for step in range(20):
                Campaign.objects.create(title=f"Writer {number} campaign {step}")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert errors == []
    assert Campaign.objects.filter(title__startswith="Writer").count() == 40


def _redis_answers():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_url_set_background_tasks_go_through_redis():
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "from django_q.brokers import get_broker\n"
        "broker = get_broker()\n"
        "assert type(broker).__name__ == 'Redis', type(broker)\n"
        "assert broker.ping()\n"
        "broker.purge_queue()\n"
        "broker.enqueue('waymark-probe')\n"
        "[(key, message)] = broker.dequeue()\n"
        "broker.acknowledge(key)\n"
        "print('received', message.decode())\n"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/15", "WAYMARK_TESTING": "1"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "received waymark-probe" in result.stdout
