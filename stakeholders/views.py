import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import administrator_required, edit_required
from stakeholders import importing, privacy
from stakeholders.filters import (
    FollowUpFilter,
    InteractionFilter,
    LocalAreaFilter,
    OrganisationFilter,
    PersonFilter,
)
from stakeholders.forms import (
    EndRoleForm,
    EraseForm,
    ImportForm,
    InteractionForm,
    LocalAreaStatusForm,
    NewPersonForm,
    OrganisationForm,
    PersonForm,
    RoleForm,
)
from stakeholders.models import (
    ImportBatch,
    Interaction,
    LocalArea,
    MultiAgencyStatus,
    Organisation,
    Person,
)
from ui import spreadsheet
from ui.editing import confirm_delete, save_form
from ui.listing import page_of, render_list
from ui.pickers import picker_response
from ui.spreadsheet import csv_response

# campaigns sit above stakeholders: asks are reached through the relation Interaction declares.
_ASKS = Interaction._meta.get_field("asks").related_model


def _next_url(request, default=""):
    """Where a form came from, if it is a page of this site; otherwise `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _absolute(request, obj):
    return request.build_absolute_uri(obj.get_absolute_url())


def _absolute_base(request, example):
    """The absolute address of a record page without its id, from one with id 0."""
    return request.build_absolute_uri(example).removesuffix("0/")


TIMELINE_LENGTH = 50


def _timeline(interactions):
    return interactions.select_related("follow_up_owner").prefetch_related(
        "people", "organisations", "asks"
    )


# People


def _people(request):
    return PersonFilter(
        request.GET, queryset=Person.objects.not_erased().order_by("name", "pk"), request=request
    )


def _person_rows(people):
    return people.with_list_relations()


@require_GET
def person_list(request):
    context = {}
    if not request.htmx or request.htmx.boosted:
        # The cards above the list: the results fragment htmx asks for does not show them.
        context = {
            "champions_who_left": Person.objects.champions_who_left().count(),
            "overdue_follow_ups": Interaction.objects.overdue_follow_ups().count(),
        }
    return render_list(
        request,
        _people(request),
        template="stakeholders/person_list.html",
        results_template="stakeholders/_person_results.html",
        page_rows=_person_rows,
        context=context,
    )


@require_GET
def person_export(request):
    columns = [
        ("Name", lambda p: p.name),
        ("Current role", lambda p: p.role_title),
        ("Organisation", lambda p: p.organisation.name if p.organisation else ""),
        ("Email", lambda p: p.email),
        ("Phone", lambda p: p.phone),
        ("Influence", lambda p: p.get_influence_display()),
        ("Stance", lambda p: p.get_stance_display()),
        ("House", lambda p: p.get_house_display() if p.house else ""),
        ("Party", lambda p: p.party),
        ("Constituency", lambda p: p.constituency),
        ("Relationship owner", lambda p: p.owner.username if p.owner else ""),
        ("Tags", lambda p: p.tags),
        ("Last contact", lambda p: p.last_contact),
        ("Record", lambda p: _absolute(request, p)),
    ]
    return csv_response("people.csv", columns, _people(request).qs.for_export())


@require_GET
def person_choices(request):
    """People matching a picker's search (ui/pickers.py)."""
    return picker_response(request, Person.objects.not_erased())


@require_GET
def person_detail(request, pk):
    return _person_page(request, pk)


def _person_page(request, pk, *, role_form=None, end_role_form=None):
    person = get_object_or_404(Person.objects.with_list_relations(), pk=pk)
    left = Person.objects.champions_who_left().filter(pk=person.pk).first()
    has_left_a_role = person.roles.filter(ended_on__isnull=False).exists()
    return render(
        request,
        "stakeholders/person_detail.html",
        {
            "person": person,
            "champion_left": left,
            "roles": person.roles.select_related("organisation"),
            # The latest ones: the busiest people have met the team hundreds of times.
            "interactions": _timeline(person.interactions.all())[:TIMELINE_LENGTH],
            "interaction_count": person.interactions.count(),
            "asks": person.asks_received.select_related("campaign"),
            "role_form": role_form or RoleForm(initial={"started_on": timezone.localdate()}),
            "end_role_form": end_role_form or EndRoleForm(person=person),
            # Who to work with next, once the person has left a role (or has none now).
            "suggestions": (
                person.suggested_contacts()
                if left or (has_left_a_role and not person.organisation_id)
                else []
            ),
            # What they asked, tabled, signed or said, as openings (newest first).
            "activity": person.openings.select_related("item", "source").order_by(
                "-published", "-pk"
            )[:10],
        },
    )


