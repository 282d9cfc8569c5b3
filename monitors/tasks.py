"""Scanning sources: the background work behind the monitors.

Each function takes `now` and returns what it did. `run_due_scans` is what the django-q2
schedule calls every minute; `scan_sources` (the management command) and the "Scan now" button
reach the same `scan_source`. A source is claimed with a conditional UPDATE before it is
scanned, so two workers never scan it at once, and every store is idempotent, so a scan that
runs twice stores nothing twice.

A worker can die mid-scan without running any clean-up (SIGKILL, out of memory, a restart, or
django-q2 stopping a task at its timeout). So a claim is a lease: it lasts the task timeout
(Q_TIMEOUT_SECONDS) plus a minute and is renewed at every stage of a scan together with its
run's heartbeat. A lease not renewed in that time belongs to a dead worker: the source is free
again and `recover_stale_scans` ends the run as interrupted, so the next scan goes ahead.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_q.tasks import async_task

import relevance
from harvesting import fetch as fetching
from harvesting.documents import extract_document_text, missing_passages
from harvesting.parsers import ParseError, get_parser
from harvesting.parsers.jsonapi import windowed_url
from monitors.ingest import ScanContext, StoreResult, store_items, store_page
from monitors.members import name_unknown_members
from monitors.models import RelevanceWeights, ScanRun, Source
from monitors.outbound import fetch_options

logger = logging.getLogger(__name__)

# Beyond the task timeout, so django-q2 stops an overrunning task before its lease can lapse.
CLAIM_MARGIN_SECONDS = 60
INTERRUPTED_MESSAGE = (
    "The worker running this scan stopped before it finished (it was restarted, ran out of "
    "time or memory). Nothing is lost; the next scan reads the source again."
)
DISABLED_MESSAGE = "{source} is disabled, so it was not scanned. Enable it to scan it again."
# Failures in a row before the owner and administrators are told.
ALERT_AFTER_FAILURES = 3
# A listing that used to give at least this many items and now gives none has probably changed.
EMPTY_ALARM_MIN_ITEMS = 3
MAX_BACKOFF = datetime.timedelta(days=1)
DEFAULT_MAX_DOCUMENTS = 10
DOCUMENT_MAX_BYTES = 25 * 1024 * 1024

_JSON_TYPES = ("application/json", "text/json", "application/problem+json")
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT: dict[str, tuple[str, ...]] = {
    Source.Kind.RSS: _FEED_TYPES,
    Source.Kind.HTML: _HTML_TYPES,
    Source.Kind.PAGE: _HTML_TYPES,
}
_DOCUMENT_TYPES = ("application/pdf", "text/html", "application/xhtml+xml", "text/plain")


def _setting(name, default):
    return getattr(settings, name, default)


@dataclass
class ScanResult:
    source: str
    status: str
    fetched: int = 0
    new: int = 0
    updated: int = 0
    merged: int = 0
    openings: int = 0
    pages: int = 0
    error: str = ""
    opened: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """What a run records of its progress so far."""
        return {
            "pages": self.pages,
            "fetched": self.fetched,
            "new": self.new,
            "updated": self.updated,
            "merged": self.merged,
            "openings": self.openings,
        }

    @property
    def ok(self) -> bool:
        return self.status in (ScanRun.Status.SUCCEEDED, ScanRun.Status.NOT_MODIFIED)

    def line(self) -> str:
        if self.status == "busy":
            return f"{self.source}: skipped, another scan of it is running"
        if self.status == ScanRun.Status.NOT_MODIFIED:
            return f"{self.source}: unchanged since the last check"
        merged = f", {self.merged} merged" if self.merged else ""
        counts = (
            f"{self.fetched} fetched, {self.new} new, {self.updated} updated{merged}, "
            f"{self.openings} openings"
        )
        if self.error:
            return f"{self.source}: {counts}; error: {self.error}"
        return f"{self.source}: {counts}"


# --- Claims and schedule ------------------------------------------------------------------------


def claim_lease() -> datetime.timedelta:
    """How long a claim or a run's heartbeat holds without being renewed."""
    timeout = int(settings.Q_CLUSTER.get("timeout") or 600)
    return datetime.timedelta(seconds=timeout + CLAIM_MARGIN_SECONDS)


