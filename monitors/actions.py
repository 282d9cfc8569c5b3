"""Acting on an opening in one step: each function creates the record elsewhere in Waymark,
prefilled from the item, links it back to the opening, and returns it."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from campaigns.models import Consultation
from monitors.models import LeverType, Opening, Source
from stakeholders.models import Organisation, Person

_CONSULTATION_KINDS = {
    "call_for_evidence": Consultation.Kind.CALL_FOR_EVIDENCE,
    "committee": Consultation.Kind.INQUIRY,
    "inquiry": Consultation.Kind.INQUIRY,
}


def optional_model(label: str):
    """A model from an app that may not be installed in every deployment."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def known_organisation(opening: Opening) -> Organisation | None:
    for name in opening.item.organisations:
        match = Organisation.objects.filter(name__iexact=name.strip()).first()
        if match:
            return match
    return opening.organisations.first()


def _consultation_kind(opening: Opening) -> str:
    text = " ".join([opening.item.title, str(opening.item.extra.get("documentType", ""))]).lower()
    if opening.source and opening.source.kind == Source.Kind.COMMITTEES:
        return Consultation.Kind.INQUIRY
    for needle, kind in _CONSULTATION_KINDS.items():
        if needle.replace("_", " ") in text or needle in text:
            return kind
    return Consultation.Kind.CONSULTATION


@transaction.atomic
def create_consultation(opening: Opening, user) -> Consultation:
    """A consultation prefilled with the title, the body running it, its dates and link."""
    if opening.consultation_id:
        return opening.consultation
    item = opening.item
    consultation = Consultation.objects.create(
        title=item.title[:300],
        kind=_consultation_kind(opening),
        body=known_organisation(opening),
        url=item.url[:500],
        opens_on=item.opens or (timezone.localdate(item.published) if item.published else None),
        closes_on=item.deadline,
        owner=user,
        notes=f"Found by Waymark's monitor “{opening.source}”.\n\n{item.summary}".strip(),
    )
    consultation.campaigns.set(opening.campaigns.all())
    consultation.asks.set(opening.asks.all())
    opening.consultation = consultation
    if not opening.lever_type:
        opening.lever_type = LeverType.CONSULTATION
    opening.record_action("consultation", consultation.title, consultation.get_absolute_url(), user)
    return consultation


@transaction.atomic
def log_interaction(opening: Opening, user):
    """An interaction with the people and organisations linked to the opening, dated today."""
    interaction_model = optional_model("stakeholders.Interaction")
    if interaction_model is None:
        return None
    kind = (
        "parliamentary_question"
        if opening.lever_type == LeverType.PARLIAMENTARY_INTEREST
        else "briefing"
    )
    item = opening.item
    interaction = interaction_model.objects.create(
        date=timezone.localdate(),
        kind=kind,
        summary=f"{item.title}\n{item.url}\n\n{item.summary}".strip(),
        recorded_by=user,
    )
    interaction.people.set(opening.people.all())
    interaction.organisations.set(opening.organisations.all())
    interaction.campaigns.set(opening.campaigns.all())
    interaction.asks.set(opening.asks.all())
    interaction.record_change()
    opening.record_action("interaction", str(interaction), interaction.get_absolute_url(), user)
    return interaction


_EVIDENCE_KINDS = {
    LeverType.INSPECTION_FINDING: "inspection",
    LeverType.SAFEGUARDING_REVIEW: "practice_review",
    LeverType.PARLIAMENTARY_INTEREST: "parliamentary",
    LeverType.HIGH_PROFILE_INCIDENT: "news",
}


