"""Watching the members people follow, and noticing when a member leaves the House.

Following a Westminster member gives them three sources of their own (their written
questions, the early day motions they table or sign, their Hansard contributions), made here
as ordinary `Source` rows: they are scanned by the same scanner, fetched through the same safe
client and stored through the same ingest path as every other source, so an item found by a
member watch and by a topic search is still one item. A member watch opens everything it finds
(`ScanContext.member_watch`), since following is by person, not by relevance; the relevance
filter still scores and explains each item.

Scottish Parliament members have no per-member query (its data comes as one file a year):
their items are opened from the Scottish Parliament source when they ask or table them
(`ScanContext.opens`).
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q

from harvesting.dates import parse_date
from monitors.members import member_record
from monitors.models import LeverType, Source
from stakeholders.models import Follow, Person

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


def member_watches(person: Person):
    """The sources watching this person (enabled or not)."""
    if not person.parliament_member_id:
        return Source.objects.none()
    return Source.objects.filter(options__member=person.parliament_member_id)


def watch_member(person: Person, *, owner=None) -> list[Source]:
    """Make sure the person's member watches exist and are on; safe to call twice at once."""
    if not person.parliament_member_id:
        return []
    member_id = person.parliament_member_id
    sources = []
    for kind, label, url in MEMBER_WATCHES:
        existing = Source.objects.filter(kind=kind, options__member=member_id).first()
        if existing is not None:
            source, created = existing, False
        else:
            source, created = _create_watch(
                kind,
                member_id,
                {
                    "name": f"{person.name} ({member_id}): {label}"[:200],
                    "url": url.format(id=member_id),
                    "every": MEMBER_WATCH_EVERY,
                    "lever_type": LeverType.PARLIAMENTARY_INTEREST,
                    "backfill_days": MEMBER_WATCH_BACKFILL_DAYS,
                    "owner": owner,
                    "options": {
                        "member": member_id,
                        "lever": PASSIONATE_INDIVIDUALS,
                        "max_pages": 2,
                    },
                },
            )
        if not created and not source.enabled:
            Source.objects.filter(pk=source.pk).update(enabled=True)
            source.enabled = True
        sources.append(source)
    return sources


def _create_watch(kind, member_id, fields) -> tuple[Source, bool]:
    """Create one watch; if another request made it a moment ago (the name is unique), use
    theirs."""
    try:
        with transaction.atomic():
            return Source.objects.create(kind=kind, **fields), True
    except IntegrityError:
        return Source.objects.get(kind=kind, options__member=member_id), False


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
