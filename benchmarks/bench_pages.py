"""Every page kind, timed on the demo volumes (scale 1) and on a charity's years of data
(scale 100), on SQLite and on PostgreSQL.

    python -m benchmarks pages                              # everything, then docs/benchmarks.md
    python -m benchmarks pages --scale 100 --db sqlite      # one scale, one database
    python -m benchmarks pages --only people --runs 3       # pages whose name has "people"
    python -m benchmarks pages --report                     # rewrite the doc from saved results

For each database and scale the bench seeds a database with `seed_demo --scale N` (or reuses a
cached one keyed by the migrations, the demo code and the scale; `--fresh` rebuilds it), copies
it to a database of its own, signs in with Django's test client as an officer (and as
leadership where pages differ) and requests every entry of PAGES: one warm-up (its queries
are counted) and then `--runs` timed requests. Exports are read to their last byte a chunk at
a time, keeping nothing, and read once more that way under tracemalloc: the peak over their
first two chunks of rows and the peak over the rest, which must not be much higher.

Pages run in a worker process, one at a time; a page that does not answer within
`--timeout` seconds is recorded as a timeout and the worker is restarted at the next page,
so one collapsed page cannot hold up the rest. Results are saved in var/bench-results/ and the
doc is written from whatever results are there, so scales and databases can be run apart.

To measure a new page, add one line to PAGES.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import hashlib
import json
import math
import os
import platform
import queue
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("WAYMARK_VAR_DIR", ROOT / "var"))
CACHE = VAR / "bench-cache"
RESULTS = VAR / "bench-results"
DOC = ROOT / "docs" / "benchmarks.md"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
SCALES = (1, 100)
DATABASES = ("sqlite", "postgres")
RUNS = 7
SLOW_RUN = 5.0  # after a run this slow, stop repeating: the page has missed by far already
TIMEOUT = 60.0

# Target p95 in milliseconds per kind (issue 10, SQLite on this machine). Exports have no time
# target (their size grows with the data); they must stream with flat memory instead.
TARGETS = {
    "list": 150,
    "detail": 150,
    "form": 150,
    "fragment": 150,
    "search": 200,
    "dashboard": 400,
    "export": None,
}
MAX_RATIO = 3.0
# An export keeps memory flat when reading on costs no more than reading its start: the peak
# after its first two chunks of rows may exceed the peak while they were read by this factor at
# most. Two chunks, because the database iterator builds each chunk while the previous one is
# still held, so the steady state starts at the second. A stream that loads everything at its
# first row has a high start and a flat rest, so the peak must also stay under a ceiling.
MEMORY_GROWTH = 1.5
MEMORY_CEILING = 10_000_000  # bytes
EARLY_CHUNKS = 2
HTMX = {"HX-Request": "true"}


# (name, address or callable(objects) -> address, kind). Kind "fragment" is requested with
# HX-Request; names listed in LEADERSHIP are measured again signed in as leadership.
PAGES = [
    # Lists
    ("People", "/stakeholders/", "list"),
    ("People, searched", "/stakeholders/?q=smith", "list"),
    ("People, page 20", "/stakeholders/?page=20", "list"),
    ("Champions who left", "/stakeholders/people/champions-who-left/", "list"),
    ("Organisations", "/stakeholders/organisations/", "list"),
    ("Interactions", "/stakeholders/interactions/", "list"),
    ("Interactions, searched", "/stakeholders/interactions/?q=return", "list"),
    ("Follow-ups", "/stakeholders/interactions/follow-ups/", "list"),
    ("Local areas", "/stakeholders/areas/", "list"),
    ("Evidence", "/evidence/", "list"),
    ("Asks without evidence", "/evidence/asks-without-evidence/", "list"),
    ("Campaigns", "/campaigns/", "list"),
    ("Asks", "/campaigns/asks/", "list"),
    ("Consultations", "/campaigns/consultations/", "list"),
    ("Openings", "/monitors/", "list"),
    ("Openings, dismissed", "/monitors/?status=dismissed", "list"),
    ("Sources", "/monitors/sources/", "list"),
    ("Activities delivered", "/strategy/activities/", "list"),
    ("Outcome feedback", "/strategy/feedback/", "list"),
    ("Digests", "/alerts/digests/", "list"),
    # Details
    ("Person (busiest)", lambda o: f"/stakeholders/people/{o['person']}/", "detail"),
    (
        "Organisation (most people)",
        lambda o: f"/stakeholders/organisations/{o['organisation']}/",
        "detail",
    ),
    ("Campaign (most asks)", lambda o: f"/campaigns/{o['campaign']}/", "detail"),
    ("Ask (most targets)", lambda o: f"/campaigns/asks/{o['ask']}/", "detail"),
    ("Consultation", lambda o: f"/campaigns/consultations/{o['consultation']}/", "detail"),
    ("Opening (most links)", lambda o: f"/monitors/openings/{o['opening']}/", "detail"),
    ("Evidence item", lambda o: f"/evidence/{o['evidence']}/", "detail"),
    ("Interaction", lambda o: f"/stakeholders/interactions/{o['interaction']}/", "detail"),
    ("Local area (most organisations)", lambda o: f"/stakeholders/areas/{o['area']}/", "detail"),
    ("Source (most sightings)", lambda o: f"/monitors/sources/{o['source']}/", "detail"),
    # Forms
    ("New ask", "/campaigns/asks/new/", "form"),
    ("Edit ask", lambda o: f"/campaigns/asks/{o['ask']}/edit/", "form"),
    ("New interaction", "/stakeholders/interactions/new/", "form"),
    ("New person", "/stakeholders/people/new/", "form"),
    ("Edit opening", lambda o: f"/monitors/openings/{o['opening']}/edit/", "form"),
    ("New campaign", "/campaigns/new/", "form"),
    # Search
    ("Search", "/search/?q=missing", "search"),
    ("Search, two words", "/search/?q=return+home", "search"),
    ("Evidence search", "/evidence/?q=missing", "search"),
    ("Evidence search, phrase", '/evidence/?q="return+home"', "search"),
    # Dashboards and maps
    ("Overview (home)", "/", "dashboard"),
    ("Leadership dashboard", "/dashboards/", "dashboard"),
    ("Influence grid", "/dashboards/influence/", "dashboard"),
    ("Network map", "/dashboards/network/", "dashboard"),
    ("Outcomes", "/dashboards/outcomes/", "dashboard"),
    ("Live theory of change", "/dashboards/theory-of-change/", "dashboard"),
    ("Theory of change", "/strategy/", "dashboard"),
    ("Chart: engagement by sector", "/dashboards/charts/engagement-by-sector.svg", "dashboard"),
    # htmx fragments
    ("People, htmx", "/stakeholders/?q=smith", "fragment"),
    ("Organisations, htmx", "/stakeholders/organisations/?sector=police", "fragment"),
    ("Interactions, htmx", "/stakeholders/interactions/?q=return", "fragment"),
    ("Openings, htmx", "/monitors/?status=new", "fragment"),
    ("Evidence, htmx", "/evidence/?q=missing", "fragment"),
    # Exports
    ("People CSV", "/stakeholders/people/export.csv", "export"),
    ("Organisations CSV", "/stakeholders/organisations/export.csv", "export"),
    ("Interactions CSV", "/stakeholders/interactions/export.csv", "export"),
    ("Local areas CSV", "/stakeholders/areas/export.csv", "export"),
    ("Evidence CSV", "/evidence/export.csv", "export"),
    ("Campaigns CSV", "/campaigns/export.csv", "export"),
    ("Asks CSV", "/campaigns/asks/export.csv", "export"),
    ("Consultations CSV", "/campaigns/consultations/export.csv", "export"),
    ("Openings CSV", "/monitors/export/", "export"),
    ("Openings JSON", "/monitors/export/?format=json", "export"),
    ("Feedback CSV", "/strategy/feedback/export.csv", "export"),
    (
        "Subject access JSON (busiest person)",
        lambda o: f"/stakeholders/people/{o['person']}/subject-access.json",
        "export",
    ),
]
LEADERSHIP = {"Overview (home)", "Leadership dashboard", "Evidence", "Search", "Influence grid"}
# Pages only administrators may open, measured signed in as one instead of as an officer.
ADMINISTRATOR = {"Digests", "Subject access JSON (busiest person)"}


# Worker: runs inside Django against one database --------------------------------------


def _objects():
    """The records the detail pages open: the busiest of each kind, as a real user would."""
    from django.db.models import Count

    from campaigns.models import Ask, Campaign, Consultation
    from evidence.models import EvidenceItem
    from monitors.models import Opening, Source
    from stakeholders.models import Interaction, LocalArea, Organisation, Person

    def top(queryset, *relations):
        annotated = queryset.annotate(**{f"n{i}": Count(r) for i, r in enumerate(relations)})
        return annotated.order_by(*[f"-n{i}" for i in range(len(relations))], "pk")[0].pk

    return {
        "person": top(Person.objects.all(), "interactions"),
        "organisation": top(Organisation.objects.all(), "people"),
        "campaign": top(Campaign.objects.all(), "asks"),
        "ask": top(Ask.objects.all(), "target_people"),
        "consultation": Consultation.objects.order_by("-pk")[0].pk,
        "opening": top(Opening.objects.all(), "organisations"),
        "evidence": EvidenceItem.objects.exclude(confidentiality="restricted")
        .order_by("-published_on", "pk")[0]
        .pk,
        "interaction": top(Interaction.objects.all(), "people"),
        "area": top(LocalArea.objects.all(), "organisations"),
        "source": top(Source.objects.all(), "sightings"),
    }


def _entries():
    """(index, name, address or callable, kind, username) for every measurement."""
    entries = []
    for name, address, kind in PAGES:
        entries.append((name, address, kind, "admin" if name in ADMINISTRATOR else "officer"))
        if name in LEADERSHIP:
            entries.append((f"{name} (leadership)", address, kind, "leader"))
    return [(i, *entry) for i, entry in enumerate(entries)]


def _read(response) -> int:
    """Read the whole body, as a browser would, and return its length. A stream is read chunk
    by chunk and nothing is kept, so the bench's memory is not mistaken for the page's."""
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def _measure(client, address, kind, runs):

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = HTMX if kind == "fragment" else {}
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(address, headers=headers)
        size = _read(response)
        first = time.perf_counter() - started
    result = {
        "status": response.status_code,
        "queries": len(captured),
        "bytes": size,
        "first": first,
    }
    # A full garbage collection before the timed runs. Python collects its oldest generation
    # when enough objects have survived since the last time; the warm-ups of earlier pages
    # (templates compiled, caches filled) leave such survivors, so without this a pause of
    # 80-100 ms (the whole heap of a Django process, 140,000 objects) falls in a timed run of
    # whichever page comes next. Collections this page's own runs cause are still timed, and
    # counted in `full_collections`.
    gc.collect()
    full = []

    def count_full(phase, info):
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(count_full)
    times = []
    # At least one timed run after the warm-up, unless the warm-up alone took so long that
    # the page has missed by far (a second run would only double the wait).
    for _ in range(runs if first <= SLOW_RUN else 1 if first <= 4 * SLOW_RUN else 0):
        started = time.perf_counter()
        _read(client.get(address, headers=headers))
        times.append(time.perf_counter() - started)
        if times[-1] > SLOW_RUN:
            break
    gc.callbacks.remove(count_full)
    times = times or [first]
    result["times"] = times
    result["full_collections"] = len(full)
    if kind == "export" and first <= SLOW_RUN * 6:
        result.update(export_memory(client, address, headers))
    return result


def export_memory(client, address, headers=None) -> dict:
    """What a server holds while it streams an export to a client, read under tracemalloc a
    piece at a time with nothing kept: the peak while the first `EARLY_CHUNKS` chunks of rows
    are produced (`memory_early`, including the request itself), the peak over the rest of the
    stream (`memory_later`, counted from the same start, so a steady stream gives about the same
    figure) and how many rows that rest held (`rows_later`).

    A CSV body is its byte order mark, its header and a piece per row; a JSON one a piece per
    record and its closing bracket; each chunk is `ui.spreadsheet.CHUNK_SIZE` rows.
    """
    import itertools
    import tracemalloc

    from ui.spreadsheet import CHUNK_SIZE

    early_pieces = EARLY_CHUNKS * CHUNK_SIZE + 2
    tracemalloc.start()
    try:
        response = client.get(address, headers=headers or {})
        stream = iter(response.streaming_content if response.streaming else [response.content])
        for _ in itertools.islice(stream, early_pieces):
            pass
        early = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        rows_later = sum(1 for _ in stream)
        later = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {
        "peak_memory": max(early, later),
        "memory_early": early,
        "memory_later": later,
        "rows_later": rows_later,
    }


def worker(start: int, runs: int, only: str | None) -> int:
    """Measure entries from `start`, one JSON line each, announcing each before it starts."""
    from benchmarks import setup_django

    setup_django(migrate=False)
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # a 4xx is in the results
    from django.contrib.auth import get_user_model
    from django.test import Client

    objects = _objects()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["admin", "officer", "leader"])
    }
    clients = {}
    for username, user in users.items():
        clients[username] = Client(HTTP_HOST="127.0.0.1")
        clients[username].force_login(user)
    # Imports, URL resolvers and compiled templates are made by the first request of all, and
    # content types are looked up once per process: no page should pay for them, or a page's
    # query count would depend on which pages ran before it.
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())
    for client in clients.values():
        _read(client.get("/"))
    for index, name, address, kind, username in _entries():
        if index < start or (only and only.lower() not in name.lower()):
            continue
        url = address(objects) if callable(address) else address
        print(json.dumps({"start": index}), flush=True)
        result = _measure(clients[username], url, kind, runs)
        result.update(index=index, name=name, url=url, kind=kind, user=username)
        print(json.dumps(result), flush=True)
    print(json.dumps({"done": True}), flush=True)
    return 0


# Databases: seeded once per (code, scale), copied for each run --------------------------


def cache_key(scale: int) -> str:
    """Changes when a migration, the demo code or the sources file changes."""
    digest = hashlib.sha256(f"scale={scale}".encode())
    files = sorted(ROOT.glob("*/migrations/*.py")) + sorted(ROOT.glob("*/demo.py"))
    files += sorted((ROOT / "demo").rglob("*.py")) + [ROOT / "monitors.toml"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings_test",
        WAYMARK_VAR_DIR=tempfile.mkdtemp(prefix="waymark-bench-var-"),
        MONITORS_MEMBERS_API="",
    )
    env.pop("DJANGO_DEBUG", None)
    return env


def _seed(database_url: str, scale: int) -> float:
    env = _env(database_url)
    started = time.monotonic()
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo", "--scale", str(scale)]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return time.monotonic() - started


def _postgres(*args: str, database: str = "postgres", check=True):
    """psql/createdb/dropdb against the bench's server (database names are the bench's own)."""
    from urllib.parse import urlsplit

    url = urlsplit(POSTGRES_URL)
    common = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)]
    common += ["-U", url.username or "postgres"]
    tool, *rest = args
    if tool == "psql":
        command = ["psql", *common, "-d", database, "-tAq", *rest]
    else:
        command = [tool, *common, *rest]
    return subprocess.run(command, capture_output=True, text=True, check=check)


def postgres_answers() -> bool:
    try:
        return _postgres("psql", "-c", "select 1", check=False).returncode == 0
    except FileNotFoundError:
        return False


def _postgres_exists(name: str) -> bool:
    # The catalogue of databases is outside any model: psql reads it.
    found = _postgres("psql", "-c", f"select 1 from pg_database where datname = '{name}'")
    return found.stdout.strip() == "1"


def prepare(db: str, scale: int, fresh: bool) -> tuple[str, dict, callable]:
    """A seeded database of the bench's own: (DATABASE_URL, cache facts, drop it)."""
    key = cache_key(scale)
    CACHE.mkdir(parents=True, exist_ok=True)
    facts_file = CACHE / f"pages-{db}-s{scale}-{key}.json"
    if db == "sqlite":
        cached = CACHE / f"pages-s{scale}-{key}.sqlite3"
        if fresh or not cached.exists() or not facts_file.exists():
            building = cached.with_suffix(".building")
            building.unlink(missing_ok=True)
            print(f"   seeding scale {scale} on SQLite (cached as {cached.name})...", flush=True)
            seconds = _seed(f"sqlite:///{building}", scale)
            # One file, no write-ahead log beside it, so a copy is the whole database.
            with sqlite3.connect(building) as connection:
                connection.execute("PRAGMA journal_mode=DELETE")
            building.replace(cached)
            facts_file.write_text(json.dumps({"seed_seconds": seconds, "key": key}))
        work = Path(tempfile.mkdtemp(prefix="waymark-bench-")) / "pages.sqlite3"
        shutil.copyfile(cached, work)
        size = cached.stat().st_size

        def drop():
            shutil.rmtree(work.parent, ignore_errors=True)

        facts = json.loads(facts_file.read_text()) | {"size": size}
        return f"sqlite:///{work}", facts, drop
    cached = f"waymark_bench_s{scale}_{key}"
    if fresh or not _postgres_exists(cached) or not facts_file.exists():
        building = f"{cached}_building"
        _postgres("dropdb", "--if-exists", building)
        _postgres("dropdb", "--if-exists", cached)
        _postgres("createdb", building)
        print(f"   seeding scale {scale} on PostgreSQL (cached as {cached})...", flush=True)
        seconds = _seed(f"{POSTGRES_URL}/{building}", scale)
        _postgres("psql", "-c", f'alter database "{building}" rename to "{cached}"')
        facts_file.write_text(json.dumps({"seed_seconds": seconds, "key": key}))
    work = f"waymark_bench_run_{os.getpid()}_s{scale}"
    _postgres("dropdb", "--if-exists", work)
    _postgres("createdb", "-T", cached, work)
    # VACUUM as well as ANALYZE: a database that has been running a while has been vacuumed
    # by autovacuum, and only then can PostgreSQL count from an index without visiting every
    # row it counts (a freshly seeded copy made the interactions COUNT 7 times slower).
    _postgres("psql", "-c", "vacuum analyze", database=work)

    def drop():
        # --force: a worker killed at a timeout may leave its connection behind for a moment.
        _postgres("dropdb", "--if-exists", "--force", work, check=False)

    return f"{POSTGRES_URL}/{work}", json.loads(facts_file.read_text()), drop


