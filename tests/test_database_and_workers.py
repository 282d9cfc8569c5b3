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
