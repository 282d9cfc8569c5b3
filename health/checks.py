"""What an uptime monitor needs to know: can Waymark reach its database and its task broker, and
are the background workers doing their jobs (scans succeeding, digests going out)?

Every check reports only yes/no, times and counts: never an error text, which could name a host,
a user or a password. The failure itself goes to the log with its traceback.
"""

import logging

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django_q.brokers import get_broker

from alerts.models import Digest
from monitors.models import Source

logger = logging.getLogger(__name__)


def database():
    try:
        connection.ensure_connection()
        Source.objects.exists()
    except Exception:
        logger.exception("Health check: the database did not answer")
        return {"ok": False}
    return {"ok": True}


def broker():
    """The django-q2 broker: a Redis PING, or the ORM queue table, and how many tasks wait."""
    kind = "redis" if settings.Q_CLUSTER.get("redis") else "orm"
    try:
        queue = get_broker()
        queue.ping()
        length = queue.queue_size()
    except Exception:
        logger.exception("Health check: the task broker (%s) did not answer", kind)
        return {"ok": False, "kind": kind, "queue_length": None}
    return {"ok": True, "kind": kind, "queue_length": length}


def _moment(when, now):
    if when is None:
        return {"at": None, "age_seconds": None}
    return {"at": when.isoformat(), "age_seconds": int((now - when).total_seconds())}


def last_successful_scan(now):
    return _moment(Source.objects.aggregate(last=Max("last_success_at"))["last"], now)


def last_digest_sent(now):
    sent = Digest.objects.filter(
        status=Digest.Status.SENT, kind__in=[Digest.Kind.DAILY, Digest.Kind.WEEKLY]
    )
    return _moment(sent.aggregate(last=Max("sent_at"))["last"], now)


def report(now=None):
    """The health report and whether Waymark can serve: its database and broker both answer."""
    now = now or timezone.now()
    db = database()
    result = {"database": db, "broker": broker()}
    if db["ok"]:
        result["monitors"] = {"last_successful_scan": last_successful_scan(now)}
        result["alerts"] = {"last_digest_sent": last_digest_sent(now)}
    healthy = db["ok"] and result["broker"]["ok"]
    return {"status": "ok" if healthy else "unavailable", **result}, healthy
