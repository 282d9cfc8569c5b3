import json

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import administrator_required, edit_required
from campaigns.models import Ask
from monitors import actions
from monitors.export import as_csv_columns, as_record
from monitors.filters import OpeningFilter
from monitors.forms import AttachForm, OpeningForm, OrganisationForm, PersonForm, SourceForm
from monitors.models import Opening, ScanRun, Source
from monitors.tasks import DISABLED_MESSAGE, request_scan
from ui.editing import save_form
from ui.listing import render_list
from ui.spreadsheet import csv_response, json_response, streamed

TRIAGE_ACTIONS = ("accept", "dismiss", "assign", "actioned", "reopen")


def _get_opening(request, pk, queryset=None):
    """The one way every opening page and fragment fetches its opening."""
    queryset = queryset if queryset is not None else Opening.objects.with_list_relations()
    return get_object_or_404(queryset, pk=pk)


def _get_source(request, pk):
    return get_object_or_404(Source.objects.select_related("owner"), pk=pk)


# Openings


def _openings(request):
    data = request.GET
    if "status" not in data:
        # The filter's default (new or in progress); "Any" (status=) shows everything.
        data = data.copy()
        data["status"] = OpeningFilter.base_filters["status"].extra["initial"]
    return OpeningFilter(data, queryset=Opening.objects.with_list_relations(), request=request)


@require_GET
def opening_list(request):
    return render_list(
        request,
        _openings(request),
        template="monitors/opening_list.html",
        results_template="monitors/_opening_results.html",
        context={
            "failing_sources": Source.objects.failing().filter(enabled=True),
            "counts": Opening.objects.aggregate(
                new=Count("pk", filter=Q(status=Opening.Status.NEW)),
                in_progress=Count("pk", filter=Q(status=Opening.Status.IN_PROGRESS)),
            ),
        },
    )


@require_GET
def opening_export(request):
    """The filtered openings as CSV, or JSON with `?format=json`."""
    records = (as_record(opening) for opening in streamed(_openings(request).qs.for_export()))
    if request.GET.get("format") == "json":
        return json_response("openings.json", records)
    return csv_response("openings.csv", as_csv_columns(), records)


@require_GET
def opening_detail(request, pk):
    return _opening_page(request, pk)


def _opening_page(request, pk, *, attach_form=None):
    opening = _get_opening(
        request,
        pk,
        Opening.objects.with_list_relations().prefetch_related(
            "people",
            "organisations",
            "areas",
            "campaigns",
            Prefetch("asks", queryset=Ask.objects.select_related("campaign")),
            "decisions__user",
        ),
    )
    item = opening.item
    context = {
        "opening": opening,
        "item": item,
        "reasons": opening.reason_objects(),
        "sources": item.sightings.select_related("source"),
        # Each with what a scan found in the Members API ({name, party, seat}), if anything.
        "unknown_members": [
            (member_id, item.extra.get("memberNames", {}).get(str(member_id), {}))
            for member_id in actions.unknown_member_ids(opening)
        ],
        "unknown_organisations": actions.unknown_organisations(opening),
        "attach_form": attach_form or AttachForm(),
        "done_from_here": actions.actions_for(opening, request.user),
    }
    return render(request, "monitors/opening_detail.html", context)


@require_POST
@edit_required
def opening_status(request, pk):
    """Triage from the list or the page: accept, dismiss, assign to me, actioned, reopen.
    htmx gets the updated row back; a plain form goes back where it came from."""
    opening = _get_opening(request, pk)
    action = request.POST.get("action")
    if action not in TRIAGE_ACTIONS:
        if request.htmx:
            return HttpResponse("Choose accept, dismiss or assign.", status=422)
        messages.error(request, "Choose accept, dismiss or assign.")
        return redirect(opening)
    if action == "accept":
        opening.accept(request.user)
    elif action == "dismiss":
        opening.dismiss(request.user, note=request.POST.get("note", "").strip())
    elif action == "assign":
        opening.assign(request.user, by=request.user)
    elif action == "actioned":
        opening.mark_actioned(request.user)
    elif action == "reopen":
        opening.status = Opening.Status.NEW
        opening.save()
    if request.htmx:
        return render(request, "monitors/_opening_row.html", {"opening": opening})
    messages.success(request, f"“{opening.title}” is now {opening.get_status_display().lower()}.")
    return redirect(request.POST.get("next") or opening.get_absolute_url())


@edit_required
def opening_edit(request, pk):
    opening = _get_opening(request, pk)
    return save_form(
        request,
        OpeningForm,
        instance=opening,
        template="monitors/opening_form.html",
        context={"opening": opening},
    )


