"""Storing what a source's parser found: each item once, updated when it changes, judged for
relevance, and opened for the team when it is about people going missing.

The work is done per page of results in a fixed number of queries (look up, insert, update,
link), so the cost per item does not grow with the number of items already stored. Items whose
content hash is unchanged cost one dictionary lookup: they are neither scored nor rewritten.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import transaction
from django.db.models import Q

import relevance
from harvesting.parsers import ParsedItem
from harvesting.parsers.page import readable_diff
from monitors.models import (
    LEVER_ELEMENT_CODES,
    ROWS_PER_INSERT,
    Item,
    Opening,
    Sighting,
    Source,
    reasons_to_json,
)
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
    """One spelling per address: lower-case scheme and host, no tracking tags.

    The fragment is kept: entries of one page (Hansard's contributions to a debate, an updates
    page with one anchor per update) are told apart by it.
    """
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
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, parts.fragment))


@dataclass
class StoreResult:
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    openings: int = 0
    opened: list[int] = field(default_factory=list)

    def add(self, other: StoreResult) -> None:
        self.fetched += other.fetched
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.merged += other.merged
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
    _has_sightings: bool | None = field(default=None, init=False, repr=False)

    @property
    def member_watch(self) -> bool:
        """A source watching one member (monitors/following.py): all it finds is theirs."""
        return bool(self.source.options.get("member"))

    def has_sightings(self) -> bool:
        """Whether the source had stored entries when first asked, read once per scan. A source
        never marked scanned can still have them (stored before `first_scanned_at` existed, or
        by a scan stopped before it was marked), and they must be re-keyed like any other."""
        if self._has_sightings is None:
            self._has_sightings = Sighting.objects.filter(source=self.source).exists()
        return self._has_sightings

    def followed(self) -> set:
        """Every member someone follows, read once per scan."""
        if self._followed is None:
            self._followed = Follow.objects.member_keys()
        return self._followed

    def opens(self, item: Item) -> bool:
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
# The address is rewritten too: an item stored before fragments were kept (or adopted under a
# new key, see _rekey_sightings) takes its entry's own link.
_UPDATED_FIELDS = [*_ITEM_FIELDS, "url", "last_changed_at"]


def within_backfill(item: Item, context: ScanContext) -> bool:
    """Whether a relevant item is recent enough to open: a first scan stores history quietly."""
    dates = [day for day in (item.published, item.updated) if day is not None]
    if not dates:
        return not context.first_scan
    window = datetime.timedelta(days=context.source.backfill_days)
    return max(dates) >= context.now - window


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def entry_keys(parsed_items: Sequence[ParsedItem]) -> list[str]:
    """Each entry's identity within its source, for one page of a source's entries.

    Its id (a feed's guid, an API's id) when no other entry on the page shares it; else its
    link with the fragment, when no other of those entries shares that; else a hash of its
    content. Two different entries of one source therefore never share a key, while entries
    that are the same in every way (a feed repeating itself) are one entry.
    """
    ids = Counter(parsed.external_id for parsed in parsed_items)
    links = Counter(
        canonical_url(parsed.url) for parsed in parsed_items if ids[parsed.external_id] > 1
    )
    keys = []
    for parsed in parsed_items:
        if parsed.external_id and ids[parsed.external_id] == 1:
            keys.append(parsed.external_id[:1000])
            continue
        url = canonical_url(parsed.url)
        if links[url] == 1:
            keys.append(f"link:{url}"[:1000])
        else:
            keys.append(f"content:{parsed.content_hash}")
    return keys


def _earlier_keys(key: str, parsed: ParsedItem) -> list[str]:
    """The keys an entry may have been stored under before, other than its key now.

    A key depends on the rest of the page (an id is the key only while no other entry shares
    it), and the code before this scheme always used the id; so an entry's sighting may be
    under its id, its link or its content hash.
    """
    keys = (
        parsed.external_id[:1000],
        f"link:{canonical_url(parsed.url)}"[:1000],
        f"content:{parsed.content_hash}",
    )
    return [earlier for earlier in dict.fromkeys(keys) if earlier and earlier != key]


def _rekey_sightings(source: Source, batch: dict[str, ParsedItem], sighted: dict[str, int]) -> None:
    """Move this source's sightings stored under an entry's earlier key to its key now, adding
    them to `sighted`, so the entry keeps its item (and the item's openings and triage).

    Each earlier sighting goes to one entry only: first to an entry whose content is the
    item's, then to one whose link (with or without its fragment) is the item's, then to the
    first entry that could have had that key. Two different entries are never joined, and
    nothing is re-keyed twice: once moved, a sighting is found under its new key. Costs no
    query when every entry is already sighted.
    """
    earlier = {
        key: _earlier_keys(key, parsed) for key, parsed in batch.items() if key not in sighted
    }
    wanted = {key for keys in earlier.values() for key in keys} - set(batch)
    if not wanted:
        return
    found = {
        sighting.external_id: sighting
        for sighting in Sighting.objects.filter(source=source, external_id__in=list(wanted))
    }
    if not found:
        return
    stored = {
        pk: (url, digest)
        for pk, url, digest in Item.objects.filter(
            pk__in=[sighting.item_id for sighting in found.values()]
        ).values_list("id", "url", "content_hash")
    }

    def same_content(parsed: ParsedItem, sighting: Sighting) -> bool:
        return stored.get(sighting.item_id, ("", ""))[1] == parsed.content_hash

    def same_link(parsed: ParsedItem, sighting: Sighting) -> bool:
        link = canonical_url(parsed.url)
        return stored.get(sighting.item_id, ("", ""))[0] in (link, link.split("#", 1)[0])

    claims: dict[str, str] = {}  # earlier key -> key now
    # The surest match first: the item's words are the entry's, then its address, then any.
    for matches in (same_content, same_link, lambda parsed, sighting: True):
        for key, keys in earlier.items():
            if key in claims.values():
                continue
            for old in keys:
                sighting = found.get(old)
                if sighting is not None and old not in claims and matches(batch[key], sighting):
                    claims[old] = key
                    break
    moved = []
    for old, key in claims.items():
        sighting = found[old]
        sighting.external_id = key
        moved.append(sighting)
        sighted[key] = sighting.item_id
    Sighting.objects.bulk_update(moved, ["external_id"])


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

    Every entry is kept: `fetched` counts entries, not addresses. `passages` maps an item's
    external id to quoted document passages, when documents were read.
    """
    context = context or ScanContext.for_source(source, now=now, weights=weights)
    passages = passages or {}
    parsed_items = list(parsed_items)
    batch: dict[str, ParsedItem] = {}
    for key, parsed in zip(entry_keys(parsed_items), parsed_items, strict=True):
        # The same key twice is the same entry repeated word for word (see entry_keys).
        batch.setdefault(key, parsed)
    result = StoreResult(fetched=len(parsed_items))
    keys = list(batch)
    for chunk in _chunks(keys):
        with transaction.atomic():
            result.add(_store_chunk(context, {key: batch[key] for key in chunk}, passages))
    return result


def _store_chunk(context: ScanContext, batch: dict[str, ParsedItem], passages) -> StoreResult:
    source, now = context.source, context.now
    result = StoreResult()
    sighted = dict(
        Sighting.objects.filter(source=source, external_id__in=list(batch)).values_list(
            "external_id", "item_id"
        )
    )
    # Entries not yet sighted under their key now may have been stored under an earlier one,
    # whether or not the source was ever marked scanned; a source with no sightings has none.
    if len(sighted) < len(batch) and context.has_sightings():
        _rekey_sightings(source, batch, sighted)
    urls = {key: canonical_url(parsed.url) for key, parsed in batch.items()}
    unsighted_urls = list({urls[key] for key in batch if key not in sighted})
    # Only the id and content hash of what is stored are needed: an unchanged item is skipped
    # and a changed one is rewritten whole.
    stored = Item.objects.filter(
        Q(pk__in=list(sighted.values())) | Q(url__in=unsighted_urls)
    ).values_list("id", "url", "content_hash", "source_id")
    hash_by_id: dict[int, str] = {}
    url_by_id: dict[int, str] = {}
    ids_by_url: dict[str, list[int]] = {}
    found_by: dict[int, int | None] = {}
    for pk, url, digest, first_source in stored:
        hash_by_id[pk] = digest
        found_by[pk] = first_source
        url_by_id[pk] = url
        ids_by_url.setdefault(url, []).append(pk)
    # An item this source already holds under another key is a different entry of this
    # source: it is never joined to a new one.
    own = set()
    if unsighted_urls:
        own = set(
            Sighting.objects.filter(source=source, item__url__in=unsighted_urls).values_list(
                "item_id", flat=True
            )
        )

    new_items: list[tuple[str, Item]] = []
    changed: list[Item] = []
    item_ids: dict[str, int] = {}
    joined: set[int] = set()
    for key, parsed in batch.items():
        url = urls[key]
        pk = sighted.get(key)
        quoted = passages.get(parsed.external_id, [])
        if pk not in hash_by_id:
            # Not seen from this source: the same document reached from another source is
            # joined to it, one entry of this source to one item.
            pk = next(
                (i for i in ids_by_url.get(url, []) if i not in own and i not in joined), None
            )
            if pk is None:
                fields = _item_fields(parsed, context, quoted)
                item = Item(
                    url=url, source_id=source.pk, first_seen_at=now, last_changed_at=now, **fields
                )
                new_items.append((key, item))
                continue
            joined.add(pk)
            # An item this source found first but lost its sighting of (stored before entries
            # were keyed as they are now) is taken back, not merged.
            if found_by[pk] != source.pk:
                result.merged += 1
        item_ids[key] = pk
        if hash_by_id[pk] == parsed.content_hash and url_by_id[pk] == url and not quoted:
            result.unchanged += 1
            continue
        changed.append(
            Item(pk=pk, url=url, last_changed_at=now, **_item_fields(parsed, context, quoted))
        )

    if new_items:
        # No conflict can arise (an address is not unique: two entries of one source may
        # share one), so the ids come back on every supported database.
        Item.objects.bulk_create([item for _, item in new_items], batch_size=ROWS_PER_INSERT)
        item_ids.update((key, item.pk) for key, item in new_items)
    if changed:
        Item.objects.bulk_update(changed, _UPDATED_FIELDS)

    Sighting.objects.bulk_create(
        [
            Sighting(
                source_id=source.pk,
                item_id=item_ids[key],
                external_id=key,
                first_seen_at=now,
                last_seen_at=now,
            )
            for key in batch
            if key not in sighted
        ],
        batch_size=ROWS_PER_INSERT,
        ignore_conflicts=True,
    )
    if sighted:
        Sighting.objects.filter(source=source, external_id__in=list(sighted)).update(
            last_seen_at=now
        )
    if new_items:
        # A concurrent scan of this source may have stored the same entries a moment ago and
        # won their sightings: the items made here for them are dropped, not kept as copies.
        won = dict(
            Sighting.objects.filter(
                source=source, external_id__in=[key for key, _ in new_items]
            ).values_list("external_id", "item_id")
        )
        lost = [item.pk for key, item in new_items if won.get(key) != item.pk]
        if lost:
            Item.objects.filter(pk__in=lost).delete()
            new_items = [(key, item) for key, item in new_items if item.pk not in lost]
    result.new, result.updated = len(new_items), len(changed)

    candidates = [
        item
        for item in [*(item for _, item in new_items), *changed]
        if context.opens(item) and within_backfill(item, context)
    ]
    opened = open_items(context, candidates)
    result.openings, result.opened = len(opened), opened
    if changed:
        _refresh_open_scores(changed)
    return result


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


def open_items(context: ScanContext, items: Sequence[Item], *, revision="", change="") -> list[int]:
    """Open each relevant item once (the unique item/revision constraint holds under races);
    the ids of the openings made."""
    if not items:
        return []
    pks = [item.pk for item in items]
    already = set(
        Opening.objects.filter(item__in=pks, revision=revision).values_list("item_id", flat=True)
    )
    by_id = {item.pk: item for item in items if item.pk not in already}
    if not by_id:
        return []
    created = Opening.objects.create_for_items(
        by_id,
        source=context.source,
        now=context.now,
        lever_type=context.lever_type,
        lever=context.lever,
        revision=revision,
        change=change,
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


def link_stakeholders(openings: list[tuple[int, Item]], areas, *, also: Sequence = ()) -> None:
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
    opening = Opening.objects.create_for_change(
        item,
        revision=revision,
        diff=diff,
        source=context.source,
        now=context.now,
        lever_type=context.lever_type,
        lever=context.lever,
        scored=scored,
    )
    return [opening] if opening else []