def _pump(stream, lines):
    for line in stream:
        lines.put(line)
    lines.put(None)


def _run_workers(database_url: str, runs: int, only: str | None, timeout: float) -> list[dict]:
    """Every entry measured in worker processes; a page over `timeout` is recorded and
    skipped."""
    results, start, total = [], 0, len(_entries())
    env = _env(database_url)
    while start < total:
        process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bench_pages", "--worker", str(start)]
            + ["--runs", str(runs)]
            + (["--only", only] if only else []),
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
        current, wait = None, 600.0  # the first wait covers finding the busiest records
        while True:
            try:
                line = lines.get(timeout=wait)
            except queue.Empty:
                process.kill()
                process.wait()
                index, name, _, kind, user = _entries()[current]
                print(f"   {name}: no answer in {timeout:.0f} s", flush=True)
                results.append(
                    {"index": index, "name": name, "kind": kind, "user": user, "timeout": timeout}
                )
                start = current + 1
                break
            if line is None:
                process.wait()
                if process.returncode:
                    raise RuntimeError(f"page worker failed ({process.returncode})")
                start = total
                break
            if not line.startswith("{"):
                continue
            message = json.loads(line)
            if "start" in message:
                current, wait = message["start"], timeout
            elif "done" in message:
                continue
            else:
                results.append(message)
                print(f"   {_one_line(message)}", flush=True)
                wait = timeout
    return results


