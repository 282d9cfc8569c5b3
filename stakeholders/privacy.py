"""Data protection for people: the subject access export and erasure.

Both are for administrators only and both leave an entry in the audit trail, one that records
that the export or erasure happened without repeating the personal data.
"""

import re

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from stakeholders.models import ERASED_NAME, Interaction, Person, Role

ERASED_MENTION = "[erased person]"


def subject_access_record(person, *, by):
    """Everything Waymark holds about a person, as plain data for a JSON download."""
    interactions = (
        Interaction.objects.involving_person(person)
        .prefetch_related("organisations", "people")
        .order_by("date", "pk")
    )
    record = {
        "exported_at": timezone.now().isoformat(),
        "details": {
            "name": person.name,
            "current_role": person.role_title,
            "organisation": person.organisation.name if person.organisation_id else "",
            "email": person.email,
            "phone": person.phone,
            "uk_parliament_member_id": person.parliament_member_id,
            "scottish_parliament_member_id": person.scottish_parliament_id,
            "house": person.get_house_display() if person.house else "",
            "party": person.party,
            "constituency": person.constituency,
            "influence": person.influence,
            "stance": person.get_stance_display(),
            "stance_last_confirmed": _date(person.stance_reviewed_on),
            "relationship_owner": person.owner.get_full_name() if person.owner_id else "",
            "tags": person.tag_list,
            "notes": person.notes,
            "recorded_since": person.created_at.isoformat(),
        },
        "role_history": [
            {
                "role": role.title,
                "organisation": role.organisation.name if role.organisation_id else "",
                "started_on": _date(role.started_on),
                "ended_on": _date(role.ended_on),
            }
            for role in person.roles.select_related("organisation")
        ],
        "interactions": [
            {
                "date": _date(interaction.date),
                "kind": interaction.get_kind_display(),
                "summary": interaction.summary,
                "follow_up_action": interaction.follow_up_action,
                "organisations": [o.name for o in interaction.organisations.all()],
                "others_present": len([p for p in interaction.people.all() if p.pk != person.pk]),
            }
            for interaction in interactions
        ],
        "asks_targeting_them": list(person.asks_received.values_list("title", flat=True)),
        "local_areas_where_named_missing_lead": list(
            person.led_areas.values_list("name", flat=True)
        ),
    }
    LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.ACCESS,
        changes={"subject access export": ["", "downloaded"]},
        actor=by,
        force_log=True,
    )
    return record


def erase(person, *, by):
    """Remove a person's personal data for good, keeping their interactions anonymised.

    The record stays (as "Erased person") so interaction and meeting counts stay right; contact
    details, notes, tags, role history and the audit entries that held them go. Mentions of
    their name in interaction summaries are replaced.
    """
    names = {person.name.strip()} - {""}
    with transaction.atomic(), disable_auditlog():
        _purge_audit_entries(person)
        for interaction in Interaction.objects.involving_person(person):
            _scrub_interaction(interaction, names)
        person.roles.all().delete()
        person.asks_received.clear()
        person.led_areas.update(missing_lead_person=None)
        # Nobody follows an erased person: their member watch stops opening anything.
        person.follows.all().delete()
        for field, value in {
            "name": ERASED_NAME,
            "role_title": "",
            "organisation": None,
            "email": "",
            "phone": "",
            "parliament_member_id": None,
            "scottish_parliament_id": None,
            "house": "",
            "party": "",
            "constituency": "",
            "influence": 3,
            "stance": Person.Stance.NEUTRAL,
            "owner": None,
            "tags": "",
            "notes": "",
            "stance_reviewed_on": None,
            "erased_at": timezone.now(),
        }.items():
            setattr(person, field, value)
        person.save()
    LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.UPDATE,
        changes={"personal data": ["", "erased"]},
        actor=by,
        force_log=True,
    )
    return person


def _purge_audit_entries(person):
    person_type = ContentType.objects.get_for_model(Person)
    role_type = ContentType.objects.get_for_model(Role)
    LogEntry.objects.filter(content_type=person_type, object_pk=str(person.pk)).delete()
    role_ids = [str(pk) for pk in person.roles.values_list("pk", flat=True)]
    LogEntry.objects.filter(content_type=role_type, object_pk__in=role_ids).delete()


def _scrub_interaction(interaction, names):
    changed = False
    for field in ("summary", "follow_up_action"):
        text = getattr(interaction, field)
        for name in names:
            pattern = re.compile(re.escape(name), re.IGNORECASE)
            if pattern.search(text):
                text = pattern.sub(ERASED_MENTION, text)
                changed = True
        setattr(interaction, field, text)
    if changed:
        interaction.save(update_fields=["summary", "follow_up_action", "updated_at"])
        # The search index must not keep the erased name either.
        Interaction.objects.filter(pk=interaction.pk).reindex()
        # The interaction's own audit entries held the old wording.
        LogEntry.objects.get_for_object(interaction).delete()


def _date(value):
    return value.isoformat() if value else None
