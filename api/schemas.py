"""The JSON shapes of the API: what each resource shows, and what a write takes."""

import datetime
from typing import Literal

from ninja import Field, Schema

from campaigns.models import Ask


class Ref(Schema):
    """Another record, named, so a reader need not fetch it to show it."""

    id: int
    name: str


def refs(objects, attribute="name") -> list[dict]:
    return [{"id": obj.pk, "name": str(getattr(obj, attribute))} for obj in objects]


def ref(obj, attribute="name") -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": str(getattr(obj, attribute))}


def username(user) -> str | None:
    return None if user is None else user.get_username()


class OpeningOut(Schema):
    id: int
    title: str
    url: str
    summary: str
    status: str
    score: float
    topics: list[str]
    lever_type: str
    lever: Ref | None
    source: Ref | None
    assignee: str | None
    notes: str
    due_date: datetime.date | None
    published: datetime.datetime | None
    created_at: datetime.datetime
    status_changed_at: datetime.datetime | None
    people: list[Ref]
    organisations: list[Ref]
    areas: list[Ref]
    campaigns: list[Ref]
    asks: list[Ref]
    page: str

    @staticmethod
    def resolve_summary(obj):
        return obj.item.summary

    @staticmethod
    def resolve_lever(obj):
        return None if obj.lever is None else {"id": obj.lever.pk, "name": obj.lever.code}

    @staticmethod
    def resolve_source(obj):
        return ref(obj.source)

    @staticmethod
    def resolve_assignee(obj):
        return username(obj.assignee)

    @staticmethod
    def resolve_people(obj):
        return refs(obj.people.all())

    @staticmethod
    def resolve_organisations(obj):
        return refs(obj.organisations.all())

    @staticmethod
    def resolve_areas(obj):
        return refs(obj.areas.all())

    @staticmethod
    def resolve_campaigns(obj):
        return refs(obj.campaigns.all(), "title")

    @staticmethod
    def resolve_asks(obj):
        return refs(obj.asks.all(), "title")

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()


class TriageIn(Schema):
    action: Literal["accept", "dismiss", "assign"]
    # Kept with the triage decision, which holds up to 500 characters.
    note: str = Field("", max_length=500)
    # For "assign": the username to assign to; the token's owner when left out.
    assignee: str | None = None


class CampaignOut(Schema):
    id: int
    title: str
    summary: str
    status: str
    priority: int
    rag: str
    owner: str | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    asks: list[Ref]
    page: str

    @staticmethod
    def resolve_owner(obj):
        return username(obj.owner)

    @staticmethod
    def resolve_asks(obj):
        return refs(obj.asks.all(), "title")

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    changed_at: datetime.datetime
    changed_by: str | None
    note: str

    @staticmethod
    def resolve_changed_by(obj):
        return username(obj.changed_by)


class AskOut(Schema):
    id: int
    title: str
    detail: str
    campaign: Ref
    status: str
    status_changed_at: datetime.datetime
    owner: str | None
    target_organisations: list[Ref]
    target_people: list[Ref]
    status_history: list[StatusChangeOut]
    page: str

    @staticmethod
    def resolve_campaign(obj):
        return ref(obj.campaign, "title")

    @staticmethod
    def resolve_owner(obj):
        return username(obj.owner)

    @staticmethod
    def resolve_target_organisations(obj):
        return refs(obj.target_organisations.all())

    @staticmethod
    def resolve_target_people(obj):
        return refs(obj.target_people.all())

    @staticmethod
    def resolve_status_history(obj):
        return obj.status_changes.all()

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()


class AskStatusIn(Schema):
    status: Literal[tuple(Ask.Status.values)]  # type: ignore[valid-type]
    note: str = Field("", max_length=500)