def claim(source: Source, now: datetime.datetime, *, due_only: bool = False) -> bool:
    """Take the source for one scan, only if no one else holds it (and, if asked, it is due)."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    rows = Source.objects.filter(free, pk=source.pk)
    if due_only:
        rows = rows.filter(enabled=True, next_check_at__lte=now)
    until = now + claim_lease()
    if rows.update(claimed_until=until) != 1:
        return False
    source.claimed_until = until
    return True


def heartbeat(source: Source, run: ScanRun, now: datetime.datetime, **run_fields) -> None:
    """Renew the claim and the run's sign of life; the scan's own `now` may be a fixed time."""
    beat = max(now, timezone.now())
    until = beat + claim_lease()
    Source.objects.filter(pk=source.pk, claimed_until__isnull=False).update(claimed_until=until)
    ScanRun.objects.filter(pk=run.pk).update(heartbeat_at=beat, **run_fields)
    source.claimed_until = until


def recover_stale_scans(now: datetime.datetime, *, source: Source | None = None) -> int:
    """End the runs whose worker stopped sending heartbeats, and free their sources' claims.

    Returns how many runs were marked interrupted. Safe to run twice and at once: both are
    conditional UPDATEs on rows no live worker holds.
    """
    stale = now - claim_lease()
    runs = ScanRun.objects.filter(status=ScanRun.Status.RUNNING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale)
    )
    claims = Source.objects.filter(claimed_until__lt=now)
    if source is not None:
        runs, claims = runs.filter(source=source), claims.filter(pk=source.pk)
    interrupted = runs.update(
        status=ScanRun.Status.INTERRUPTED,
        stage="Interrupted",
        finished_at=now,
        error=INTERRUPTED_MESSAGE,
    )
    if interrupted:
        logger.warning("Marked %s scan run(s) interrupted: their worker stopped", interrupted)
    claims.update(claimed_until=None)
    return interrupted


def next_check(source: Source, now: datetime.datetime, *, failures=0, retry_after=None):
    """When to look again: the interval plus jitter, longer after failures, never before a
    server's Retry-After."""
    every = source.every or datetime.timedelta(hours=6)
    if failures:
        every = min(every * (2 ** min(failures - 1, 10)), max(MAX_BACKOFF, source.every))
    jitter = random.uniform(0, min(every.total_seconds() * 0.1, 15 * 60))  # noqa: S311
    when = now + every + datetime.timedelta(seconds=jitter)
    if retry_after:
        when = max(when, now + datetime.timedelta(seconds=retry_after))
    return when


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


# --- Scanning -----------------------------------------------------------------------------------


class _EmptyListing(Exception):
    pass


def scan_source(
    source: Source,
    *,
    now: datetime.datetime,
    run: ScanRun | None = None,
    due_only: bool = False,
) -> ScanResult:
    """Fetch, parse and store one source; mark it healthy or failing. Never raises for the
    source's own faults, so other sources carry on."""
    # The claim and its run in one commit.
    with transaction.atomic():
        recover_stale_scans(now, source=source)
        if not claim(source, now, due_only=due_only):
            if run is not None:
                ScanRun.objects.filter(pk=run.pk).update(
                    status=ScanRun.Status.FAILED,
                    finished_at=now,
                    error=_busy_message(source),
                )
            return ScanResult(source.name, "busy")
        if run is None:
            run = ScanRun.objects.create(
                source=source,
                status=ScanRun.Status.RUNNING,
                started_at=now,
                heartbeat_at=max(now, timezone.now()),
                stage=_fetching_stage(0),
            )
        else:
            heartbeat(source, run, now, status=ScanRun.Status.RUNNING, started_at=now)
    result = ScanResult(source.name, ScanRun.Status.RUNNING)
    run.source = source  # so each stage's heartbeat renews this source's claim
    try:
        _scan(source, now=now, run=run, result=result)
    except fetching.FetchError as error:
        retry_after = getattr(error, "retry_after", None)
        _record_failure(source, now, str(error), result, run, retry_after=retry_after)
    except ParseError as error:
        _record_failure(source, now, str(error), result, run)
    except _EmptyListing as error:
        _record_failure(source, now, str(error), result, run, empty=True)
    except Exception as error:  # A parser bug must not stop the other sources.
        logger.exception("Scanning %s failed unexpectedly", source.name)
        message = f"Waymark could not process this source ({type(error).__name__}: {error})."
        _record_failure(source, now, message, result, run)
    else:
        _record_success(source, now, result, run)
    finally:
        # A successful scan has already let go of the source along with its other fields.
        if source.claimed_until is not None:
            Source.objects.filter(pk=source.pk).update(claimed_until=None)
            source.claimed_until = None
    return result


def _busy_message(source: Source) -> str:
    until = Source.objects.filter(pk=source.pk).values_list("claimed_until", flat=True).first()
    message = "Another scan of this source was already running."
    if until is not None:
        local = timezone.localtime(until)
        message += (
            " If its worker has stopped, the source is free again by "
            f"{local:%H:%M} on {local.day} {local:%B}, and the next scan goes ahead."
        )
    return message