# Reporting ---------------------------------------------------------------------------


def _p95(times):
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:,.0f}"


def _one_line(result):
    times = result.get("times") or []
    return (
        f"{result['name']}: {result.get('status')} {result.get('queries')} queries, "
        f"median {_ms(statistics.median(times)) if times else '-'} ms, "
        f"{result.get('bytes', 0) / 1024:,.0f} KB"
    )


def _summary(result):
    if not result:
        return None
    if "timeout" in result:
        return {"timeout": result["timeout"]}
    times = result["times"]
    return {
        "status": result["status"],
        "queries": result["queries"],
        "median": statistics.median(times),
        "p95": _p95(times),
        "runs": len(times),
        "bytes": result["bytes"],
        "peak_memory": result.get("peak_memory"),
        "memory_early": result.get("memory_early"),
        "memory_later": result.get("memory_later"),
        "rows_later": result.get("rows_later"),
        "full_collections": result.get("full_collections"),
    }


def verdict(kind, small, large):
    """ "ok" or "MISS: reasons", judged on the scale-100 figures against the scale-1 ones."""
    reasons = []
    if large is None:
        return ""
    if "timeout" in large:
        return f"MISS: no answer in {large['timeout']:.0f} s"
    if large["status"] != 200:
        reasons.append(f"status {large['status']}")
    target = TARGETS[kind]
    if target is not None and large["p95"] * 1000 > target:
        reasons.append(
            f"p95 {_ms(large['p95'])} ms > {target} ms"
            + (
                " (a full garbage collection fell in a timed run)"
                if large.get("full_collections")
                else ""
            )
        )
    if small and "timeout" not in small:
        if (
            target is not None
            and small["median"]
            and large["median"] / small["median"] >= MAX_RATIO
        ):
            reasons.append(f"ratio {large['median'] / small['median']:.1f} ≥ {MAX_RATIO:.0f}")
        # Exports read the database a chunk of rows at a time (ui/spreadsheet.py), so their
        # queries grow by a fixed number per chunk; the tests hold that number constant.
        if small["queries"] != large["queries"] and kind != "export":
            reasons.append(f"queries {small['queries']} → {large['queries']}")
    if kind != "export":
        return "MISS: " + "; ".join(reasons) if reasons else "ok"
    reasons += memory_misses(large)
    if reasons:
        return "MISS: " + "; ".join(reasons)
    if not large.get("peak_memory"):
        return "memory not measured (too slow to read twice)"
    if not large.get("memory_early"):
        return "ok (growth not measured)"
    if not large.get("rows_later"):
        return "ok (under three chunks: growth not judged)"
    return "ok"


