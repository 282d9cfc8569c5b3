"""The monitors pipeline (fetch, parse, dedupe, relevance, store) against parse-only time.

Payloads (captured samples, a generated corpus of 50,000 items in RSS feeds and 25,000 more in
Parliament API JSON) are served from a local HTTP server on 127.0.0.1 and scanned into a
throwaway SQLite database. The targets are measured on the feed corpus, against feedparser's
parse-only time for the same payloads; the JSON payloads, which have no feedparser time, are
measured against their own parse and reported beside them. Prints items per second, the cost
of relevance as a share of parsing, a rescan of unchanged sources against the first scan, and
the queries per page as the number of stored items grows.
"""

from __future__ import annotations

import datetime
import gc
import io
import json
import random
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks import setup_django

PER_PAYLOAD = 500
FEED_PAYLOADS = 100  # 100 x 500 = 50,000 feed items
JSON_PAYLOADS = 50  # 50 x 500 = 25,000 written questions
SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
SAMPLE_PAYLOADS = [
    ("rss", "missing-people-charity/policing-updates-feed-excerpt.rss.xml", "application/rss+xml"),
    (
        "parliament-written-questions",
        "parliament-written-questions/questions-list-tabled-2024-01-05.json",
        "application/json",
    ),
    (
        "parliament-committees",
        "parliament-committees/publications-committee-203.json",
        "application/json",
    ),
    ("parliament-bills", "parliament-bills/bills-search.json", "application/json"),
    ("govuk-search", "govuk-search-api/search-q-tax-count-1.json", "application/json"),
]
TITLES = [
    "Children missing from care: police response in {place}",
    "Fuel duty: missing revenue targets in {place}",
    "Road maintenance funding for {place}",
    "Dementia: Herbert Protocol take-up in {place}",
    "School funding formula review for {place}",
    "Return home interviews after missing episodes in {place}",
    "Broadband roll-out in rural {place}",
    "Hospital waiting lists in {place}",
    "Housing benefit changes affecting {place}",
    "Bus services and concessionary fares in {place}",
]
PLACES = ["Cumbria", "Kent", "Leeds", "Bristol", "Norfolk", "Essex", "Devon", "Luton", "Hull"]
BODY = (
    "To ask the Secretary of State, what assessment has been made of {topic} in {place}; and "
    "what steps are being taken with local partners to improve outcomes over the next year."
)


def _setup():
    """Django, with what a monitors worker has: local hosts allowed, no paging delay."""
    setup_django()
    from django.conf import settings

    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0


class _Handler(BaseHTTPRequestHandler):
    payloads: dict[str, tuple[bytes, str]] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        body, content_type = self.payloads[self.path]
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if "noetag" not in self.path:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


def _items(rng, start, now):
    for number in range(start, start + PER_PAYLOAD):
        place = rng.choice(PLACES)
        title = rng.choice(TITLES).format(place=place)
        topic = title.split(":")[0].lower()
        when = now - datetime.timedelta(minutes=number)
        yield number, title, BODY.format(topic=topic, place=place), when


def _rss(rng, start, now):
    entries = "".join(
        f"<item><title>{title}</title><link>https://www.gov.uk/bench/{number}</link>"
        f"<guid>https://www.gov.uk/bench/{number}</guid>"
        f"<pubDate>{format_datetime(when)}</pubDate><description>{body}</description></item>"
        for number, title, body, when in _items(rng, start, now)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>https://www.gov.uk/</link>{entries}</channel></rss>"
    ).encode()


def _questions(rng, start, now):
    results = [
        {
            "value": {
                "id": number,
                "uin": str(number),
                "askingMemberId": 4000 + number % 500,
                "house": "Commons",
                "dateTabled": when.strftime("%Y-%m-%dT00:00:00"),
                "heading": title,
                "questionText": body,
                "answerText": None,
                "answeringBodyName": "Home Office",
            },
            "links": [],
        }
        for number, title, body, when in _items(rng, start, now)
    ]
    return json.dumps({"totalResults": len(results), "results": results}).encode()


# Processor time beside wall time: on a shared machine the wall-time ratio moves with other
# processes' load between the parse-only and the pipeline measurements; the processor-time one
# (this process only, including its HTTP server thread) much less.
_CPU = {"parse": 0.0, "scan": 0.0}


class _Collections:
    """Time Python's garbage collector spends in each part, and its full collections: a full
    collection walks every object Django has loaded (about 75 ms here), so how often the
    pipeline provokes one shows in its time (see ROWS_PER_INSERT in monitors/models.py)."""

    def __init__(self):
        self.part = None
        self.seconds: dict[str, float] = {}
        self.full: dict[str, int] = {}
        self._started = 0.0

    def __call__(self, phase, info):
        if self.part is None:
            return
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.seconds[self.part] = self.seconds.get(self.part, 0.0) + (
            time.perf_counter() - self._started
        )
        if info["generation"] == 2:
            self.full[self.part] = self.full.get(self.part, 0) + 1


