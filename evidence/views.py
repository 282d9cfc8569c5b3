from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import edit_required
from campaigns.models import Ask
from evidence import citing, search
from evidence.filters import EvidenceFilter
from evidence.forms import EvidenceFileForm, EvidenceItemForm
from evidence.models import EvidenceFile, EvidenceItem, can_view_restricted
from strategy.models import Element
from ui.editing import confirm_delete
from ui.listing import render_list
from ui.pickers import picker_response
from ui.spreadsheet import csv_response
from ui.uploads import download_response


def visible_items(request):
    return EvidenceItem.objects.visible_to(request.user)


def get_item_for_user(request, pk, queryset=None):
    """The one fetch for an item: a restricted item is absent (404) for those without access."""
    queryset = queryset if queryset is not None else visible_items(request)
    return get_object_or_404(queryset, pk=pk)


def _items(request):
    return EvidenceFilter(
        request.GET,
        queryset=visible_items(request).order_by(
            F("published_on").desc(nulls_last=True), "title", "pk"
        ),
        request=request,
        can_see_restricted=can_view_restricted(request.user),
    )


@require_GET
def item_list(request):
    query = request.GET.get("q", "")
    ranked = bool(search.terms(query)) and not request.GET.get("o")
    return render_list(
        request,
        _items(request),
        template="evidence/item_list.html",
        results_template="evidence/_item_results.html",
        # Sorting (by date, or by rank) reads ids only; the page's rows and their file
        # counts are read after the page is cut.
        page_rows=lambda items: items.with_list_relations(),
        context={
            "query": query,
            # Ranked, the list holds at most this many matches (evidence/search.py).
            "ranked_limit": search.RANKED if ranked else None,
        },
    )


@require_GET
def item_export(request):
    items = _items(request).qs.for_export()
    columns = [
        ("Title", lambda i: i.title),
        ("Kind", lambda i: i.get_kind_display()),
        ("Confidentiality", lambda i: i.get_confidentiality_display()),
        ("Publisher", lambda i: i.publisher),
        ("Date", lambda i: i.published_on),
        ("Link", lambda i: i.url),
        ("Summary", lambda i: i.summary),
        ("Key findings", lambda i: i.key_findings),
        ("Quotable lines", lambda i: i.quotable_lines),
        ("Tags", lambda i: i.tags),
        ("Asks", lambda i: "; ".join(a.title for a in i.asks.all())),
        ("Campaigns", lambda i: "; ".join(c.title for c in i.campaigns.all())),
        ("Outcomes", lambda i: "; ".join(o.code for o in i.outcomes.all())),
        ("Files", lambda i: i.file_count),
        ("Record", lambda i: request.build_absolute_uri(i.get_absolute_url())),
    ]
    return csv_response("evidence.csv", columns, items)


@require_GET
def item_choices(request):
    """Evidence matching a picker's search: restricted items only for those who may see them."""
    return picker_response(request, visible_items(request))


@require_GET
def item_detail(request, pk):
    item = get_item_for_user(
        request,
        pk,
        visible_items(request)
        .select_related("created_by")
        .prefetch_related("asks__campaign", "campaigns", "outcomes", "files"),
    )
    return render(
        request,
        "evidence/item_detail.html",
        {"item": item, "file_form": EvidenceFileForm()},
    )


def _save_item(request, item=None):
    if request.method == "POST":
        form = EvidenceItemForm(request.POST, request.FILES, instance=item, user=request.user)
        if form.is_valid():
            with transaction.atomic():
                if item is None:
                    form.instance.created_by = request.user
                item = form.save()
                search.reindex(item)
            verb = "updated" if form.initial.get("title") else "added"
            messages.success(request, f"Evidence {verb}: {item}")
            return redirect(item)
    else:
        form = EvidenceItemForm(instance=item, user=request.user)
    return render(request, "evidence/item_form.html", {"form": form, "object": item})


@edit_required
def item_create(request):
    return _save_item(request)


@edit_required
def item_edit(request, pk):
    return _save_item(request, get_item_for_user(request, pk))


@edit_required
def item_delete(request, pk):
    item = get_item_for_user(request, pk)
    return confirm_delete(request, item, success_url=reverse("evidence:item_list"))


@require_POST
@edit_required
def item_file_upload(request, pk):
    item = get_item_for_user(request, pk)
    form = EvidenceFileForm(request.POST, request.FILES)
    if form.is_valid():
        with transaction.atomic():
            evidence_file = form.prepared.save_for(item, request.user)
            search.reindex(item)
        messages.success(request, f"File attached: {evidence_file.original_name}")
        return redirect(item)
    item = get_item_for_user(
        request,
        pk,
        visible_items(request).prefetch_related("asks__campaign", "campaigns", "outcomes", "files"),
    )
    response = render(request, "evidence/item_detail.html", {"item": item, "file_form": form})
    response.status_code = 422
    return response


def get_file_for_user(request, pk):
    return get_object_or_404(
        EvidenceFile.objects.select_related("item").filter(item__in=visible_items(request)), pk=pk
    )


@require_GET
def file_download(request, pk):
    """Always a download with a fixed, safe type: never rendered by the browser."""
    evidence_file = get_file_for_user(request, pk)
    try:
        handle = evidence_file.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing from storage.") from error
    return download_response(
        handle, filename=evidence_file.original_name, kind=evidence_file.file_type
    )


@edit_required
def file_delete(request, pk):
    evidence_file = get_file_for_user(request, pk)
    item = evidence_file.item
    if request.method == "POST":
        with transaction.atomic():
            evidence_file.delete()
            search.reindex(item)
        transaction.on_commit(lambda: evidence_file.file.delete(save=False))
        messages.success(request, f"File removed: {evidence_file.original_name}")
        return redirect(item)
    return render(
        request,
        "ui/confirm_delete.html",
        {"object": evidence_file, "cancel_url": item.get_absolute_url()},
    )


@require_GET
def asks_without_evidence(request):
    """Asks with no evidence this user can see behind them (restricted items do not count)."""
    backed = Exists(visible_items(request).filter(asks=OuterRef("pk")))
    asks = Ask.objects.select_related("campaign", "owner").annotate(backed=backed)
    return render(
        request,
        "evidence/asks_without_evidence.html",
        {
            "asks": asks.filter(backed=False).order_by("campaign__title", "title"),
            "backed_count": asks.filter(backed=True).count(),
        },
    )


@edit_required
@require_POST
def cite_feedback(request, pk):
    """Save what participants said about an outcome as an internal evidence item."""
    outcome = get_object_or_404(Element, pk=pk, kind=Element.Kind.OUTCOME)
    item = citing.save_feedback_as_evidence(outcome, by=request.user)
    if item is None:
        messages.error(request, "There is no feedback on this outcome to save yet.")
        return redirect(outcome)
    messages.success(request, f"Saved as evidence: {item}")
    return redirect(item)