def memory_misses(summary) -> list[str]:
    """Why an export's memory is not flat, if it is not: it grew after the first chunks, or its
    peak is over the ceiling. A stream too short to have a rest is judged on its peak alone."""
    reasons = []
    early, later = summary.get("memory_early"), summary.get("memory_later")
    if early and later and summary.get("rows_later") and later > MEMORY_GROWTH * early:
        reasons.append(
            f"memory grew ×{later / early:.1f} after the first {EARLY_CHUNKS} chunks "
            f"({early / 1e6:,.1f} → {later / 1e6:,.1f} MB)"
        )
    peak = summary.get("peak_memory")
    if peak and peak > MEMORY_CEILING:
        reasons.append(f"peak {peak / 1e6:,.1f} MB > {MEMORY_CEILING / 1e6:,.0f} MB")
    return reasons


def memory_note(small, large) -> str:
    """An export's peak at scale 100, its two phases, and (for information) its growth over
    the scale-1 peak, which mostly compares a full chunk with a part one."""
    note = f"{large['peak_memory'] / 1e6:,.1f} MB"
    phases = []
    if large.get("memory_early") and large.get("rows_later"):
        phases.append(
            f"first {EARLY_CHUNKS} chunks {large['memory_early'] / 1e6:,.1f}, "
            f"rest {large['memory_later'] / 1e6:,.1f}"
        )
    if small and small.get("peak_memory"):
        phases.append(f"×{large['peak_memory'] / small['peak_memory']:,.1f} scale 1")
    return note + (f" ({'; '.join(phases)})" if phases else "")