def _fetching_stage(pages: int) -> str:
    return f"Fetching page {pages + 1}"


def _progress(run: ScanRun, result: ScanResult, stage: str) -> None:
    """Record the stage a scan reached; every stage is also a heartbeat."""
    if stage == run.stage and not result.pages:
        return  # A run created at this stage, with nothing to count yet.
    heartbeat(run.source, run, run.started_at, stage=stage, **result.counts())
    run.stage = stage


def _fetch(url: str, source: Source, **conditional) -> fetching.FetchResult:
    # An empty "accept" option switches the content-type check off for an odd server.
    accept = source.options.get("accept", ACCEPT.get(source.kind, _JSON_TYPES))
    return fetching.fetch(
        url,
        accept=accept or None,
        max_bytes=int(source.options.get("max_bytes", fetching.DEFAULT_MAX_BYTES)),
        deadline=float(source.options.get("deadline", fetching.DEFAULT_DEADLINE)),
        read_timeout=float(source.options.get("read_timeout", fetching.DEFAULT_READ_TIMEOUT)),
        **conditional,
        **fetch_options(),
    )


def _scan(source: Source, *, now, run: ScanRun, result: ScanResult) -> None:
    parser = get_parser(source.kind)
    options = {key: value for key, value in source.options.items() if key != "accept"}
    max_pages = int(options.get("max_pages", 10))
    page_delay = float(_setting("MONITORS_PAGE_DELAY", 0.5))
    # Looked up once something came back: an unchanged source needs neither.
    weights = context = None
    # "{year}" in an address is this year: the Scottish Parliament publishes a file per year.
    address = source.url.replace("{year}", str(timezone.localtime(now).year))
    if options.get("since_param"):
        # Everything dated in the window, read whole: the relevance filter decides.
        address = windowed_url(
            address,
            param=options["since_param"],
            days=int(options.get("since_days", 30)),
            today=now.date(),
        )
    url: str | None = address
    first = True
    etag: str | None = None
    last_modified: str | None = None
    digest = ""
    stored = StoreResult()
    while url and result.pages < max_pages:
        _progress(run, result, _fetching_stage(result.pages))
        conditional = {}
        if first:
            conditional = {
                "etag": source.etag or None,
                "last_modified": source.last_modified or None,
            }
        response = _fetch(url, source, **conditional)
        if first and response.not_modified:
            result.status = ScanRun.Status.NOT_MODIFIED
            return
        if first:
            digest = hashlib.sha256(response.body).hexdigest()
            if digest == source.content_digest:
                # The same bytes as the last whole read: what a 304 would have said.
                result.status = ScanRun.Status.NOT_MODIFIED
                return
            etag, last_modified = response.etag, response.last_modified
            weights = RelevanceWeights.current()
            context = ScanContext.for_source(source, now=now, weights=weights)
        result.pages += 1
        _progress(run, result, f"Reading page {result.pages}")
        parsed = parser(
            response.body,
            url=response.url,
            options={**options, "content_type": response.content_type},
        )
        if source.kind == Source.Kind.PAGE:
            page_result = store_page(source, parsed.items[0], now=now, weights=weights)
            stored.add(page_result)
            break
        items = parsed.items
        if options.get("only_member"):
            # A member watch over a file of every member's records (an MSP's): theirs only.
            items = [item for item in items if options["member"] in item.member_ids]
        passages = {}
        if source.follow_documents and items:
            passages = _read_documents(source, items, result)
        stored.add(store_items(source, items, now=now, context=context, passages=passages))
        result.fetched, result.new, result.updated = stored.fetched, stored.new, stored.updated
        result.merged = stored.merged
        result.openings, result.opened = stored.openings, stored.opened
        url, first = parsed.next_url, False
        if url and page_delay:
            time.sleep(page_delay)
    result.fetched, result.new, result.updated = stored.fetched, stored.new, stored.updated
    result.merged = stored.merged
    result.openings, result.opened = stored.openings, stored.opened
    if result.opened and settings.MONITORS_MEMBERS_API:
        _progress(run, result, "Looking up Parliament members")
        name_unknown_members(result.opened)
    previous = source.last_item_count or 0
    if (
        source.kind != Source.Kind.PAGE
        # A member with nothing in a new year's file is not a broken source.
        and not options.get("only_member")
        and result.fetched == 0
        and previous >= EMPTY_ALARM_MIN_ITEMS
    ):
        # Raised before the validators are kept, so the next scan reads the listing again
        # instead of hearing "not modified" and calling the source healthy.
        raise _EmptyListing(
            f"The listing returned no items, where the last good scan found {previous}. "
            "The page layout or the service may have changed."
        )
    # Only a clean read of a one-page listing stands for the whole source next time.
    digest = digest if result.pages == 1 and not result.error else ""
    Source.objects.filter(pk=source.pk).update(
        etag=(etag or "")[:500], last_modified=(last_modified or "")[:100], content_digest=digest
    )
    source.etag, source.last_modified = etag or "", last_modified or ""
    source.content_digest = digest
    result.status = ScanRun.Status.SUCCEEDED


