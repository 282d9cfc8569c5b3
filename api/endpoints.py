"""The JSON API under /api/v1/: Waymark's records for scripts and other tools.

Built with django-ninja: it is small, generates the OpenAPI schema from the type hints below and
ships the Swagger UI's files, so the docs page works offline under the site's CSP. Every read
starts from the same QuerySet methods as the pages; restricted evidence is reached only through
`EvidenceItem.objects.visible_to`. Writes reuse the model methods the pages call, so notes,
triage decisions and the audit log come out the same.
"""

import contextvars
import datetime

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, ValidationError
from ninja.pagination import paginate

from accounts.roles import editors
from api import schemas
from api.auth import EditorTokenAuth, TokenAuth, TokenRateThrottle
from api.pagination import Pages
from campaigns.models import Ask, AskStatusChange, Campaign, Consultation
from evidence.models import EvidenceItem
from monitors.models import Opening
from relevance import TOPICS
from stakeholders.models import Interaction, LocalArea, Organisation, Person

api = NinjaAPI(
    title="Waymark API",
    version="1",
    description=(
        "Read Waymark's records; policy officers and administrators may also triage openings "
        "and move asks. Send a personal access token as `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    docs_url="/docs",
    # The schema and docs are read-only pages of the site, for people signed in.
    docs_decorator=require_GET,
)


def _error(request, status, message):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    response = _error(
        request, 401, "Send a valid, unrevoked API token as 'Authorization: Bearer <token>'."
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, str(exc) or "Your role cannot do this.")


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "Not found.")


def _as_actor(request, write, *args):
    """Run a write with the token's owner as the audit log's actor.

    In a copy of the context: auditlog's set_actor leaves its context variable set afterwards.
    """

    def run():
        with set_actor(request.user, remote_addr=request.META.get("REMOTE_ADDR")):
            return write(*args)

    return contextvars.copy_context().run(run)


# Openings

openings = Router(tags=["openings"])

OPENING_STATUSES = ["open", *Opening.Status.values]


def _openings():
    # An item's full text and document passages are large and not shown here.
    return (
        Opening.objects.with_list_relations()
        .defer("item__body", "item__passages", "item__extra", "change")
        .prefetch_related("people", "organisations", "areas", "campaigns", "asks")
    )


@openings.get("", response=list[schemas.OpeningOut], url_name="openings")
@paginate(Pages, ordering=("-created_at", "-pk"))
def opening_list(
    request,
    status: str | None = None,
    topic: str | None = None,
    source: int | None = None,
    lever: int | None = None,
    lever_type: str | None = None,
    since: datetime.datetime | None = None,
):
    """Newest first. `status` is one of new, in_progress, actioned, dismissed or open (new or in
    progress); `since` an ISO 8601 time (openings found then or later)."""
    errors = []
    if status is not None and status not in OPENING_STATUSES:
        choices = ", ".join(OPENING_STATUSES)
        errors.append(_field_error("query", "status", f"Choose one of {choices}."))
    if topic is not None and topic not in TOPICS:
        errors.append(_field_error("query", "topic", f"Choose one of {', '.join(TOPICS)}."))
    if errors:
        raise ValidationError(errors)
    queryset = _openings()
    if status == "open":
        queryset = queryset.open()
    elif status:
        queryset = queryset.filter(status=status)
    if topic:
        queryset = queryset.for_topics([topic])
    if source is not None:
        queryset = queryset.filter(source_id=source)
    if lever is not None:
        queryset = queryset.filter(lever_id=lever)
    if lever_type:
        queryset = queryset.filter(lever_type=lever_type)
    if since is not None:
        queryset = queryset.since(since)
    return queryset


@openings.get("/{int:pk}", response=schemas.OpeningOut, url_name="opening")
def opening_detail(request, pk: int):
    return get_object_or_404(_openings(), pk=pk)