def _load(db, scale):
    path = RESULTS / f"pages-{db}-s{scale}.json"
    return json.loads(path.read_text()) if path.exists() else None


def table(db) -> tuple[str, list[tuple]]:
    """A Markdown table of one database's pages at both scales, and the misses."""
    runs = {scale: _load(db, scale) for scale in SCALES}
    if not any(runs.values()):
        return "", []
    by_name = {
        scale: {r["name"]: r for r in (run or {}).get("pages", [])} for scale, run in runs.items()
    }
    names = [e[1] for e in _entries()]
    kinds = {e[1]: e[3] for e in _entries()}
    rows = [
        "| Page | Kind | Queries (1 / 100) | Median ms, scale 1 | p95 | Median ms, scale 100 "
        "| p95 | Ratio | Size at 100 | Verdict |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    misses = []
    for name in names:
        small = _summary(by_name[1].get(name))
        large = _summary(by_name[100].get(name))
        if small is None and large is None:
            continue
        kind = kinds[name]

        def cell(summary, field):
            if summary is None:
                return "-"
            if "timeout" in summary:
                return f"> {summary['timeout'] * 1000:,.0f}" if field != "queries" else "?"
            return _ms(summary[field]) if field != "queries" else str(summary["queries"])

        ratio = "-"
        if small and large and "timeout" not in small and "timeout" not in large:
            ratio = f"{large['median'] / small['median']:.1f}"
        size = "-"
        if large and "timeout" not in large:
            size = f"{large['bytes'] / 1024:,.0f} KB"
            if large.get("peak_memory"):
                size += f", peak {memory_note(small, large)}"
        judged = verdict(kind, small, large)
        if judged.startswith("MISS"):
            worst = large.get("timeout") or large.get("p95") or 0
            misses.append((worst, name, kind, judged))
        rows.append(
            f"| {name} | {kind} | {cell(small, 'queries')} / {cell(large, 'queries')} "
            f"| {cell(small, 'median')} | {cell(small, 'p95')} | {cell(large, 'median')} "
            f"| {cell(large, 'p95')} | {ratio} | {size} | {judged} |"
        )
    return "\n".join(rows), sorted(misses, reverse=True)


def _versions():
    import django

    pg = "not reachable"
    if postgres_answers():
        pg = _postgres("psql", "-c", "show server_version").stdout.strip() or pg
    memory = "?"
    try:
        with open("/proc/meminfo") as info:
            memory = f"{int(info.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg,
        "platform": platform.platform(),
    }


