"""Names for the Parliament members that openings mention but Waymark does not know yet.

Written questions and early day motions give members by id only. After a scan opens items,
the ids not yet linked to a stakeholder are looked up in the UK Parliament Members API, through
the same safe client as every other fetch, and the names are kept on the item so that "Create
person" on the opening is filled in. A look-up that fails is left for the next scan: it never
fails the source's scan.
"""

from __future__ import annotations

import logging

from django.conf import settings

from harvesting import fetch as fetching
from harvesting.parsers import ParseError
from harvesting.parsers.jsonapi import load_envelope
from monitors.actions import unknown_members
from monitors.models import Item

logger = logging.getLogger(__name__)

# Look-ups per scan: a first scan of a busy source can mention hundreds of members.
MAX_LOOKUPS = 25
MAX_BYTES = 256 * 1024


def member_record(member_id: int) -> dict | None:
    """The Members API's record of one member (its `value`), or None when look-ups are off, the
    look-up fails or the answer has another shape. Names (below) and departures
    (`monitors.following`) both read it."""
    return _members_api(member_id)


def member_biography(member_id: int) -> dict | None:
    """The member's biography (`/Members/{id}/Biography`: `governmentPosts`, `oppositionPosts`,
    `otherPosts`, `committeeMemberships` and more, each a list of `{name, startDate, endDate,
    additionalInfo, ...}`), or None as for `member_record`."""
    return _members_api(member_id, "/Biography")


def _members_api(member_id: int, part: str = "") -> dict | None:
    template = settings.MONITORS_MEMBERS_API
    if not template:
        return None
    try:
        response = fetching.fetch(
            template.format(id=int(member_id)) + part,
            accept=("application/json",),
            max_bytes=MAX_BYTES,
            deadline=20.0,
        )
        data = load_envelope(
            response.body,
            source="Members API",
            keys=("value",),
            options={"content_type": response.content_type},
        )
    except (fetching.FetchError, ParseError) as error:
        logger.info("Parliament member %s could not be looked up: %s", member_id, error)
        return None
    member = data.get("value")
    return member if isinstance(member, dict) else None


def member_details(member_id: int) -> dict | None:
    """The member's display name, party and seat (`{"name": "Sir Keir Starmer", "party":
    "Labour", "seat": "Holborn and St Pancras"}`), or None when the Members API cannot say."""
    member = member_record(member_id) or {}
    name = member.get("nameDisplayAs")
    if not isinstance(name, str) or not name.strip():
        return None
    party = _field(member, "latestParty", "name")
    seat = _field(member, "latestHouseMembership", "membershipFrom")
    return {
        "name": " ".join(name.split())[:150],
        "party": party.strip()[:100] if isinstance(party, str) else "",
        "seat": seat.strip()[:150] if isinstance(seat, str) else "",
    }


def _field(member: dict, section: str, name: str):
    """`member[section][name]`, or None where the response is shaped otherwise."""
    value = member.get(section)
    return value.get(name) if isinstance(value, dict) else None


def name_unknown_members(opening_ids: list[int], *, limit: int = MAX_LOOKUPS) -> int:
    """Look up the members that the given openings' items mention and that are neither
    stakeholders nor named already; returns how many names were found."""
    if not opening_ids or not settings.MONITORS_MEMBERS_API:
        return 0
    items = list(
        Item.objects.filter(openings__id__in=opening_ids)
        .distinct()
        .only("id", "member_ids", "extra")
    )
    mentioned = {
        member_id
        for item in items
        for member_id in item.member_ids
        if isinstance(member_id, int) and str(member_id) not in item.extra.get("memberNames", {})
    }
    names = {}
    for member_id in unknown_members(sorted(mentioned))[:limit]:
        if details := member_details(member_id):
            names[str(member_id)] = details
    changed = []
    for item in items:
        found = {key: names[key] for key in map(str, item.member_ids) if key in names}
        if found:
            named = {**item.extra.get("memberNames", {}), **found}
            item.extra = {**item.extra, "memberNames": named}
            changed.append(item)
    Item.objects.bulk_update(changed, ["extra"])
    return len(names)