@edit_required
def person_create(request):
    return save_form(
        request,
        NewPersonForm,
        template="stakeholders/person_form.html",
        initial={"owner": request.user},
    )


@edit_required
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.not_erased(), pk=pk)
    return save_form(request, PersonForm, instance=person, template="stakeholders/person_form.html")


@edit_required
def person_delete(request, pk):
    person = get_object_or_404(Person, pk=pk)
    return confirm_delete(request, person, success_url=reverse("stakeholders:person_list"))


@require_POST
@edit_required
def person_role_create(request, pk):
    person = get_object_or_404(Person.objects.not_erased(), pk=pk)
    form = RoleForm(request.POST)
    if form.picker_searching:
        # Searching for the organisation without JavaScript: the page again, with the matches.
        return _person_page(request, pk, role_form=form)
    if form.is_valid():
        data = form.cleaned_data
        person.start_role(
            data["title"],
            data["organisation"],
            started_on=data["started_on"],
            end_current=data["end_current"],
        )
        messages.success(request, f"Role recorded: {data['title']}")
        return redirect(person)
    # The page again with the form open and each problem beside its field, in GOV.UK's words.
    return _person_page(request, pk, role_form=form)


@require_POST
@edit_required
def person_role_end(request, pk):
    person = get_object_or_404(Person.objects.not_erased(), pk=pk)
    form = EndRoleForm(request.POST, person=person)
    if form.is_valid():
        role = person.end_role(form.cleaned_data["role"], ended_on=form.cleaned_data["ended_on"])
        messages.success(request, f"Role ended: {role}. It stays in their history.")
        return redirect(person)
    return _person_page(request, pk, end_role_form=form)


@require_POST
@edit_required
def person_stance_confirm(request, pk):
    person = get_object_or_404(Person.objects.not_erased(), pk=pk)
    person.confirm_stance()
    messages.success(request, f"Stance confirmed: {person.name} is {person.get_stance_display()}.")
    return redirect(_next_url(request, person.get_absolute_url()))


def _champion_rows(people):
    champions = list(people.champions_who_left().select_related("organisation", "owner").order_by())
    organisations = Organisation.objects.in_bulk(
        {p.left_organisation_id for p in champions if p.left_organisation_id}
    )
    for champion in champions:
        champion.left_organisation = organisations.get(champion.left_organisation_id)
    return champions


@require_GET
def champion_list(request):
    """A page at a time, most recent leavers first; the page's rows are read on their own."""
    page = page_of(
        Person.objects.champions_who_left().order_by("-left_on", "name", "pk"),
        request.GET.get("page"),
        page_rows=_champion_rows,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stakeholders/champion_list.html",
        {"page": page, "champions": page.object_list, "query_without_page": query.urlencode()},
    )