# What the PostgreSQL figures depend on, kept with the table the bench writes.
POSTGRES_NOTE = (
    "Why PostgreSQL was slower than SQLite on the same pages at scale 100, and what changed "
    "(each query timed with EXPLAIN ANALYZE on a copy of the bench's database, load average "
    "about 7 on 2 cores): (1) the bench's copy had never been vacuumed, so every COUNT for "
    "the page numbers visited every row it counted (all interactions: 150 ms, 20 ms after "
    "VACUUM); a running database has been vacuumed by autovacuum, so the bench now runs VACUUM "
    "ANALYZE on its copy. (2) The JIT compiler, on by default, compiled any query the planner "
    "judged costly: 300 ms of the live theory of change's 600 ms query. (3) The default "
    "random_page_cost of 4 (spinning disks) made the planner read every interaction's stored "
    "search text instead of the full-text index, and every interaction instead of the partial "
    "index of open follow-ups (follow-up counts 200 ms, 12 ms after). Waymark's connections now "
    "set jit=off and random_page_cost=1.1 (`DATABASE_PG_OPTIONS`, docs/deployment.md). (4) "
    "Per-row counts written COUNT(id) visited each counted row; COUNT(*) counts from the index "
    "alone: the sources list's query 650 ms to 150 ms, the live theory of change's 200 ms to "
    "80 ms. (5) Interaction search ORed the full-text condition with the name id lists, which "
    "no index can serve; as an id list it uses the GIN index: counting the 26,000 interactions "
    "with a word starting 'return' went from 1 s to 0.45 s; every other full-text search keeps "
    "the condition on the vector, as an id list made counts slower (evidence 'protocol' 8 to "
    "42 ms). (6) Organisations are searched through their own full-text index, as people "
    "are, not a LIKE over 5,000 names, notes and websites ('police': 8.6 ms to 0.5 ms to "
    "count). (7) Organisations sorted by last contact read it in one aggregate, not a "
    "subquery per organisation: the list 0.9-1.3 s to 0.26-0.30 s, its CSV 1.4-3.4 s to "
    "0.8-1.4 s (load about 2). Still slow: that interactions count itself (a quarter of all "
    "interactions match, and the page numbers need them all), evidence phrase search "
    "(positions are rechecked in each candidate's stored text, 250 ms), and the interactions "
    "CSV, 12-13 s on a fresh copy at load 2: about 6 s in its 804 link queries (a nested loop "
    "over the people's primary key, 12 ms a chunk; reading link pairs and then names by id "
    "was tried and was slower), the rest in Python. No extension is needed. Why the exports "
    "were slow on PostgreSQL, and what changed: [stakeholders-and-evidence.md]"
    "(stakeholders-and-evidence.md#why-the-exports-were-slow-on-postgresql)."
)