def _read_documents(source: Source, items, result: ScanResult) -> dict[str, list[dict]]:
    """Quote what each item's document says about missing people, with page numbers.

    Only items not already stored with passages are read, at most `max_documents` per scan.
    """
    from monitors.ingest import canonical_url
    from monitors.models import Item

    limit = int(source.options.get("max_documents", DEFAULT_MAX_DOCUMENTS))
    urls = [canonical_url(item.url) for item in items]
    done = set(Item.objects.filter(url__in=urls).exclude(passages=[]).values_list("url", flat=True))
    passages: dict[str, list[dict]] = {}
    errors: list[str] = []
    for item in items:
        if len(passages) + len(errors) >= limit:
            break
        if canonical_url(item.url) in done:
            continue
        document_url = item.document_url or item.url
        try:
            response = fetching.fetch(
                document_url,
                accept=_DOCUMENT_TYPES,
                max_bytes=DOCUMENT_MAX_BYTES,
                **fetch_options(),
            )
            pages = extract_document_text(response.body, response.content_type)
        except (fetching.FetchError, ParseError) as error:
            errors.append(f"{document_url}: {error}")
            item.extra = {**item.extra, "documentError": str(error)}
            continue
        found = missing_passages(pages, finds=relevance.missing_phrases)
        passages[item.external_id] = [
            {"page": passage.page, "text": passage.text} for passage in found
        ]
        if not passages[item.external_id]:
            # Read, and nothing about missing: remember it was read.
            passages[item.external_id] = [{"page": 0, "text": ""}]
    if errors:
        result.error = f"{len(errors)} linked document(s) could not be read. {errors[0]}"
    for key, quoted in passages.items():
        passages[key] = [passage for passage in quoted if passage["text"]] or quoted
    return passages


def _record_success(source: Source, now, result: ScanResult, run: ScanRun) -> None:
    unchanged = result.status == ScanRun.Status.NOT_MODIFIED
    fields = {
        "last_checked_at": now,
        "last_success_at": now,
        "consecutive_failures": 0,
        "alerted_at": None,
        "health": Source.Health.HEALTHY,
        "last_error": "",
        "next_check_at": next_check(source, now),
        "claimed_until": None,
    }
    if not unchanged:
        fields["last_item_count"] = result.fetched
    if source.first_scanned_at is None:
        fields["first_scanned_at"] = now
    if result.error:
        # The listing was read, but linked documents were not: keep the items, flag the source.
        fields.update(health=Source.Health.FAILING, last_error=result.error)
    # One commit for the source and its run: most scans end here, many with a 304.
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(**fields)
        ScanRun.objects.filter(pk=run.pk).update(
            status=result.status if unchanged else ScanRun.Status.SUCCEEDED,
            stage="Unchanged since the last check" if unchanged else "Done",
            finished_at=now,
            error=result.error,
            **result.counts(),
        )
    for name, value in fields.items():
        setattr(source, name, value)
    if not unchanged:
        result.status = ScanRun.Status.SUCCEEDED


def _record_failure(
    source, now, message, result: ScanResult, run, *, retry_after=None, empty=False
) -> None:
    result.status, result.error = ScanRun.Status.FAILED, message
    failures = source.consecutive_failures + 1
    fields = {
        "last_checked_at": now,
        "consecutive_failures": failures,
        "health": Source.Health.FAILING,
        "last_error": message,
        # An empty listing is not the server struggling, so it keeps its usual interval.
        "next_check_at": next_check(
            source, now, failures=0 if empty else failures, retry_after=retry_after
        ),
    }
    Source.objects.filter(pk=source.pk).update(**fields)
    for name, value in fields.items():
        setattr(source, name, value)
    ScanRun.objects.filter(pk=run.pk).update(
        status=ScanRun.Status.FAILED,
        stage="Failed",
        finished_at=now,
        error=message,
        **result.counts(),
    )
    if (empty or failures >= ALERT_AFTER_FAILURES) and source.alerted_at is None:
        # Alerts sit above monitors: the email is theirs to send, once per streak.
        enqueue("alerts.tasks.alert_failing_source", source.pk, now=now, empty=empty)


