"""Watching the members people follow, and noticing when a member leaves the House or a post.

Following a Westminster member gives them three sources of their own (their written
questions, the early day motions they table or sign, their Hansard contributions), made here
as ordinary `Source` rows: they are scanned by the same scanner, fetched through the same safe
client and stored through the same ingest path as every other source, so an item found by a
member watch and by a topic search is still one item. A member watch opens everything it finds
(`ScanContext.member_watch`), since following is by person, not by relevance; the relevance
filter still scores and explains each item.

Following an MSP gives them two watches of their own (their Scottish Parliament questions and
motions). The Scottish Parliament has no per-member query (its data comes as one file a year),
so these read the year's file and keep only the member's own records (`only_member`); the
general Scottish Parliament sources also open what a followed MSP asks (`ScanContext.opens`).

What Waymark stored about a member before anyone followed them (a question found by a topic
search, not about missing people, so never opened) is opened when they are followed
(`open_stored_items`), from the last `STORED_ITEMS_DAYS` days, once.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q

from harvesting.parsers.dates import parse_date
from monitors.ingest import ScanContext, open_items
from monitors.members import member_biography, member_record
from monitors.models import Item, LeverType, Source
from stakeholders.models import Follow, Organisation, Person, Role

logger = logging.getLogger(__name__)

# The "passionate individuals within each agency" lever of the theory of change.
PASSIONATE_INDIVIDUALS = "LE7"
MEMBER_WATCHES = (
    (
        Source.Kind.WRITTEN_QUESTIONS,
        "written questions",
        "https://questions-statements-api.parliament.uk/api/writtenquestions/questions"
        "?askingMemberId={id}&take=50&skip=0",
    ),
    (
        Source.Kind.EDMS,
        "early day motions tabled or signed",
        "https://oralquestionsandmotions-api.parliament.uk/EarlyDayMotions/list"
        "?parameters.memberId={id}&parameters.includeSponsoredByMember=true"
        "&parameters.orderBy=DateTabledDesc&parameters.take=50&parameters.skip=0",
    ),
    (
        Source.Kind.HANSARD,
        "Hansard contributions",
        "https://hansard-api.parliament.uk/search/contributions/Spoken.json"
        "?queryParameters.memberId={id}&queryParameters.orderBy=SittingDateDesc"
        "&queryParameters.take=50&queryParameters.skip=0",
    ),
)
MEMBER_WATCH_EVERY = datetime.timedelta(hours=6)
MEMBER_WATCH_BACKFILL_DAYS = 14
# An MSP's watches: (the watch's name in its options, label, address). Both read the whole year's
# file, as the general Scottish Parliament sources do (monitors.toml), and keep the member's.
MSP_WATCHES = (
    (
        "questions",
        "Scottish Parliament questions",
        "https://data.parliament.scot/api/motionsquestionsanswersquestions?year={year}",
    ),
    (
        "motions",
        "Scottish Parliament motions",
        "https://data.parliament.scot/api/motionsquestionsanswersmotions?year={year}",
    ),
)
# A year's file is several megabytes: read once a day, with the general sources' limits.
MSP_WATCH_EVERY = datetime.timedelta(days=1)
MSP_WATCH_OPTIONS = {
    "max_pages": 1,
    "max_bytes": 40 * 1024 * 1024,
    "deadline": 180,
    "read_timeout": 60,
}
# How far back a new follow opens what was already stored about the member.
STORED_ITEMS_DAYS = 90


def member_watches(person: Person):
    """The sources watching this person (enabled or not)."""
    keys = person.member_keys
    if not keys:
        return Source.objects.none()
    condition = Q()
    for key in keys:
        condition |= Q(options__member=key)
    return Source.objects.filter(condition)


def _watch_specs(person: Person):
    """(kind, the watch's name in its options or None, label, address, options, every) for each
    watch the person should have."""
    common = {"lever": PASSIONATE_INDIVIDUALS}
    if member_id := person.parliament_member_id:
        for kind, label, url in MEMBER_WATCHES:
            options = {"member": member_id, **common, "max_pages": 2}
            yield (
                kind,
                None,
                f"({member_id}): {label}",
                url.format(id=member_id),
                options,
                MEMBER_WATCH_EVERY,
            )
    if msp_id := person.scottish_parliament_id:
        key = f"msp:{msp_id}"
        for watch, label, url in MSP_WATCHES:
            # The year's file holds every member's records: `only_member` keeps this one's.
            options = {"member": key, "watch": watch, "only_member": True, **common}
            yield (
                Source.Kind.SCOTTISH_PARLIAMENT,
                watch,
                f"(MSP {msp_id}): {label}",
                url,
                {**options, **MSP_WATCH_OPTIONS},
                MSP_WATCH_EVERY,
            )


def _existing_watch(kind, member, watch):
    # A Westminster member has one watch per kind; an MSP two of the same kind, told apart by
    # the name of the watch.
    found = Source.objects.filter(kind=kind, options__member=member)
    return found.filter(options__watch=watch) if watch else found


def watch_member(person: Person, *, owner=None) -> list[Source]:
    """Make sure the person's member watches exist and are on; safe to call twice at once."""
    sources = []
    for kind, watch, label, url, options, every in _watch_specs(person):
        existing = _existing_watch(kind, options["member"], watch).first()
        if existing is not None:
            source, created = existing, False
        else:
            source, created = _create_watch(
                kind,
                watch,
                {
                    "name": f"{person.name} {label}"[:200],
                    "url": url,
                    "every": every,
                    "lever_type": LeverType.PARLIAMENTARY_INTEREST,
                    "backfill_days": MEMBER_WATCH_BACKFILL_DAYS,
                    "owner": owner,
                    "options": options,
                },
            )
        if not created and not source.enabled:
            Source.objects.filter(pk=source.pk).update(enabled=True)
            source.enabled = True
        sources.append(source)
    return sources


def _create_watch(kind, watch, fields) -> tuple[Source, bool]:
    """Create one watch; if another request made it a moment ago (the name is unique), use
    theirs."""
    try:
        with transaction.atomic():
            return Source.objects.create(kind=kind, **fields), True
    except IntegrityError:
        return _existing_watch(kind, fields["options"]["member"], watch).get(), False


def open_stored_items(person: Person, *, now) -> list[int]:
    """Open what Waymark already holds of this member from the last `STORED_ITEMS_DAYS` days
    and never opened (not about missing people, and nobody followed them then), as their
    member watch would have; the ids of the openings made.

    An item is theirs when they are the first member it names (the asker, tabler or speaker,
    as `ScanContext.opens` reads it) or one of their watches found it (a motion they signed).
    Each item opens once (the unique item/revision constraint), so following, unfollowing and
    following again, or two people following at once, opens nothing twice. Items about missing
    people that a first scan stored quietly as history are left alone: they would reach every
    subscriber, not only the member's followers.
    """
    watches = list(member_watches(person).order_by("pk"))
    if not watches:
        return []
    since = now - datetime.timedelta(days=STORED_ITEMS_DAYS)
    recent = Item.objects.filter(relevant=False).filter(
        Q(published__gte=since) | Q(published__isnull=True, first_seen_at__gte=since)
    )
    named = Q()
    for key in person.member_keys:
        named |= Q(member_ids__0=key)
    # Two queries rather than one with OR across the sightings join, which no index serves.
    ids = set(recent.filter(sightings__source__in=watches).values_list("pk", flat=True))
    ids |= set(recent.filter(named).values_list("pk", flat=True))
    items = (
        Item.objects.filter(pk__in=ids)
        .exclude(openings__revision="")
        .select_related("source")
        .order_by("published", "pk")
    )
    by_watch: dict[Source, list[Item]] = {}
    for item in items:
        by_watch.setdefault(_watch_for(item, watches), []).append(item)
    opened = []
    for watch, found in by_watch.items():
        opened += open_items(ScanContext.for_source(watch, now=now), found)
    return opened


def _watch_for(item: Item, watches: list[Source]) -> Source:
    """The watch that would have found the item (same kind; a motion to the motions watch), so
    the opening says where it came from."""
    kind = item.source.kind if item.source else None
    same_kind = [watch for watch in watches if watch.kind == kind] or watches
    if len(same_kind) > 1:
        wanted = "motions" if item.extra.get("kind") == "Motion" else "questions"
        same_kind = [w for w in same_kind if w.options.get("watch") == wanted] or same_kind
    return same_kind[0]


def unwatch_member(person: Person) -> int:
    """Switch the person's member watches off once nobody follows them; what they found stays."""
    if Follow.objects.filter(person=person).exists():
        return 0
    return member_watches(person).filter(enabled=True).update(enabled=False)


def membership(member_id: int) -> dict | None:
    """`{"ended_on": date or None, "reason": str, "house": "commons"|"lords", "seat": str}` for a
    Westminster member, from the Members API; None when it cannot say."""
    member = member_record(member_id) or {}
    latest = member.get("latestHouseMembership")
    if not isinstance(latest, dict):
        return None
    status = (
        latest.get("membershipStatus") if isinstance(latest.get("membershipStatus"), dict) else {}
    )
    ended_on = parse_date(latest.get("membershipEndDate"))
    if ended_on is None and status.get("statusIsActive") is False:
        # Not a member now, with no end date given: count it from the status change.
        ended_on = parse_date(status.get("statusStartDate"))
    return {
        "ended_on": ended_on,
        "started_on": parse_date(latest.get("membershipStartDate")),
        "reason": str(latest.get("membershipEndReason") or status.get("statusDescription") or ""),
        "house": {1: Person.House.COMMONS, 2: Person.House.LORDS}.get(latest.get("house"), ""),
        "seat": str(latest.get("membershipFrom") or ""),
    }


def people_to_check():
    """Westminster members someone relies on: followed, or a champion the team works with."""
    return (
        Person.objects.not_erased()
        .filter(parliament_member_id__isnull=False)
        .filter(Q(follows__isnull=False) | Q(stance=Person.Stance.CHAMPION))
        .distinct()
        .order_by("pk")
    )


def record_members_who_left(*, limit: int = 100) -> list:
    """Ask the Members API about each followed member and champion; where one has left the
    House, end their current roles on that day (or record the membership as an ended role).
    Returns the roles ended. Safe to run twice: a departure already recorded is skipped."""
    ended = []
    for person in people_to_check()[:limit]:
        details = membership(person.parliament_member_id)
        if not details or details["ended_on"] is None:
            continue
        left_on = details["ended_on"]
        if person.roles.filter(ended_on=left_on).exists():
            continue
        with transaction.atomic():
            current = list(person.roles.filter(ended_on__isnull=True))
            if not current:
                house = Person.House(details["house"]).label if details["house"] else "Parliament"
                title = f"Member of the {house}" if details["house"] else "Member of Parliament"
                if details["seat"]:
                    title += f" for {details['seat']}"
                started = details["started_on"]
                role = person.start_role(
                    title[:200],
                    started_on=started if started and started <= left_on else None,
                    end_current=False,
                )
                current = [role]
            for role in current:
                if role.started_on and role.started_on > left_on:
                    continue
                ended.append(person.end_role(role, ended_on=left_on))
    return ended


# --- Leaving a post -----------------------------------------------------------------------------

# The Members API biography's lists of posts, and what each is called in a role's history.
POST_LISTS = ("governmentPosts", "oppositionPosts", "otherPosts", "committeeMemberships")
# A post that ended longer ago than this and that Waymark never recorded is history, not news:
# it is not added to their role history (a first check would otherwise add years of posts).
POST_NEWS_DAYS = 30


def posts(member_id: int) -> list[dict] | None:
    """The member's government, opposition and other posts and committee memberships, each
    `{"list": "governmentPosts", "title": str, "started_on": date or None, "ended_on": date or
    None, "organisation": str}`; None when the Members API cannot say."""
    biography = member_biography(member_id)
    if biography is None:
        return None
    found = []
    for name in POST_LISTS:
        entries = biography.get(name)
        for entry in entries if isinstance(entries, list) else []:
            title = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(title, str) or not title.strip():
                continue
            # A minister's department is `additionalInfo`; a committee is its own body. An
            # opposition post names the department it shadows, which is not where they work.
            where = entry.get("additionalInfo") if name == "governmentPosts" else None
            if name == "committeeMemberships":
                where = title
            found.append(
                {
                    "list": name,
                    "title": " ".join(title.split())[:200],
                    "started_on": parse_date(entry.get("startDate")),
                    "ended_on": parse_date(entry.get("endDate")),
                    "organisation": " ".join(where.split()) if isinstance(where, str) else "",
                }
            )
    return found


def record_posts_left(*, today: datetime.date, limit: int = 100) -> list[Role]:
    """Ask the Members API about each followed member and champion; where a post has ended,
    end the role that stands for it in Waymark (a role with the post's name, started when it
    started or with no start), or, when Waymark never had it and it ended in the last
    `POST_NEWS_DAYS` days, record it as a role that ended. Returns the roles ended. Safe to run
    twice: a post whose role has already ended is skipped."""
    ended = []
    for person in people_to_check()[:limit]:
        for post in posts(person.parliament_member_id) or []:
            left_on = post["ended_on"]
            if left_on is None or left_on > today:
                continue
            ended += _end_post(person, post, today=today)
    return ended


def _end_post(person: Person, post: dict, *, today: datetime.date) -> list[Role]:
    left_on, started = post["ended_on"], post["started_on"]
    if started and started > left_on:
        return []
    roles = person.roles.filter(title__iexact=post["title"])
    if started:
        roles = roles.filter(Q(started_on=started) | Q(started_on__isnull=True))
    if roles.filter(ended_on__isnull=False).exists():
        return []
    with transaction.atomic():
        current = list(roles.filter(ended_on__isnull=True))
        if not current:
            if left_on < today - datetime.timedelta(days=POST_NEWS_DAYS):
                return []
            organisation = None
            if post["organisation"]:
                organisation = Organisation.objects.filter(
                    name__iexact=post["organisation"]
                ).first()
            current = [
                person.start_role(
                    post["title"], organisation, started_on=started, end_current=False
                )
            ]
        return [
            person.end_role(role, ended_on=left_on)
            for role in current
            if not role.started_on or role.started_on <= left_on
        ]