class ConsultationOut(Schema):
    id: int
    title: str
    kind: str
    body: Ref | None
    url: str
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    response_status: str
    submitted_on: datetime.date | None
    outcome: str
    owner: str | None
    campaigns: list[Ref]
    asks: list[Ref]
    page: str

    @staticmethod
    def resolve_body(obj):
        return ref(obj.body)

    @staticmethod
    def resolve_owner(obj):
        return username(obj.owner)

    @staticmethod
    def resolve_campaigns(obj):
        return refs(obj.campaigns.all(), "title")

    @staticmethod
    def resolve_asks(obj):
        return refs(obj.asks.all(), "title")

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()


class PersonOut(Schema):
    id: int
    name: str
    role_title: str
    organisation: Ref | None
    email: str
    phone: str
    parliament_member_id: int | None
    house: str
    party: str
    constituency: str
    # Both null while the person is not rated yet.
    influence: int | None
    stance: str | None
    owner: str | None
    tags: list[str]
    page: str

    @staticmethod
    def resolve_organisation(obj):
        return ref(obj.organisation)

    @staticmethod
    def resolve_owner(obj):
        return username(obj.owner)

    @staticmethod
    def resolve_tags(obj):
        return obj.tag_list

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    sector: str
    website: str
    influence: int | None  # null while not rated yet, as stance
    stance: str | None
    parent: Ref | None
    local_area: Ref | None
    page: str

    @staticmethod
    def resolve_parent(obj):
        return ref(obj.parent)

    @staticmethod
    def resolve_local_area(obj):
        return ref(obj.local_area)

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()


class InteractionOut(Schema):
    id: int
    date: datetime.date
    kind: str
    summary: str
    people: list[Ref]
    organisations: list[Ref]
    campaigns: list[Ref]
    asks: list[Ref]
    follow_up_action: str
    follow_up_due: datetime.date | None
    follow_up_owner: str | None
    follow_up_done: bool
    recorded_by: str | None
    page: str

    @staticmethod
    def resolve_people(obj):
        return refs(obj.people.all())

    @staticmethod
    def resolve_organisations(obj):
        return refs(obj.organisations.all())

    @staticmethod
    def resolve_campaigns(obj):
        return refs(obj.campaigns.all(), "title")

    @staticmethod
    def resolve_asks(obj):
        return refs(obj.asks.all(), "title")

    @staticmethod
    def resolve_follow_up_owner(obj):
        return username(obj.follow_up_owner)

    @staticmethod
    def resolve_recorded_by(obj):
        return username(obj.recorded_by)

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()


class EvidenceOut(Schema):
    id: int
    title: str
    kind: str
    publisher: str
    published_on: datetime.date | None
    url: str
    summary: str
    key_findings: list[str]
    quotable_lines: list[str]
    tags: list[str]
    confidentiality: str
    campaigns: list[Ref]
    asks: list[Ref]
    created_at: datetime.datetime
    page: str

    @staticmethod
    def resolve_key_findings(obj):
        return obj.finding_list

    @staticmethod
    def resolve_quotable_lines(obj):
        return obj.quote_list

    @staticmethod
    def resolve_tags(obj):
        return obj.tag_list

    @staticmethod
    def resolve_campaigns(obj):
        return refs(obj.campaigns.all(), "title")

    @staticmethod
    def resolve_asks(obj):
        return refs(obj.asks.all(), "title")

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()


class EvidenceFileOut(Schema):
    id: int
    name: str
    file_type: str
    size: int
    extracted_text: str

    @staticmethod
    def resolve_name(obj):
        return obj.original_name


class EvidenceDetailOut(EvidenceOut):
    files: list[EvidenceFileOut]

    @staticmethod
    def resolve_files(obj):
        return obj.files.all()


class LocalAreaOut(Schema):
    id: int
    name: str
    kind: str
    nation: str
    police_force_area: Ref | None
    protocol: str
    partnership: str
    information_sharing: str
    missing_lead: str
    status_reviewed_on: datetime.date | None
    page: str

    @staticmethod
    def resolve_police_force_area(obj):
        return ref(obj.police_force_area)

    @staticmethod
    def resolve_page(obj):
        return obj.get_absolute_url()