_GC = _Collections()


def _parse_only(kind, body, content_type):
    """feedparser alone for feeds; the Parliament parser (json plus mapping) for JSON."""
    import feedparser

    from harvesting.parsers import get_parser

    _GC.part = f"parse {kind}"
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "rss":
        feedparser.parse(io.BytesIO(body), response_headers={"content-type": content_type})
    else:
        get_parser(kind)(body, url="http://127.0.0.1/x", options={"content_type": content_type})
    _CPU["parse"] += time.process_time() - cpu
    elapsed = time.perf_counter() - started
    _GC.part = None
    return elapsed


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _scan_all(sources, now):
    from monitors.tasks import scan_source

    _GC.part = f"scan {sources[0].kind}"
    started, cpu = time.perf_counter(), time.process_time()
    results = [scan_source(source, now=now) for source in sources]
    elapsed = time.perf_counter() - started
    _CPU["scan"] = time.process_time() - cpu
    _GC.part = None
    failed = [r for r in results if not r.ok]
    if failed:
        raise SystemExit(f"Scan failed: {failed[0].source}: {failed[0].error}")
    return elapsed, results


def main() -> int:
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import relevance
    from harvesting.parsers import get_parser
    from harvesting.parsers import rss as rss_parser
    from monitors.ingest import item_text
    from monitors.models import Item, Opening, Source

    gc.callbacks.append(_GC)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    now = datetime.datetime.now(datetime.UTC)
    rng = random.Random(4)
    ok = True

    # --- Samples -------------------------------------------------------------------------------
    sample_sources, sample_parse = [], 0.0
    for index, (kind, path, content_type) in enumerate(SAMPLE_PAYLOADS):
        file = SAMPLES / path
        if not file.is_file():
            continue
        body = file.read_bytes()
        _Handler.payloads[f"/sample/{index}"] = (body, content_type)
        sample_parse += _parse_only(kind, body, content_type)
        sample_sources.append(
            Source.objects.create(
                name=f"Sample {index}",
                kind=kind,
                url=f"{base}/sample/{index}",
                options={"max_pages": 1},
            )
        )
    if sample_sources:
        elapsed, results = _scan_all(sample_sources, now)
        count = sum(r.fetched for r in results)
        print(
            f"samples: {count} items from {len(results)} payloads; pipeline {elapsed * 1000:.0f} ms"
            f" vs parse-only {sample_parse * 1000:.0f} ms (includes HTTP and database setup)"
        )

    # --- Generated corpus ----------------------------------------------------------------------
    feeds = [
        ("rss", f"/rss/{index}", _rss(rng, index * PER_PAYLOAD, now), "application/rss+xml")
        for index in range(FEED_PAYLOADS)
    ]
    questions = [
        (
            "parliament-written-questions",
            f"/wq/{index}",
            _questions(rng, 1_000_000 + index * PER_PAYLOAD, now),
            "application/json",
        )
        for index in range(JSON_PAYLOADS)
    ]
    # One payload's query count with an empty database, to compare with a full one.
    _Handler.payloads["/probe-empty"] = (_questions(rng, 5_000_000, now), "application/json")
    probe = Source.objects.create(
        name="Probe empty",
        kind="parliament-written-questions",
        url=base + "/probe-empty",
        options={"max_pages": 1},
    )
    from monitors.tasks import scan_source

    with CaptureQueriesContext(connection) as empty_queries:
        scan_source(probe, now=now)

    sources = []
    measured = {}
    _GC.seconds.clear()
    _GC.full.clear()
    for group, corpus in (("feeds", feeds), ("questions", questions)):
        parse = parse_cpu = scan = scan_cpu = 0.0
        results = []
        # Each payload is parsed alone and then scanned, in turn, so the two measurements see
        # the machine at the same speed: on a shared host the speed drifts by a fifth or more
        # over the minutes that parsing everything first and then scanning everything took,
        # which moved the ratio between 2.5 and 2.75 from one run to the next.
        for kind, path, body, content_type in corpus:
            _Handler.payloads[path] = (body, content_type)
            source = Source.objects.create(
                name=f"Bench {path}", kind=kind, url=base + path, options={"max_pages": 1}
            )
            _CPU["parse"] = 0.0
            parse += _parse_only(kind, body, content_type)
            parse_cpu += _CPU["parse"]
            elapsed, scanned = _scan_all([source], now)
            scan += elapsed
            scan_cpu += _CPU["scan"]
            results += scanned
            sources.append(source)
        items = sum(r.fetched for r in results)
        measured[group] = (items, parse, parse_cpu, scan, scan_cpu)

    items, parse, parse_cpu, first, first_cpu = measured["feeds"]
    ratio = first / parse
    pipeline_feedparser = sum(
        _timed(lambda body=body: rss_parser._feedparser(body, "application/rss+xml", None))
        for _, _, body, _ in feeds
    )
    print(
        f"feed corpus: {items:,} items in {len(feeds)} RSS payloads; feedparser parse-only "
        f"{parse:.2f} s ({items / parse:,.0f} items/s); feedparser as the pipeline calls it "
        f"(no HTML sanitising, no base address) {pipeline_feedparser:.2f} s"
    )
    print(
        f"feed corpus: whole pipeline {first:.2f} s ({items / first:,.0f} items/s) = "
        f"{ratio:.2f}x parse-only (target <= 2.5x); processor time {first_cpu:.2f} s vs "
        f"{parse_cpu:.2f} s = {first_cpu / parse_cpu:.2f}x"
    )
    ok &= ratio <= 2.5
    print(
        f"feed corpus: garbage collection {_GC.seconds.get('scan rss', 0):.2f} s of the pipeline "
        f"({_GC.full.get('scan rss', 0)} full collections), "
        f"{_GC.seconds.get('parse rss', 0):.2f} s of the parse-only time "
        f"({_GC.full.get('parse rss', 0)} full)"
    )
    json_items, json_parse, json_parse_cpu, json_scan, json_scan_cpu = measured["questions"]
    print(
        f"written questions (JSON, no feedparser time, no target): {json_items:,} items in "
        f"{len(questions)} payloads; parse-only {json_parse:.2f} s, whole pipeline "
        f"{json_scan:.2f} s ({json_items / json_scan:,.0f} items/s) = "
        f"{json_scan / json_parse:.2f}x their parse; processor time "
        f"{json_scan_cpu / json_parse_cpu:.2f}x"
    )
    stored = Item.objects.count()
    print(f"stored: {stored:,} items, {Opening.objects.count():,} openings")

    # Relevance over the new items, against their parse time.
    def relevance_time(corpus):
        parsed = [
            item
            for kind, _path, body, content_type in corpus
            for item in get_parser(kind)(
                body, url="http://127.0.0.1/x", options={"content_type": content_type}
            ).items
        ]
        started, cpu = time.perf_counter(), time.process_time()
        for item in parsed:
            relevance.assess(item.title, item_text(item))
        return len(parsed), time.perf_counter() - started, time.process_time() - cpu

    count, spent, spent_cpu = relevance_time(feeds)
    share = spent / parse
    print(
        f"relevance, feed corpus: {spent:.2f} s over {count:,} items = {share:.1%} of their "
        f"parse time; processor time {spent_cpu / parse_cpu:.1%}"
    )
    count, spent, spent_cpu = relevance_time(questions)
    print(
        f"relevance, written questions (no target): {spent:.2f} s over {count:,} items = "
        f"{spent / json_parse:.0%} of their JSON parse time"
    )

    # Rescan: unchanged sources answer 304 to the stored ETag.
    later = now + datetime.timedelta(hours=1)
    rescan, _ = _scan_all(sources, later)
    first_all = first + json_scan
    print(
        f"rescan of all {len(sources)} payloads (conditional GET, 304): {rescan:.2f} s = "
        f"{rescan / first_all:.1%} of their first scan (target < 5%)"
    )
    ok &= rescan / first_all < 0.05
    # Rescan without ETag support: the same bodies come back and are recognised as unchanged.
    for source in sources[:10]:
        _Handler.payloads[source.url.replace(base, "") + "-noetag"] = _Handler.payloads[
            source.url.replace(base, "")
        ]
        Source.objects.filter(pk=source.pk).update(url=source.url + "-noetag", etag="")
    refreshed = list(Source.objects.filter(pk__in=[s.pk for s in sources[:10]]))
    hashed, _ = _scan_all(refreshed, later)
    share_hash = hashed / (first * 10 / len(feeds))
    print(
        f"rescan without ETag (the same bytes recognised), 10 payloads: {hashed:.2f} s = "
        f"{share_hash:.0%} of their first scan"
    )

    # Queries per page with every item above stored, against an empty database.
    _Handler.payloads["/probe-full"] = (_questions(rng, 6_000_000, now), "application/json")
    probe_full = Source.objects.create(
        name="Probe full",
        kind="parliament-written-questions",
        url=base + "/probe-full",
        options={"max_pages": 1},
    )
    with CaptureQueriesContext(connection) as full_queries:
        scan_source(probe_full, now=now)
    print(
        f"queries for one page of {PER_PAYLOAD} new items: {len(empty_queries)} with an empty "
        f"database, {len(full_queries)} with {stored:,} items stored"
    )
    ok &= len(full_queries) <= len(empty_queries)
    server.shutdown()
    print("monitors benchmark:", "targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