def write_doc() -> Path:
    machine = (
        json.loads((RESULTS / "machine.json").read_text())
        if (RESULTS / "machine.json").exists()
        else _versions()
    )
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m benchmarks`); the page benchmark alone is "
        "`python -m benchmarks pages [--scale 1|100] [--db sqlite|postgres] [--only TEXT]`, and "
        "`python -m benchmarks pages --report` rewrites this file from the saved results "
        "(`var/bench-results/`). Pages are listed in `benchmarks/bench_pages.py` (`PAGES`).",
        "",
        "## Machine",
        "",
        f"- {machine['cores']} cores, {machine['memory']} memory, {machine['platform']}",
        f"- Python {machine['python']}, Django {machine['django']}, SQLite {machine['sqlite']}, "
        f"PostgreSQL {machine['postgresql']}",
        f"- Written {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC. The machine is "
        "shared: figures taken while other work ran are noisier and slower than on an idle one.",
        "",
        "## Pages at scale 1 and scale 100",
        "",
        *(
            [(RESULTS / "note.txt").read_text().strip(), ""]
            if (RESULTS / "note.txt").exists()
            else []
        ),
        "Scale 1 is `seed_demo --scale 1` (the hand-written demo plus one unit of generated "
        "data: about 220 people, 80 organisations, 1,050 interactions, 2,000 monitored items); "
        "scale 100 is `seed_demo --scale 100` (20,017 people, 5,028 organisations, 100,052 "
        "interactions, 200,032 monitored items, 20,006 openings, 10,006 evidence items). "
        'Signed in as an officer ("(leadership)" rows as leadership; digests and the subject '
        "access export as an administrator, the only role allowed them). Queries are counted on "
        "the warm-up request; median and p95 are over the timed runs that follow it (p95 is "
        "the nearest rank, so the slowest of 7). Ratio is the median at scale 100 over the "
        "median at scale 1. Between the warm-up and the timed runs the bench collects the "
        "process's garbage in full (`gc.collect()`): a full collection of a Django process's "
        "heap (about 140,000 objects) takes 80-100 ms on this machine, and Python runs one "
        "when enough objects have survived since the last, which the warm-ups of earlier pages "
        "(templates compiled, caches filled) bring about; without it that pause falls in a "
        "timed run of whichever page comes next. A full collection that a page's own runs "
        "cause is still timed, and its MISS says so.",
        "",
        "Targets (SQLite): lists, details, forms and fragments p95 ≤ 150 ms, dashboards and maps "
        "≤ 400 ms, search ≤ 200 ms; ratio < 3; the same number of queries at both scales. "
        "Exports have no time target (they grow with the data) but must keep memory flat: "
        "they read the database a chunk of 500 rows at a time, and reading on must cost no "
        "more than reading the start. Each is read once more under tracemalloc, a piece at a "
        "time with nothing kept, at scale 100: the peak while its first "
        f"{EARLY_CHUNKS} chunks of rows are produced (the request included) and the peak over "
        f"the rest of the stream, counted from the same start; MISS if the rest's peak is over "
        f"{MEMORY_GROWTH} times the first one (memory grows as the stream goes on), or if the "
        f"peak is over {MEMORY_CEILING / 1e6:,.0f} MB (a stream that loads everything at its "
        "first row, or chunks too heavy to serve to several people at once). An export too "
        "short to reach a third chunk is judged on its peak alone. The size "
        "column gives the peak, the two phases and, for information only, the peak over the "
        "scale-1 peak: scale 1 exports hold fewer rows than one chunk, so that ratio mostly "
        "compares a full chunk with a part one and says nothing about growth. Their queries "
        "grow by a fixed number per chunk (the tests hold that number constant): not a miss. "
        "A page that misses says MISS and why.",
        "",
    ]
    for db, title in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        text, misses = table(db)
        if not text:
            continue
        meta = {scale: (_load(db, scale) or {}).get("meta", {}) for scale in SCALES}
        parts += [f"### {title}", ""]
        if db == "postgres":
            parts += [POSTGRES_NOTE, ""]
        for scale in SCALES:
            if meta[scale]:
                m = meta[scale]
                parts.append(
                    f"- Scale {scale}: measured {m.get('measured', '?')}, "
                    f"code {m.get('commit', '?')}, "
                    f"seeded in {m.get('seed_seconds', 0):,.0f} s"
                    + (f", database {m['size'] / 1e6:,.0f} MB" if m.get("size") else "")
                    + f", {m.get('runs', RUNS)} runs per page"
                    + (f", load average at the end {m['load']}." if m.get("load") else ".")
                )
        parts += ["", text, ""]
        if misses:
            parts += [f"Worst at scale 100 on {title}:", ""]
            for _worst, name, kind, judged in misses[:15]:
                parts.append(f"- {name} ({kind}): {judged[6:]}")
            parts.append("")
    for name, title, where in (
        ("bench_monitors", "Monitors", "monitors.md#benchmark"),
        ("bench_digests", "Digests", "alerts.md#performance"),
    ):
        path = RESULTS / f"{name}.txt"
        parts += [f"## {title}", ""]
        if path.exists():
            modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC)
            parts += [
                f"Output of `python -m benchmarks {name[6:]}` ({modified:%Y-%m-%d %H:%M} UTC); "
                f"targets and what the figures mean are in [{where.split('#')[0]}]({where}).",
                "",
                "```",
                path.read_text().rstrip(),
                "```",
                "",
            ]
        else:
            parts += [
                f"Not run in this pass (`python -m benchmarks {name[6:]}` runs it); the last "
                f"figures are in [{where.split('#')[0]}]({where}).",
                "",
            ]
    DOC.write_text("\n".join(parts))
    return DOC