@administrator_required
@require_GET
def person_subject_access_export(request, pk):
    """A subject access request bundle: the person's details, role history and interactions."""
    person = get_object_or_404(Person.objects.select_related("organisation", "owner"), pk=pk)
    record = privacy.subject_access_record(person, by=request.user)
    response = HttpResponse(
        json.dumps(record, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="subject-access-person-{pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@administrator_required
def person_erase(request, pk):
    person = get_object_or_404(Person.objects.not_erased(), pk=pk)
    form = EraseForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        privacy.erase(person, by=request.user)
        messages.success(
            request, "Personal data erased. Their interactions remain, anonymised, in the counts."
        )
        return redirect(person)
    return render(
        request,
        "stakeholders/person_erase.html",
        {"person": person, "form": form, "interaction_count": person.interactions.count()},
    )


# Organisations


def _organisations(request):
    queryset = Organisation.objects.order_by("name", "pk")
    return OrganisationFilter(request.GET, queryset=queryset, request=request)


def _organisation_rows(organisations):
    return organisations.select_related("local_area", "parent").with_list_figures()


@require_GET
def organisation_list(request):
    return render_list(
        request,
        _organisations(request),
        template="stakeholders/organisation_list.html",
        results_template="stakeholders/_organisation_results.html",
        page_rows=_organisation_rows,
    )


@require_GET
def organisation_export(request):
    columns = [
        ("Name", lambda o: o.name),
        ("Kind", lambda o: o.get_kind_display()),
        ("Sector", lambda o: o.get_sector_display()),
        ("Parent", lambda o: o.parent.name if o.parent else ""),
        ("Local area", lambda o: o.local_area.name if o.local_area else ""),
        ("Website", lambda o: o.website),
        ("Influence", lambda o: o.get_influence_display()),
        ("Stance", lambda o: o.get_stance_display()),
        ("People", lambda o: people_count.get(o.pk, 0)),
        ("Last contact", lambda o: last_contact.get(o.pk)),
        ("Notes", lambda o: o.notes),
        ("Record", lambda o: _absolute(request, o)),
    ]
    organisations = _organisations(request).qs
    # Every organisation's last contact and people count in one aggregate each, not a
    # subquery per row (PostgreSQL).
    last_contact = organisations.last_contact_by_id()
    people_count = organisations.people_count_by_id()
    return csv_response("organisations.csv", columns, organisations.for_export())


@require_GET
def organisation_choices(request):
    """Organisations matching a picker's search (ui/pickers.py)."""
    return picker_response(request, Organisation.objects.all())


@require_GET
def organisation_detail(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent", "local_area").with_last_contact(), pk=pk
    )
    return render(
        request,
        "stakeholders/organisation_detail.html",
        {
            "organisation": organisation,
            "people": organisation.people.not_erased(),
            "former_people": Person.objects.filter(
                roles__organisation=organisation, roles__ended_on__isnull=False
            )
            .exclude(organisation=organisation)
            .distinct(),
            "children": organisation.children.all(),
            "interactions": _timeline(Interaction.objects.involving_organisation(organisation))[
                :50
            ],
            "asks": organisation.asks_received.select_related("campaign"),
        },
    )


@edit_required
def organisation_create(request):
    return save_form(request, OrganisationForm, template="stakeholders/organisation_form.html")


@edit_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return save_form(
        request,
        OrganisationForm,
        instance=organisation,
        template="stakeholders/organisation_form.html",
    )


@edit_required
def organisation_delete(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return confirm_delete(
        request, organisation, success_url=reverse("stakeholders:organisation_list")
    )


# Local areas


def _areas(request):
    queryset = LocalArea.objects.select_related("police_force_area", "missing_lead_person")
    return LocalAreaFilter(request.GET, queryset=queryset, request=request)


@require_GET
def area_list(request):
    forces = LocalArea.objects.filter(kind=LocalArea.Kind.POLICE_FORCE_AREA)
    summary = []
    for name in LocalArea.STATUS_FIELDS:
        counts = dict(forces.values_list(name).annotate(n=Count("id")))
        summary.append(
            (
                LocalArea._meta.get_field(name).verbose_name,
                [
                    (value, label, counts.get(value, 0))
                    for value, label in MultiAgencyStatus.choices
                ],
            )
        )
    return render_list(
        request,
        _areas(request),
        template="stakeholders/area_list.html",
        results_template="stakeholders/_area_results.html",
        context={"summary": summary, "force_count": forces.count()},
        page_size=50,
    )


@require_GET
def area_export(request):
    columns = [
        ("Area", lambda a: a.name),
        ("Kind", lambda a: a.get_kind_display()),
        ("Nation", lambda a: a.get_nation_display()),
        ("Police force area", lambda a: a.police_force_area.name if a.police_force_area else ""),
        ("Missing protocol or plan", lambda a: a.get_protocol_display()),
        ("Partnership response", lambda a: a.get_partnership_display()),
        ("Information sharing", lambda a: a.get_information_sharing_display()),
        ("Named missing lead", lambda a: a.get_missing_lead_display()),
        ("Lead", lambda a: a.missing_lead_person.name if a.missing_lead_person else ""),
        ("Reviewed", lambda a: a.status_reviewed_on),
        ("Notes", lambda a: a.status_notes),
    ]
    return csv_response("local-areas.csv", columns, _areas(request).qs)


@require_GET
def area_detail(request, pk):
    area = get_object_or_404(
        LocalArea.objects.select_related("police_force_area", "missing_lead_person"), pk=pk
    )
    return render(
        request,
        "stakeholders/area_detail.html",
        {
            "area": area,
            "organisations": area.organisations.all(),
            "local_authorities": area.local_authorities.all(),
        },
    )


@edit_required
def area_edit(request, pk):
    area = get_object_or_404(LocalArea, pk=pk)
    return save_form(
        request, LocalAreaStatusForm, instance=area, template="stakeholders/area_form.html"
    )


# Interactions


def _interactions(request):
    return InteractionFilter(request.GET, queryset=Interaction.objects.all(), request=request)


@require_GET
def interaction_list(request):
    # The page's ids first, then its rows: sorting thousands of matches by date reads only
    # the date index, never the long summaries of rows that are not shown.
    return render_list(
        request,
        _interactions(request),
        template="stakeholders/interaction_list.html",
        results_template="stakeholders/_interaction_results.html",
        page_rows=lambda interactions: interactions.with_list_relations(),
        context={"today": timezone.localdate()},
    )


@require_GET
def interaction_export(request):
    kinds = dict(Interaction.Kind.choices)
    # The record address made once, not per row (seconds over 100,000 interactions).
    record = _absolute_base(request, reverse("stakeholders:interaction", args=[0]))
    columns = [
        ("Date", lambda i: i["date"]),
        ("Kind", lambda i: kinds.get(i["kind"], i["kind"])),
        ("People", lambda i: "; ".join(i["people"])),
        ("Organisations", lambda i: "; ".join(i["organisations"])),
        ("Campaigns", lambda i: "; ".join(i["campaigns"])),
        ("Asks", lambda i: "; ".join(i["asks"])),
        ("Summary", lambda i: i["summary"]),
        ("Follow-up", lambda i: i["follow_up_action"]),
        ("Due", lambda i: i["follow_up_due"]),
        ("Follow-up owner", lambda i: i["follow_up_owner__username"] or ""),
        ("Done", lambda i: "yes" if i["follow_up_done"] else ""),
        ("Record", lambda i: f"{record}{i['pk']}/"),
    ]
    rows = _interactions(request).qs.export_rows(chunk_size=spreadsheet.CHUNK_SIZE)
    return csv_response("interactions.csv", columns, rows)


@require_GET
def interaction_detail(request, pk):
    interaction = get_object_or_404(
        Interaction.objects.select_related("follow_up_owner", "recorded_by").prefetch_related(
            "people",
            "organisations",
            "campaigns",
            Prefetch("asks", _ASKS.objects.select_related("campaign")),
        ),
        pk=pk,
    )
    return render(request, "stakeholders/interaction_detail.html", {"interaction": interaction})


def _save_interaction(request, interaction=None):
    initial = {}
    if interaction is None:
        initial = {"date": timezone.localdate(), "follow_up_owner": request.user}
        for field in ("people", "organisations", "campaigns", "asks"):
            ids = [value for value in request.GET.getlist(field) if value.isdigit()]
            if ids:
                initial[field] = ids
    if request.method == "POST":
        form = InteractionForm(request.POST, instance=interaction)
        if form.is_valid():
            with transaction.atomic():
                if interaction is None:
                    form.instance.recorded_by = request.user
                saved = form.save()
            messages.success(request, f"Interaction saved: {saved}")
            return redirect(_next_url(request, saved.get_absolute_url()))
    else:
        form = InteractionForm(instance=interaction, initial=initial)
    return render(
        request,
        "stakeholders/interaction_form.html",
        {"form": form, "object": interaction, "next": _next_url(request)},
    )


@edit_required
def interaction_create(request):
    return _save_interaction(request)


@edit_required
def interaction_edit(request, pk):
    return _save_interaction(request, get_object_or_404(Interaction, pk=pk))


@edit_required
def interaction_delete(request, pk):
    interaction = get_object_or_404(Interaction, pk=pk)
    return confirm_delete(
        request, interaction, success_url=reverse("stakeholders:interaction_list")
    )


@require_POST
@edit_required
def interaction_follow_up_status(request, pk):
    """Mark a follow-up done (or not); htmx gets the row back, a plain form a redirect."""
    interaction = get_object_or_404(Interaction.objects.with_list_relations(), pk=pk)
    interaction.follow_up_done = request.POST.get("done") == "1"
    interaction.save(update_fields=["follow_up_done", "updated_at"])
    if request.htmx:
        return render(
            request,
            "stakeholders/_follow_up_row.html",
            {"interaction": interaction, "today": timezone.localdate()},
        )
    state = "done" if interaction.follow_up_done else "open again"
    messages.success(request, f"Follow-up {state}: {interaction.follow_up_action}")
    return redirect(_next_url(request, interaction.get_absolute_url()))


@require_GET
def follow_up_list(request):
    """Open follow-ups a page at a time, overdue first, each page grouped as overdue or not."""
    today = timezone.localdate()
    filterset = FollowUpFilter(
        request.GET,
        queryset=Interaction.objects.open_follow_ups().order_by(
            F("follow_up_due").asc(nulls_last=True), "date", "pk"
        ),
        request=request,
    )
    counts = filterset.qs.aggregate(
        overdue=Count("pk", filter=Q(follow_up_due__lt=today)),
        open=Count("pk", filter=Q(follow_up_due__gte=today) | Q(follow_up_due=None)),
    )
    page = page_of(
        filterset.qs,
        request.GET.get("page"),
        page_rows=lambda interactions: interactions.with_list_relations(),
    )
    return render_list(
        request,
        filterset,
        page=page,
        template="stakeholders/follow_up_list.html",
        results_template="stakeholders/_follow_up_results.html",
        context={
            "today": today,
            "sections": [
                ("overdue", "Overdue", counts["overdue"], "Nothing is overdue."),
                ("open", "Coming up", counts["open"], "No open follow-ups."),
            ],
            "page_states": {row.follow_up_state(today) for row in page.object_list},
        },
    )


# Import


@edit_required
def import_create(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importing.create_batch(
                form.cleaned_data["file"], form.cleaned_data["kind"], request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(batch)
    return render(
        request,
        "stakeholders/import_form.html",
        {"form": form, "columns": importing.COLUMNS},
    )


def _batch_for_user(request, pk):
    return get_object_or_404(ImportBatch, pk=pk, owner=request.user)


@edit_required
@require_GET
def import_preview(request, pk):
    batch = _batch_for_user(request, pk)
    return render(request, "stakeholders/import_preview.html", {"batch": batch})


@require_POST
@edit_required
def import_apply(request, pk):
    batch = _batch_for_user(request, pk)
    try:
        created = importing.apply_batch(batch)
    except importing.ImportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(batch)
    noun = "organisation" if batch.kind == ImportBatch.Kind.ORGANISATIONS else "person"
    plural = {"organisation": "organisations", "person": "people"}[noun]
    messages.success(request, f"Imported {created} {noun if created == 1 else plural}.")
    target = "organisation_list" if noun == "organisation" else "person_list"
    return redirect(reverse(f"stakeholders:{target}"))