@openings.post(
    "/{int:pk}/triage",
    response=schemas.OpeningOut,
    url_name="opening_triage",
    auth=EditorTokenAuth(),
)
def opening_triage(request, pk: int, payload: schemas.TriageIn):
    """Accept, dismiss (with an optional note) or assign (to `assignee`, or yourself)."""
    opening = get_object_or_404(Opening.objects.with_list_relations(), pk=pk)
    user = request.user
    if payload.action == "accept":
        _as_actor(request, opening.accept, user)
    elif payload.action == "dismiss":
        _as_actor(request, lambda: opening.dismiss(user, note=payload.note.strip()))
    else:
        assignee = user
        if payload.assignee:
            # Only someone who can act on an opening, as in the triage form.
            assignee = editors(get_user_model().objects.all())
            assignee = assignee.filter(username=payload.assignee).first()
            if assignee is None:
                message = "No active officer or administrator has this username."
                raise ValidationError([_field_error("body", "assignee", message)])
        _as_actor(request, lambda: opening.assign(assignee, by=user))
    return get_object_or_404(_openings(), pk=pk)


def _field_error(where, field, message):
    return {"type": "value_error", "loc": [where, field], "msg": message}


# Campaigns and asks

campaigns = Router(tags=["campaigns"])


@campaigns.get("", response=list[schemas.CampaignOut], url_name="campaigns")
@paginate(Pages, ordering=("priority", "title", "pk"))
def campaign_list(request, status: Campaign.Status | None = None):
    queryset = Campaign.objects.select_related("owner").prefetch_related("asks")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


@campaigns.get("/{int:pk}", response=schemas.CampaignOut, url_name="campaign")
def campaign_detail(request, pk: int):
    return get_object_or_404(
        Campaign.objects.select_related("owner").prefetch_related("asks"), pk=pk
    )


asks = Router(tags=["asks"])


def _asks():
    return Ask.objects.with_list_relations().prefetch_related(
        Prefetch("status_changes", queryset=AskStatusChange.objects.select_related("changed_by"))
    )


@asks.get("", response=list[schemas.AskOut], url_name="asks")
@paginate(Pages, ordering=("campaign__title", "title", "pk"))
def ask_list(request, campaign: int | None = None, status: Ask.Status | None = None):
    """Each ask with its dated status history, newest change first."""
    queryset = _asks()
    if campaign is not None:
        queryset = queryset.filter(campaign_id=campaign)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


@asks.get("/{int:pk}", response=schemas.AskOut, url_name="ask")
def ask_detail(request, pk: int):
    return get_object_or_404(_asks(), pk=pk)


@asks.post(
    "/{int:pk}/status", response=schemas.AskOut, url_name="ask_status", auth=EditorTokenAuth()
)
def ask_status(request, pk: int, payload: schemas.AskStatusIn):
    """Move the ask to a new status, kept in its history with an optional note."""
    ask = get_object_or_404(Ask, pk=pk)
    _as_actor(request, lambda: ask.move_to(payload.status, by=request.user, note=payload.note))
    return get_object_or_404(_asks(), pk=pk)


# Consultations

consultations = Router(tags=["consultations"])


def _consultations():
    return Consultation.objects.select_related("body", "owner").prefetch_related(
        "campaigns", "asks"
    )


@consultations.get("", response=list[schemas.ConsultationOut], url_name="consultations")
@paginate(Pages, ordering=("closes_on", "pk"), nullable=("closes_on",))
def consultation_list(request, awaiting_response: bool = False):
    """By closing date, soonest first; `awaiting_response=true` leaves out those submitted."""
    queryset = _consultations()
    if awaiting_response:
        queryset = queryset.awaiting_response()
    return queryset


@consultations.get("/{int:pk}", response=schemas.ConsultationOut, url_name="consultation")
def consultation_detail(request, pk: int):
    return get_object_or_404(_consultations(), pk=pk)


# People, organisations, interactions, local areas

people = Router(tags=["people"])


def _people():
    return Person.objects.not_erased().select_related("organisation", "owner")


@people.get("", response=list[schemas.PersonOut], url_name="people")
@paginate(Pages, ordering=("name", "pk"))
def person_list(request, organisation: int | None = None, tag: str | None = None):
    queryset = _people()
    if organisation is not None:
        queryset = queryset.filter(organisation_id=organisation)
    if tag:
        queryset = queryset.tagged(tag)
    return queryset