@require_POST
@edit_required
def opening_consultation_create(request, pk):
    opening = _get_opening(request, pk)
    consultation = actions.create_consultation(opening, request.user)
    messages.success(request, f"Consultation created: {consultation}. Check the details below.")
    return redirect(reverse("campaigns:consultation_edit", args=[consultation.pk]))


@require_POST
@edit_required
def opening_interaction_create(request, pk):
    opening = _get_opening(request, pk)
    interaction = actions.log_interaction(opening, request.user)
    messages.success(request, "Interaction logged. Add what was discussed.")
    return redirect(interaction.get_absolute_url())


@require_POST
@edit_required
def opening_evidence_create(request, pk):
    opening = _get_opening(request, pk)
    evidence = actions.save_as_evidence(opening, request.user)
    messages.success(request, f"Saved as evidence: {evidence}.")
    return redirect(evidence.get_absolute_url())


@require_POST
@edit_required
def opening_attach_edit(request, pk):
    opening = _get_opening(request, pk)
    form = AttachForm(request.POST)
    if form.picker_searching:
        # Searching for the campaign or ask without JavaScript: the page again, with matches.
        return _opening_page(request, pk, attach_form=form)
    if form.is_valid():
        actions.attach(
            opening,
            campaign=form.cleaned_data["campaign"],
            ask=form.cleaned_data["ask"],
            user=request.user,
        )
        messages.success(request, "Linked.")
    else:
        messages.error(request, "Choose a campaign or an ask to link.")
    return redirect(opening)


@require_POST
@edit_required
def opening_person_create(request, pk):
    opening = _get_opening(request, pk)
    form = PersonForm(request.POST)
    if form.is_valid():
        person = actions.create_person(
            opening,
            name=form.cleaned_data["name"],
            member_id=form.cleaned_data["member_id"],
            user=request.user,
        )
        messages.success(request, f"{person} is now a stakeholder linked to this opening.")
    else:
        messages.error(request, "Give the person's name.")
    return redirect(opening)


@require_POST
@edit_required
def opening_organisation_create(request, pk):
    opening = _get_opening(request, pk)
    form = OrganisationForm(request.POST)
    if form.is_valid():
        organisation = actions.create_organisation(
            opening, name=form.cleaned_data["name"], user=request.user
        )
        messages.success(request, f"{organisation} is linked to this opening.")
    else:
        messages.error(request, "Give the organisation's name.")
    return redirect(opening)


# Sources


@require_GET
def source_list(request):
    # Only the columns the table shows: a watched page's stored text can be large.
    sources = (
        Source.objects.only(
            "name",
            "kind",
            "every",
            "enabled",
            "health",
            "last_error",
            "last_checked_at",
            "last_success_at",
        )
        .with_counts()
        .order_by("name")
    )
    return render(request, "monitors/source_list.html", {"sources": sources})


@require_GET
def source_detail(request, pk):
    source = _get_source(request, pk)
    context = {
        "source": source,
        "runs": source.runs.select_related("requested_by")[:15],
        "latest_run": source.runs.first(),
        "item_count": source.sightings.count(),
        # Counted from the (source, status) index alone.
        "opening_counts": source.openings.aggregate(
            total=Count("pk"), new=Count("pk", filter=Q(status=Opening.Status.NEW))
        ),
        "openings": source.openings.with_list_relations()[:10],
        "options_json": json.dumps(source.options, indent=2, sort_keys=True),
    }
    return render(request, "monitors/source_detail.html", context)


@administrator_required
def source_create(request):
    return save_form(
        request,
        SourceForm,
        template="monitors/source_form.html",
        initial={"owner": request.user, "every": "6h"},
    )


@administrator_required
def source_edit(request, pk):
    source = _get_source(request, pk)
    return save_form(request, SourceForm, instance=source, template="monitors/source_form.html")


@require_POST
@edit_required
def source_scan_create(request, pk):
    """ "Scan now": queue a scan and show its progress, which the page then polls."""
    source = _get_source(request, pk)
    run = request_scan(source, user=request.user, now=timezone.now())
    if run is None:
        refusal = DISABLED_MESSAGE.format(source=source)
        if request.htmx:
            return render(request, "monitors/_scan_refused.html", {"refusal": refusal})
        messages.error(request, refusal)
        return redirect(source)
    if request.htmx:
        return render(request, "monitors/_scan_progress.html", {"run": run})
    messages.success(request, f"A scan of {source} has been queued.")
    return redirect(source)


@require_GET
def run_detail(request, pk):
    """A scan's progress, for htmx polling (stops polling once the scan has finished)."""
    run = get_object_or_404(ScanRun.objects.select_related("source"), pk=pk)
    template = "monitors/_scan_progress.html"
    if request.htmx:
        return render(request, template, {"run": run})
    return render(request, "monitors/run_detail.html", {"run": run})