def _commit():
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks pages", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--scale", type=int, nargs="+", choices=SCALES, default=list(SCALES))
    parser.add_argument("--db", nargs="+", choices=DATABASES, default=list(DATABASES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    parser.add_argument("--fresh", action="store_true", help="seed again, ignoring the cache")
    parser.add_argument("--report", action="store_true", help="only rewrite docs/benchmarks.md")
    parser.add_argument(
        "--note", help="a paragraph for the doc about this pass (say, the machine's load)"
    )
    parser.add_argument(
        "--seed-only", action="store_true", help="prepare the cached databases, measure nothing"
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        return worker(args.worker, args.runs, args.only)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.note is not None:
        (RESULTS / "note.txt").write_text(args.note)
    if not args.report:
        (RESULTS / "machine.json").write_text(json.dumps(_versions()))
        for db in args.db:
            if db == "postgres" and not postgres_answers():
                print(f"== pages on PostgreSQL: skipped, {POSTGRES_URL} does not answer")
                continue
            for scale in args.scale:
                print(f"== pages on {db}, scale {scale}", flush=True)
                database_url, facts, drop = prepare(db, scale, args.fresh)
                if args.seed_only:
                    drop()
                    continue
                try:
                    pages = _run_workers(database_url, args.runs, args.only, args.timeout)
                finally:
                    drop()
                path = RESULTS / f"pages-{db}-s{scale}.json"
                if args.only and path.exists():
                    # Keep the other pages' earlier figures; replace only the ones measured.
                    kept = json.loads(path.read_text())
                    measured = {p["name"] for p in pages}
                    pages = [p for p in kept["pages"] if p["name"] not in measured] + pages
                meta = facts | {
                    "load": "{:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()),
                    "measured": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
                    "commit": _commit(),
                    "runs": args.runs,
                }
                path.write_text(json.dumps({"meta": meta, "pages": pages}, indent=1))
    if args.seed_only:
        return 0
    missed = False
    for db in DATABASES:
        text, misses = table(db)
        if text:
            print(f"\n== {db}\n{text}")
        missed = missed or bool(misses)
    print(f"Wrote {write_doc().relative_to(ROOT)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