@people.get("/{int:pk}", response=schemas.PersonOut, url_name="person")
def person_detail(request, pk: int):
    return get_object_or_404(_people(), pk=pk)


organisations = Router(tags=["organisations"])


def _organisations():
    return Organisation.objects.select_related("parent", "local_area")


@organisations.get("", response=list[schemas.OrganisationOut], url_name="organisations")
@paginate(Pages, ordering=("name", "pk"))
def organisation_list(request, name: str | None = None):
    queryset = _organisations()
    if name:
        queryset = queryset.named_like(name)
    return queryset


@organisations.get("/{int:pk}", response=schemas.OrganisationOut, url_name="organisation")
def organisation_detail(request, pk: int):
    return get_object_or_404(_organisations(), pk=pk)


interactions = Router(tags=["interactions"])


def _interactions():
    return Interaction.objects.select_related("follow_up_owner", "recorded_by").prefetch_related(
        "people", "organisations", "campaigns", "asks"
    )


@interactions.get("", response=list[schemas.InteractionOut], url_name="interactions")
@paginate(Pages, ordering=("-date", "-pk"))
def interaction_list(
    request,
    person: int | None = None,
    organisation: int | None = None,
    since: datetime.date | None = None,
):
    """Newest first; `since` a date (interactions on or after it)."""
    queryset = _interactions()
    if person is not None:
        queryset = queryset.filter(people=person)
    if organisation is not None:
        queryset = queryset.filter(organisations=organisation)
    if since is not None:
        queryset = queryset.filter(date__gte=since)
    return queryset


@interactions.get("/{int:pk}", response=schemas.InteractionOut, url_name="interaction")
def interaction_detail(request, pk: int):
    return get_object_or_404(_interactions(), pk=pk)


areas = Router(tags=["local areas"])


@areas.get("", response=list[schemas.LocalAreaOut], url_name="areas")
@paginate(Pages, ordering=("name", "pk"))
def area_list(request, nation: LocalArea.Nation | None = None):
    queryset = LocalArea.objects.select_related("police_force_area")
    if nation:
        queryset = queryset.filter(nation=nation)
    return queryset


@areas.get("/{int:pk}", response=schemas.LocalAreaOut, url_name="area")
def area_detail(request, pk: int):
    return get_object_or_404(LocalArea.objects.select_related("police_force_area"), pk=pk)


# Evidence: restricted items exist only for people granted access, as on every page.

evidence = Router(tags=["evidence"])


def _evidence(request):
    # Not the text of the attached files, nor the search index: tens of kilobytes an item that
    # no answer carries (a file's text comes with the file, on the item's page).
    return (
        EvidenceItem.objects.visible_to(request.user)
        .defer("files_text", "search_vector")
        .prefetch_related("campaigns", "asks")
    )


@evidence.get("", response=list[schemas.EvidenceOut], url_name="evidence")
@paginate(Pages, ordering=("-created_at", "-pk"))
def evidence_list(request, kind: EvidenceItem.Kind | None = None, tag: str | None = None):
    """Metadata only; an item's page (`/evidence/{id}`) adds its files' extracted text."""
    queryset = _evidence(request)
    if kind:
        queryset = queryset.filter(kind=kind)
    if tag:
        queryset = queryset.tagged(tag)
    return queryset


@evidence.get("/{int:pk}", response=schemas.EvidenceDetailOut, url_name="evidence_item")
def evidence_detail(request, pk: int):
    return get_object_or_404(_evidence(request).prefetch_related("files"), pk=pk)


api.add_router("/openings", openings)
api.add_router("/campaigns", campaigns)
api.add_router("/asks", asks)
api.add_router("/consultations", consultations)
api.add_router("/people", people)
api.add_router("/organisations", organisations)
api.add_router("/interactions", interactions)
api.add_router("/evidence", evidence)
api.add_router("/areas", areas)