def enqueue(func: str, *args, **kwargs) -> None:
    """Hand work to the apps above monitors by dotted path, for a worker to run.

    Monitors never import alerts; a broker that does not answer loses nothing, as the alerts'
    own schedules pick up what is waiting.
    """
    try:
        async_task(func, *args, task_name=func.rsplit(".", 1)[-1], **kwargs)
    except Exception:
        logger.exception("Could not hand %s to a worker", func)


# --- Due scans ----------------------------------------------------------------------------------


def scan_due_sources(now: datetime.datetime, *, per_host: int | None = None) -> list[ScanResult]:
    """Scan every enabled source whose check is due, a few per host at a time."""
    per_host = per_host or int(_setting("MONITORS_PER_HOST", 2))
    # A new source has no next check yet: it is due now.
    Source.objects.filter(enabled=True, next_check_at__isnull=True).update(next_check_at=now)
    results = []
    hosts: Counter[str] = Counter()
    for source in Source.objects.due(now).select_related("owner"):
        host = _host(source.url)
        if hosts[host] >= per_host:
            continue  # Left due: the next run, a minute later, takes it.
        hosts[host] += 1
        result = scan_source(source, now=now, due_only=True)
        if result.status != "busy":
            results.append(result)
    return results


def run_queued_scan(run_id: int, *, now: datetime.datetime | None = None) -> ScanResult | None:
    """Run a scan someone asked for with "Scan now"; None if it was already taken."""
    now = now or timezone.now()
    if not ScanRun.objects.filter(pk=run_id, status=ScanRun.Status.QUEUED).update(
        status=ScanRun.Status.RUNNING, started_at=now, heartbeat_at=max(now, timezone.now())
    ):
        return None
    run = ScanRun.objects.select_related("source").get(pk=run_id)
    if not run.source.enabled:
        # Disabled after it was queued: an administrator stopped it, so nothing is fetched.
        message = DISABLED_MESSAGE.format(source=run.source)
        ScanRun.objects.filter(pk=run.pk).update(
            status=ScanRun.Status.FAILED, stage="Not scanned", finished_at=now, error=message
        )
        return ScanResult(run.source.name, ScanRun.Status.FAILED, error=message)
    return scan_source(run.source, now=now, run=run)


def run_due_scans(now: datetime.datetime | None = None) -> int:
    """The every-minute schedule: queued "Scan now" requests first, then due sources; what they
    opened is handed to alerts (immediate emails, channel posts). Returns how many scans ran."""
    now = now or timezone.now()
    recover_stale_scans(now)
    queued = ScanRun.objects.filter(status=ScanRun.Status.QUEUED).values_list("pk", flat=True)
    queued_results = [run_queued_scan(run_id, now=now) for run_id in list(queued)]
    results = [result for result in queued_results if result is not None]
    results += scan_due_sources(now)
    if any(result.opened for result in results):
        # Immediate subscribers hear of new important openings as soon as a worker takes the
        # task, not at the next five-minute schedule. Chat channels likewise.
        enqueue("alerts.tasks.send_immediate_alerts", now)
        enqueue("alerts.tasks.send_channels", now)
    return len(results)


def request_scan(source: Source, *, user=None, now=None) -> ScanRun | None:
    """Queue a scan of one source now and hand it to a worker; the page polls the run.

    None for a disabled source: "Scan now" does not fetch what an administrator switched off.
    """
    if not source.enabled:
        return None
    now = now or timezone.now()
    run = ScanRun.objects.filter(source=source, status=ScanRun.Status.QUEUED).first()
    if run is None:
        run = ScanRun.objects.create(
            source=source,
            status=ScanRun.Status.QUEUED,
            requested_by=user,
            started_at=now,
            stage="Waiting for a worker",
        )
    try:
        async_task("monitors.tasks.run_queued_scan", run.pk, task_name=f"Scan {source.name}"[:100])
    except Exception:
        # Without a worker the every-minute schedule still picks the queued run up.
        logger.exception("Could not hand the scan of %s to a worker", source.name)
    return run


def open_stored_items_of(person_id: int, now: datetime.datetime | None = None) -> int:
    """For a person just followed: open what was already stored of them (see
    `monitors.following.open_stored_items`); how many openings were made. A worker's job, as
    the look-up reads every recent item (over a second on a large SQLite database)."""
    from monitors.following import open_stored_items
    from stakeholders.models import Person

    person = Person.objects.not_erased().filter(pk=person_id).first()
    if person is None:
        return 0
    return len(open_stored_items(person, now=now or timezone.now()))