@transaction.atomic
def save_as_evidence(opening: Opening, user):
    """An evidence item quoting the passages about missing people, with their pages."""
    evidence_model = optional_model("evidence.EvidenceItem")
    if evidence_model is None:
        return None
    item = opening.item
    findings = "\n".join(
        f"p. {passage['page']}: {passage['text']}" if passage.get("page") else passage["text"]
        for passage in item.passages
        if passage.get("text")
    )
    evidence = evidence_model.objects.create(
        title=item.title[:300],
        kind=_EVIDENCE_KINDS.get(opening.lever_type, "research"),
        publisher=", ".join(item.organisations)[:200],
        published_on=timezone.localdate(item.published) if item.published else None,
        url=item.url[:500],
        summary=item.summary,
        key_findings=findings,
        created_by=user,
    )
    evidence.campaigns.set(opening.campaigns.all())
    evidence.asks.set(opening.asks.all())
    opening.record_action(
        "evidence", evidence.title, evidence.get_absolute_url(), user, object_id=evidence.pk
    )
    return evidence


def _evidence_id(entry: dict) -> int | None:
    if entry.get("id") is not None:
        return entry["id"]
    # Entries recorded before the id was kept name the item only by its address.
    try:
        return int(resolve(entry.get("url", "")).kwargs["pk"])
    except (Resolver404, KeyError, TypeError, ValueError):
        return None


def actions_for(opening: Opening, user) -> list[dict]:
    """What was done from this opening, as `user` may see it now.

    Evidence goes through `EvidenceItem.objects.visible_to(user)` like every other place that
    names an item: one restricted since it was saved is left out for those not granted access,
    and the others are named by their current title, not the one recorded at the time.
    """
    entries = list(opening.actions or [])
    evidence_model = optional_model("evidence.EvidenceItem")
    wanted = {_evidence_id(e) for e in entries if e.get("kind") == "evidence"} - {None}
    titles = {}
    if evidence_model is not None and wanted:
        titles = dict(
            evidence_model.objects.visible_to(user).filter(pk__in=wanted).values_list("pk", "title")
        )
    visible = []
    for entry in entries:
        if entry.get("kind") == "evidence":
            evidence_id = _evidence_id(entry)
            if evidence_id not in titles:
                continue
            entry = {**entry, "label": titles[evidence_id]}
        visible.append(entry)
    return visible


def attach(opening: Opening, *, campaign=None, ask=None, user=None) -> None:
    if campaign is not None:
        opening.campaigns.add(campaign)
        opening.record_action("campaign", str(campaign), campaign.get_absolute_url(), user)
    if ask is not None:
        opening.asks.add(ask)
        opening.record_action("ask", str(ask), ask.get_absolute_url(), user)


def unknown_members(member_ids: Iterable[int]) -> list[int]:
    """The Parliament member ids, in the order given, that no stakeholder has yet."""
    member_ids = list(member_ids)
    known = set(
        Person.objects.filter(parliament_member_id__in=member_ids).values_list(
            "parliament_member_id", flat=True
        )
    )
    return [mid for mid in member_ids if mid not in known]


def unknown_member_ids(opening: Opening) -> list[int]:
    return unknown_members(opening.item.member_ids)


def unknown_organisations(opening: Opening) -> list[str]:
    names = [name for name in opening.item.organisations if name.strip()]
    known = {
        name.lower()
        for name in Organisation.objects.filter(name__in=names).values_list("name", flat=True)
    }
    return [name for name in names if name.lower() not in known]


@transaction.atomic
def create_person(opening: Opening, *, name: str, member_id: int | None, user=None) -> Person:
    person = None
    if member_id:
        person = Person.objects.filter(parliament_member_id=member_id).first()
    if person is None:
        person = Person.objects.create(
            name=name,
            parliament_member_id=member_id or None,
            house=Person.House.COMMONS
            if opening.item.extra.get("house") == "Commons"
            else (Person.House.LORDS if opening.item.extra.get("house") == "Lords" else ""),
        )
    opening.people.add(person)
    return person


@transaction.atomic
def create_organisation(opening: Opening, *, name: str, user=None) -> Organisation:
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(name=name, sector=Organisation.Sector.GOVERNMENT)
    opening.organisations.add(organisation)
    return organisation
