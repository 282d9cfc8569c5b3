"""Digest run for 1,000 subscribers and 500 new openings, through a real local SMTP server.

Prints the run time and the number of queries, and checks the query count per subscriber does
not grow with the number of openings each of them receives.
"""

import datetime
import hashlib
import logging
import socket
import time

from benchmarks import setup_django


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Counter:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def _populate(subscribers, openings, now):
    from django.contrib.auth import get_user_model

    from alerts.models import Digest, Subscription
    from monitors.models import Item, Opening, Source

    Digest.objects.all().delete()
    Subscription.objects.all().delete()
    Opening.objects.all().delete()
    Item.objects.all().delete()
    User = get_user_model()
    User.objects.filter(username__startswith="bench-").delete()
    source, _ = Source.objects.get_or_create(
        name="Bench source", defaults={"kind": "rss", "url": "https://example.org/feed"}
    )
    topics = ["missing_children", "missing_adults", "dementia_and_missing", "return_interviews"]
    items = Item.objects.bulk_create(
        Item(
            url=f"https://example.org/item/{n}",
            source=source,
            title=f"Children missing from care, item {n}",
            content_hash=hashlib.sha256(str(n).encode()).hexdigest(),
        )
        for n in range(openings)
    )
    Opening.objects.bulk_create(
        Opening(
            item=item,
            source=source,
            score=0.7,
            topics=[topics[n % len(topics)]],
            reasons=[{"phrase": "missing from care", "weight": 2.0, "passage": item.title}],
            created_at=now - datetime.timedelta(minutes=5),
        )
        for n, item in enumerate(items)
    )
    users = User.objects.bulk_create(
        User(username=f"bench-{n}", email=f"bench-{n}@example.org") for n in range(subscribers)
    )
    Subscription.objects.bulk_create(
        Subscription(
            user=user,
            frequency="daily",
            everything=n % 2 == 0,
            topics=[] if n % 2 == 0 else [topics[n % len(topics)]],
            reminders=False,
            last_opening_id=0,
        )
        for n, user in enumerate(users)
    )


def _run(now):
    from django.db import connection

    from alerts.digests import send_digests

    queries = {"read": 0, "write": 0}

    def count(execute, sql, params, many, context):
        queries["read" if sql.lstrip().upper().startswith("SELECT") else "write"] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        report = send_digests("daily", now)
    return report, time.perf_counter() - started, queries


def main():
    setup_django()
    # aiosmtpd logs every connection at INFO: 2,000 messages would bury the figures.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.utils import timezone

    handler = _Counter()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    try:
        now = timezone.now()
        results = []
        for openings in (50, 500):
            _populate(1000, openings, now)
            report, seconds, queries = _run(now)
            results.append((openings, report, seconds, queries))
            total = queries["read"] + queries["write"]
            print(
                f"digests: 1,000 subscribers x {openings} new openings: {report}; "
                f"{seconds:.1f} s ({1000 / seconds:.0f} digests/s), {total} queries "
                f"({queries['read']} reads, {queries['write']} writes; "
                f"{total / 1000:.1f} per subscriber)"
            )
        reads = [queries["read"] for _, _, _, queries in results]
        writes = [queries["write"] for _, _, _, queries in results]
        grows = reads[1] > reads[0]
        print(
            "digests: reads "
            + ("GROW" if grows else "do not grow")
            + f" with openings per subscriber ({reads[0]} vs {reads[1]}); writes {writes[0]} vs "
            f"{writes[1]} (SQLite splits a bulk insert of over 499 rows in two)"
        )
        print(f"digests: SMTP server accepted {handler.count} messages")
        return 1 if grows else 0
    finally:
        controller.stop()


if __name__ == "__main__":
    raise SystemExit(main())
