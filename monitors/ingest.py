"""Storing what a source's parser found: each item once, updated when it changes, judged for
relevance, and opened for the team when it is about people going missing.

The work is done per page of results in a fixed number of queries (look up, insert, update,
link), so the cost per item does not grow with the number of items already stored. Items whose
content hash is unchanged cost one dictionary lookup: they are neither scored nor rewritten.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.constants import OnConflict
from django.utils import timezone

import relevance
from monitors.models import (
    LEVER_ELEMENT_CODES,
    Item,
    Opening,
    Sighting,
    Source,
    reasons_to_json,
)
from monitors.parsers import ParsedItem
from monitors.parsers.page import readable_diff
from stakeholders.models import Follow, LocalArea, Organisation, Person
from strategy.models import Element

CHUNK = 500
# Reasons kept per item: enough to explain the score without storing every repeat.
MAX_REASONS = 12
_TRACKING_PARAMETERS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


# An address already in its canonical spelling: lower-case scheme and host, no port, user,
# query or fragment, and nothing in the path that splitting would drop or change.
_ALREADY_CANONICAL = re.compile(r"https?://[a-z0-9.-]+(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?")


def canonical_url(url: str) -> str:
    """One spelling per address: lower-case scheme and host, no fragment, no tracking tags."""
    url = url.strip()
    if _ALREADY_CANONICAL.fullmatch(url):
        return url if url.count("/") > 2 else url + "/"
    parts = urlsplit(url)
    host, port = (parts.hostname or "").lower(), parts.port
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    if port == default_port:
        netloc = f"[{host}]" if ":" in host else host
    query = ""
    if parts.query:
        query = urlencode(
            [
                (name, value)
                for name, value in parse_qsl(parts.query, keep_blank_values=True)
                if not _TRACKING_PARAMETERS.match(name)
            ]
        )
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


@dataclass
class StoreResult:
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    openings: int = 0
    opened: list[int] = field(default_factory=list)

    def add(self, other: StoreResult) -> None:
        self.fetched += other.fetched
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.openings += other.openings
        self.opened += other.opened


@dataclass
class ScanContext:
    """What one scan looks up once, rather than once per item."""

    source: Source
    now: datetime.datetime
    weights: relevance.Weights | None
    first_scan: bool
    lever_type: str
    lever: Element | None
    _areas: tuple[dict[str, int], re.Pattern[str] | None] | None = field(
        default=None, init=False, repr=False
    )
    _followed: set | None = field(default=None, init=False, repr=False)

    @property
    def member_watch(self) -> bool:
        """A source watching one member (monitors/following.py): all it finds is theirs."""
        return bool(self.source.options.get("member"))

    def followed(self) -> set:
        """Every member someone follows, read once per scan."""
        if self._followed is None:
            self._followed = Follow.objects.member_keys()
        return self._followed

    def opens(self, item: Item | Candidate) -> bool:
        """Relevant items open; so does anything a followed member asked, tabled or said,
        whatever its subject (on a member watch everything is theirs; elsewhere the first
        member an item names is its asker, tabler or speaker)."""
        if item.relevant:
            return True
        if self.member_watch:
            return self.source.options["member"] in self.followed()
        return bool(item.member_ids) and item.member_ids[0] in self.followed()

    def areas(self) -> tuple[dict[str, int], re.Pattern[str] | None]:
        """Local areas by lower-case name, and a pattern that finds their names in a title."""
        if self._areas is None:
            names = dict(LocalArea.objects.values_list("name", "id"))
            ids = {name.lower(): pk for name, pk in names.items()}
            self._areas = (ids, _word_pattern(names))
        return self._areas

    @classmethod
    def for_source(cls, source: Source, *, now, weights=None) -> ScanContext:
        lever_type = source.default_lever_type
        # A followed member's own activity is the "passionate individuals" lever at work.
        code = source.options.get("lever") or LEVER_ELEMENT_CODES.get(lever_type)
        lever = Element.objects.filter(code=code).first() if code else None
        return cls(
            source=source,
            now=now,
            weights=weights,
            first_scan=source.first_scanned_at is None,
            lever_type=lever_type,
            lever=lever,
        )


def item_text(parsed: ParsedItem, passages: Sequence[dict] = ()) -> str:
    """The text the relevance filter reads: summary, body and quoted document passages."""
    parts = [parsed.body or parsed.summary]
    if parsed.summary and parsed.body and parsed.summary not in parsed.body:
        parts.insert(0, parsed.summary)
    parts += [passage["text"] for passage in passages]
    return "\n\n".join(part for part in parts if part)


def _assessment_fields(title: str, text: str, weights) -> dict:
    assessment = relevance.assess(title, text, weights=weights)
    return {
        "score": assessment.score,
        "topics": list(assessment.topics),
        "reasons": reasons_to_json(assessment.reasons[:MAX_REASONS]),
        "relevant": assessment.relevant,
    }


def _item_fields(parsed: ParsedItem, context: ScanContext, passages: Sequence[dict]) -> dict:
    return {
        "title": parsed.title[:500],
        "summary": parsed.summary,
        "body": parsed.body,
        "published": parsed.published,
        "updated": parsed.updated,
        "deadline": parsed.deadline,
        "opens": parsed.opens,
        "content_hash": parsed.content_hash,
        "organisations": list(parsed.organisations),
        "member_ids": list(parsed.member_ids),
        "document_url": (parsed.document_url or "")[:1000],
        "passages": list(passages),
        "extra": parsed.extra,
        **_assessment_fields(parsed.title, item_text(parsed, passages), context.weights),
    }


_ITEM_FIELDS = [
    "title",
    "summary",
    "body",
    "published",
    "updated",
    "deadline",
    "opens",
    "content_hash",
    "organisations",
    "member_ids",
    "document_url",
    "passages",
    "extra",
    "score",
    "topics",
    "reasons",
    "relevant",
]
_UPDATED_FIELDS = [*_ITEM_FIELDS, "last_changed_at"]


@dataclass(slots=True)
class Candidate:
    """A newly stored relevant item: what opening it and linking it to stakeholders read.

    Building a model instance for each cost more than the rest of opening it.
    """

    pk: int
    title: str
    published: datetime.datetime | None
    updated: datetime.datetime | None
    score: float
    topics: list
    reasons: list
    organisations: list
    member_ids: list
    relevant: bool = True

    @classmethod
    def of(cls, pk: int, fields: dict) -> Candidate:
        return cls(
            pk,
            fields["title"],
            fields["published"],
            fields["updated"],
            fields["score"],
            fields["topics"],
            fields["reasons"],
            fields["organisations"],
            fields["member_ids"],
            fields["relevant"],
        )


def within_backfill(item: Item | Candidate, context: ScanContext) -> bool:
    """Whether a relevant item is recent enough to open: a first scan stores history quietly."""
    dates = [day for day in (item.published, item.updated) if day is not None]
    if not dates:
        return not context.first_scan
    window = datetime.timedelta(days=context.source.backfill_days)
    return max(dates) >= context.now - window


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def store_items(
    source: Source,
    parsed_items: Iterable[ParsedItem],
    *,
    now: datetime.datetime,
    weights: relevance.Weights | None = None,
    passages: dict[str, list[dict]] | None = None,
    context: ScanContext | None = None,
) -> StoreResult:
    """Store one page of parsed items for `source`; safe to run twice, and twice at once.

    `passages` maps an item's external id to quoted document passages, when documents were read.
    """
    context = context or ScanContext.for_source(source, now=now, weights=weights)
    passages = passages or {}
    batch: dict[str, tuple[str, ParsedItem]] = {}
    for parsed in parsed_items:
        url = canonical_url(parsed.url)
        batch.setdefault(url, (parsed.external_id[:1000], parsed))
    result = StoreResult(fetched=len(batch))
    urls = list(batch)
    for chunk in _chunks(urls):
        with transaction.atomic():
            result.add(_store_chunk(context, {url: batch[url] for url in chunk}, passages))
    return result


def _store_chunk(context: ScanContext, batch, passages) -> StoreResult:
    source, now = context.source, context.now
    result = StoreResult()
    external_ids = [external_id for external_id, _ in batch.values()]
    sighted = dict(
        select_in(Sighting, ["external_id", "item"], "external_id", external_ids, source=source.pk)
    )
    # Only the id and content hash of what is stored are needed: an unchanged item is skipped
    # and a changed one is rewritten whole.
    rows = select_in(Item, ["id", "url", "content_hash"], "url", list(batch))
    by_url = {url: (pk, digest) for pk, url, digest in rows}
    hash_by_id = dict(by_url.values())
    missing_ids = [pk for pk in sighted.values() if pk not in hash_by_id]
    if missing_ids:
        hash_by_id.update(select_in(Item, ["id", "content_hash"], "id", missing_ids))

    new_rows: list[tuple[str, dict]] = []
    changed: list[Item] = []
    item_ids: dict[str, int] = {}
    for url, (external_id, parsed) in batch.items():
        pk = sighted.get(external_id)
        if pk not in hash_by_id:
            pk = by_url[url][0] if url in by_url else None
        quoted = passages.get(parsed.external_id, [])
        if pk is None:
            new_rows.append((url, _item_fields(parsed, context, quoted)))
            continue
        item_ids[url] = pk
        if hash_by_id[pk] == parsed.content_hash and not quoted:
            result.unchanged += 1
            continue
        changed.append(
            Item(pk=pk, url=url, last_changed_at=now, **_item_fields(parsed, context, quoted))
        )

    new_items: list[Candidate] = []
    if new_rows:
        _insert_ignoring_conflicts(
            Item,
            ["url", "source", "first_seen_at", "last_changed_at", *_ITEM_FIELDS],
            [
                (url, source.pk, now, now, *(fields[name] for name in _ITEM_FIELDS))
                for url, fields in new_rows
            ],
        )
        # Another source may have stored the same address a moment ago: read back the ids.
        new_ids = dict(select_in(Item, ["url", "id"], "url", [url for url, _ in new_rows]))
        item_ids.update(new_ids)
        new_items = [Candidate.of(new_ids[url], fields) for url, fields in new_rows]
    if changed:
        Item.objects.bulk_update(changed, _UPDATED_FIELDS)
    result.new, result.updated = len(new_rows), len(changed)

    _insert_ignoring_conflicts(
        Sighting,
        ["source", "item", "external_id", "first_seen_at", "last_seen_at"],
        [
            (source.pk, item_ids[url], external_id, now, now)
            for url, (external_id, _) in batch.items()
            if external_id not in sighted
        ],
    )
    if sighted:
        Sighting.objects.filter(source=source, external_id__in=list(sighted)).update(
            last_seen_at=now
        )

    candidates = [
        item
        for item in [*new_items, *changed]
        if context.opens(item) and within_backfill(item, context)
    ]
    opened = open_items(context, candidates)
    result.openings, result.opened = len(opened), opened
    if changed:
        _refresh_open_scores(changed)
    return result


# Values of these types go to the database as they are for these fields (as the ORM's own
# conversion would leave them); anything else takes the ORM's conversion.
_NATIVE_TYPES = (
    (models.CharField, str),
    (models.TextField, str),
    (models.FloatField, float),
    (models.BooleanField, bool),
    (models.IntegerField, int),
    (models.ForeignKey, int),
)


def _adapter(field: models.Field):
    """How one model field's Python value becomes a database parameter.

    The same conversions `Model.save()` and `bulk_create()` make, without the ORM's per-value
    bookkeeping: JSON and dates go straight to the backend's adapters, and a string for a text
    field is passed as it is.
    """
    ops = connection.ops

    def orm(value):
        return field.get_db_prep_save(value, connection)

    if isinstance(field, models.JSONField):
        encoder = field.encoder
        # Empty lists and dicts are most of the JSON written; encode them once.
        empty = {list: ops.adapt_json_value([], encoder), dict: ops.adapt_json_value({}, encoder)}

        def adapt_json(value):
            if not value and type(value) in empty:
                return empty[type(value)]
            return ops.adapt_json_value(value, encoder)

        return adapt_json
    if isinstance(field, models.DateTimeField):
        # Most rows share a scan's `now`: convert each distinct datetime once.
        seen: dict = {}

        def adapt_datetime(value):
            if value is None:
                return None
            if getattr(value, "tzinfo", None) is None:
                # A naive datetime: the ORM's path (a warning and the default time zone).
                return orm(value)
            if value not in seen:
                seen[value] = ops.adapt_datetimefield_value(value)
            return seen[value]

        return adapt_datetime
    if isinstance(field, models.DateField):
        return lambda value: (
            ops.adapt_datefield_value(value)
            if type(value) is datetime.date or value is None
            else orm(value)
        )
    native = next((kind for base, kind in _NATIVE_TYPES if isinstance(field, base)), None)
    if native is not None:
        return lambda value: value if type(value) is native or value is None else orm(value)
    return orm


def _insert_ignoring_conflicts(model, names: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert many rows with one prepared statement, skipping any that break a unique
    constraint (an item or sighting stored a moment ago by a concurrent scan).

    This is `bulk_create(ignore_conflicts=True)` for rows given as tuples of values in the
    order of `names`, foreign keys as ids. Like bulk_create it calls no `save()` and sends no
    signals; unlike it, it builds no model instances and no multi-row statement through the
    ORM, which for a page of items cost several times what parsing them did.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    # Every other column gets what a new model instance would hold: its default, or the
    # current time for auto_now fields.
    others = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in names
    ]
    now = timezone.now()
    defaults = tuple(
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in others
    )
    if others:
        fields += others
        rows = [row + defaults for row in rows]
    adapters = [_adapter(field) for field in fields]
    ops = connection.ops
    sql = " ".join(
        part
        for part in (
            ops.insert_statement(on_conflict=OnConflict.IGNORE),
            ops.quote_name(model._meta.db_table),
            "(" + ", ".join(ops.quote_name(field.column) for field in fields) + ")",
            "VALUES (" + ", ".join(["%s"] * len(fields)) + ")",
            ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None),
        )
        if part
    )
    params = [[adapt(value) for adapt, value in zip(adapters, row, strict=True)] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def select_in(model, columns: Sequence[str], column: str, values: Sequence, **equal) -> list:
    """Rows (tuples of `columns`) of `model` whose `column` is one of `values` and whose other
    fields equal `equal`; fields are named as in the model, foreign keys by id.

    A page's look-ups come here rather than through the ORM: building an `__in` filter of 500
    values through the ORM cost several times what running the query did. `values` must be
    what the column holds (strings or ids); `equal` values take the field's own conversion.
    """
    if not values:
        return []
    meta, ops = model._meta, connection.ops

    def quoted(name: str) -> str:
        return ops.quote_name(meta.get_field(name).column)

    conditions = [f"{quoted(column)} IN ({', '.join(['%s'] * len(values))})"]
    params = list(values)
    for name, value in equal.items():
        conditions.append(f"{quoted(name)} = %s")
        params.append(meta.get_field(name).get_db_prep_value(value, connection))
    # Only quoted column and table names from the model go into the text; values are params.
    sql = (
        f"SELECT {', '.join(quoted(name) for name in columns)} "  # noqa: S608
        f"FROM {ops.quote_name(meta.db_table)} WHERE {' AND '.join(conditions)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _refresh_open_scores(items: list[Item]) -> None:
    """An item that changed (a question answered) re-scores its openings still being decided."""
    openings = list(
        Opening.objects.filter(item__in=items, revision="", status=Opening.Status.NEW).only(
            "id", "item_id", "score", "topics", "reasons"
        )
    )
    by_item = {item.pk: item for item in items}
    for opening in openings:
        item = by_item[opening.item_id]
        opening.score, opening.topics, opening.reasons = item.score, item.topics, item.reasons
    if openings:
        Opening.objects.bulk_update(openings, ["score", "topics", "reasons"])


def open_items(
    context: ScanContext, items: Sequence[Item | Candidate], *, revision="", change=""
) -> list[int]:
    """Open each relevant item once (the unique item/revision constraint holds under races);
    the ids of the openings made."""
    if not items:
        return []
    pks = [item.pk for item in items]
    opened = select_in(Opening, ["item"], "item", pks, revision=revision)
    already = {item_id for (item_id,) in opened}
    by_id = {item.pk: item for item in items if item.pk not in already}
    if not by_id:
        return []
    lever = context.lever.pk if context.lever else None
    _insert_ignoring_conflicts(
        Opening,
        ["item", "revision", "change", "source", "published", "lever_type", "lever", "score"]
        + ["topics", "reasons", "created_at", "followed_only"],
        [
            (pk, revision, change, context.source.pk, item.published or item.updated)
            + (context.lever_type, lever, item.score, item.topics, item.reasons, context.now)
            + (not item.relevant,)
            for pk, item in by_id.items()
        ],
    )
    created = select_in(
        Opening,
        ["id", "item"],
        "item",
        list(by_id),
        revision=revision,
        created_at=context.now,
        source=context.source.pk,
    )
    # What a member watch finds is the watched member's, even where the listing names only
    # the motion's tabler (an early day motion they signed).
    watched = [context.source.options["member"]] if context.member_watch else []
    link_stakeholders(
        [(opening_id, by_id[item_id]) for opening_id, item_id in created],
        context.areas(),
        also=watched,
    )
    return [opening_id for opening_id, _ in created]


# --- Stakeholders -------------------------------------------------------------------------------


def _word_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({name for name in names if len(name) >= 4}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(name) for name in names) + r")\b", re.IGNORECASE)


def link_stakeholders(
    openings: list[tuple[int, Item | Candidate]], areas, *, also: Sequence = ()
) -> None:
    """Link openings, given as (opening id, item) pairs, to known people (by Parliament member
    id), organisations (by name) and local areas named in the title, in a fixed number of
    queries per batch. `areas` is a scan's `ScanContext.areas()`, read once per scan; `also`
    names members to link every opening to, beside those its item names."""
    if not openings:
        return
    member_ids = {
        mid for _, item in openings for mid in [*item.member_ids, *also] if isinstance(mid, int)
    }
    # Scottish Parliament members are "msp:<id>" (see parsers/scottish_parliament.py).
    msp_ids = {
        int(mid[4:])
        for _, item in openings
        for mid in [*item.member_ids, *also]
        if isinstance(mid, str) and mid.startswith("msp:") and mid[4:].isdigit()
    }
    people = {}
    if member_ids or msp_ids:
        found = Person.objects.filter(
            Q(parliament_member_id__in=member_ids) | Q(scottish_parliament_id__in=msp_ids)
        ).only("id", "parliament_member_id", "scottish_parliament_id")
        for person in found:
            for key in person.member_keys:
                people[key] = person.pk
    names = {name.strip().lower() for _, item in openings for name in item.organisations if name}
    organisations: dict[str, int] = {}
    if names:
        condition = Q()
        for name in names:
            condition |= Q(name__iexact=name)
        organisations = {
            name.lower(): pk
            for pk, name in Organisation.objects.filter(condition).values_list("id", "name")
        }
    area_ids, area_pattern = areas

    person_links, organisation_links, area_links = [], [], []
    through = Opening.people.through, Opening.organisations.through, Opening.areas.through
    for opening_id, item in openings:
        for member_id in dict.fromkeys([*item.member_ids, *also]):
            if member_id in people:
                person_links.append(through[0](opening_id=opening_id, person_id=people[member_id]))
        for name in dict.fromkeys(n.strip().lower() for n in item.organisations):
            if name in organisations:
                organisation_links.append(
                    through[1](opening_id=opening_id, organisation_id=organisations[name])
                )
        if area_pattern:
            found = {match.group(1).lower() for match in area_pattern.finditer(item.title)}
            area_links += [
                through[2](opening_id=opening_id, localarea_id=area_ids[name]) for name in found
            ]
    for model, links in zip(through, (person_links, organisation_links, area_links), strict=True):
        model.objects.bulk_create(links, ignore_conflicts=True)


# --- Watched pages ------------------------------------------------------------------------------


def store_page(
    source: Source, parsed: ParsedItem, *, now: datetime.datetime, weights=None
) -> StoreResult:
    """A watched page: the first scan records it; each later change opens with its diff."""
    context = ScanContext.for_source(source, now=now, weights=weights)
    url = canonical_url(parsed.url)
    result = StoreResult(fetched=1)
    with transaction.atomic():
        item = Item.objects.filter(url=url).first()
        old_text = source.page_text
        if item is None:
            fields = _item_fields(parsed, context, [])
            item, created = Item.objects.get_or_create(
                url=url,
                defaults={"source": source, "first_seen_at": now, "last_changed_at": now, **fields},
            )
            result.new = int(created)
        Sighting.objects.get_or_create(
            source=source,
            external_id=parsed.external_id[:1000],
            defaults={"item": item, "first_seen_at": now, "last_seen_at": now},
        )
        if item.content_hash == parsed.content_hash and old_text:
            result.unchanged = 1
            return result
        if old_text and old_text != parsed.body:
            diff = readable_diff(old_text, parsed.body)
            if diff:
                fields = _item_fields(parsed, context, [])
                for name, value in fields.items():
                    setattr(item, name, value)
                item.last_changed_at = now
                # The change itself is what an officer reads, so it is what gets scored.
                scored = _assessment_fields(parsed.title, diff, context.weights)
                item.save()
                result.updated = 1
                opened = _open_change(context, item, parsed.content_hash, diff, scored)
                result.openings, result.opened = len(opened), [o.pk for o in opened]
        elif item.content_hash != parsed.content_hash:
            for name, value in _item_fields(parsed, context, []).items():
                setattr(item, name, value)
            item.last_changed_at = now
            item.save()
        Source.objects.filter(pk=source.pk).update(page_text=parsed.body)
        source.page_text = parsed.body
    return result


def _open_change(context: ScanContext, item: Item, revision: str, diff: str, scored: dict):
    opening, created = Opening.objects.get_or_create(
        item=item,
        revision=revision,
        defaults={
            "source": context.source,
            "change": diff,
            "published": context.now,
            "lever_type": context.lever_type,
            "lever": context.lever,
            "score": scored["score"],
            "topics": scored["topics"],
            "reasons": scored["reasons"],
            "created_at": context.now,
        },
    )
    return [opening] if created else []
