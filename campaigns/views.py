from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import edit_required
from campaigns.filters import AskFilter, CampaignFilter, ConsultationFilter
from campaigns.forms import (
    AskForm,
    AskStatusForm,
    CampaignForm,
    ConsultationForm,
    ResponseStatusForm,
)
from campaigns.models import Ask, AskStatusChange, Campaign, Consultation
from ui.editing import confirm_delete, save_form
from ui.listing import page_of, render_list
from ui.pickers import picker_response
from ui.spreadsheet import csv_response
from ui.uploads import download_response

# Campaigns


def _campaigns(request):
    return CampaignFilter(
        request.GET,
        queryset=Campaign.objects.select_related("owner")
        .annotate(ask_count=Count("asks"))
        .order_by("priority", "title"),
        request=request,
    )


@require_GET
def campaign_list(request):
    return render_list(
        request,
        _campaigns(request),
        template="campaigns/campaign_list.html",
        results_template="campaigns/_campaign_results.html",
    )


@require_GET
def campaign_export(request):
    columns = [
        ("Title", lambda c: c.title),
        ("Status", lambda c: c.get_status_display()),
        ("Priority", lambda c: c.get_priority_display()),
        ("RAG", lambda c: c.get_rag_display()),
        ("Owner", lambda c: c.owner.username if c.owner else ""),
        ("Start", lambda c: c.start_date),
        ("End", lambda c: c.end_date),
        ("Asks", lambda c: c.ask_count),
        ("Summary", lambda c: c.summary),
        ("Link", lambda c: request.build_absolute_uri(c.get_absolute_url())),
    ]
    return csv_response("campaigns.csv", columns, _campaigns(request).qs)


@require_GET
def campaign_choices(request):
    """Campaigns matching a picker's search (ui/pickers.py)."""
    return picker_response(request, Campaign.objects.all())


@require_GET
def campaign_detail(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.select_related("owner").prefetch_related(
            "aims", "outcomes", "levers", "blockers"
        ),
        pk=pk,
    )
    # A page of asks at a time: each row carries its own status form, and a long-running
    # campaign has hundreds of asks.
    page = page_of(
        campaign.asks.order_by("title", "pk"),
        request.GET.get("page"),
        page_rows=lambda asks: asks.with_list_relations(),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "asks": page.object_list,
            "page": page,
            "query_without_page": query.urlencode(),
            "consultations": campaign.consultations.select_related("body").by_deadline(),
            "status_form": AskStatusForm(),
        },
    )


@edit_required
def campaign_create(request):
    return save_form(
        request,
        CampaignForm,
        template="campaigns/campaign_form.html",
        initial={"owner": request.user},
    )


@edit_required
def campaign_edit(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    return save_form(
        request, CampaignForm, instance=campaign, template="campaigns/campaign_form.html"
    )


@edit_required
def campaign_delete(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    return confirm_delete(
        request,
        campaign,
        success_url=reverse("campaigns:campaign_list"),
        instead=("Close the campaign", reverse("campaigns:campaign_close", args=[pk])),
    )


@edit_required
@require_POST
def campaign_close(request, pk):
    """Close a campaign instead of deleting it: its asks and their history stay."""
    campaign = get_object_or_404(Campaign, pk=pk)
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    messages.success(request, f"Campaign closed: {campaign}")
    return redirect(campaign)


# Asks


def _asks(request):
    return AskFilter(request.GET, queryset=Ask.objects.with_list_relations(), request=request)


@require_GET
def ask_list(request):
    return render_list(
        request,
        _asks(request),
        template="campaigns/ask_list.html",
        results_template="campaigns/_ask_results.html",
        context={"status_choices": Ask.Status.choices},
    )


@require_GET
def ask_export(request):
    columns = [
        ("Ask", lambda a: a.title),
        ("Campaign", lambda a: a.campaign.title),
        ("Status", lambda a: a.get_status_display()),
        ("Status since", lambda a: timezone.localtime(a.status_changed_at).date()),
        ("Target organisations", lambda a: "; ".join(o.name for o in a.target_organisations.all())),
        ("Target people", lambda a: "; ".join(p.name for p in a.target_people.all())),
        ("Owner", lambda a: a.owner.username if a.owner else ""),
        ("Link", lambda a: request.build_absolute_uri(a.get_absolute_url())),
    ]
    return csv_response("asks.csv", columns, _asks(request).qs.for_export())


@require_GET
def ask_choices(request):
    """Asks matching a picker's search (ui/pickers.py)."""
    return picker_response(request, Ask.objects.all())


@require_GET
def ask_detail(request, pk):
    ask = get_object_or_404(
        Ask.objects.with_list_relations().prefetch_related(
            "outcomes",
            Prefetch(
                "status_changes",
                queryset=AskStatusChange.objects.select_related("changed_by"),
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "campaigns/ask_detail.html",
        {"ask": ask, "status_form": AskStatusForm(initial={"status": ask.status})},
    )


@edit_required
def ask_create(request):
    initial = {"owner": request.user}
    if campaign_id := request.GET.get("campaign"):
        initial["campaign"] = campaign_id
    # From a person's or organisation's page the ask starts aimed at them.
    for field in ("target_people", "target_organisations"):
        if ids := [value for value in request.GET.getlist(field) if value.isdigit()]:
            initial[field] = ids
    return save_form(request, AskForm, template="campaigns/ask_form.html", initial=initial)


@edit_required
def ask_edit(request, pk):
    ask = get_object_or_404(Ask, pk=pk)
    return save_form(request, AskForm, instance=ask, template="campaigns/ask_form.html")


@edit_required
def ask_delete(request, pk):
    ask = get_object_or_404(Ask, pk=pk)
    return confirm_delete(request, ask, success_url=ask.campaign.get_absolute_url())


@require_POST
@edit_required
def ask_status(request, pk):
    """Move an ask along its pipeline; htmx gets the updated row back, a plain form a redirect."""
    ask = get_object_or_404(Ask.objects.with_list_relations(), pk=pk)
    form = AskStatusForm(request.POST, ask=ask)
    if form.is_valid():
        change = ask.move_to(
            form.cleaned_data["status"],
            by=request.user,
            note=form.cleaned_data["note"],
            when=form.changed_at(),
        )
        if change and not request.htmx:
            messages.success(
                request,
                f"“{ask}” is now {ask.get_status_display().lower()}"
                f" (since {form.cleaned_data['changed_on']:%-d %B %Y}).",
            )
    elif not request.htmx:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    if request.htmx:
        response = render(
            request,
            "campaigns/_ask_row.html",
            {"ask": ask, "status_form": form, "show_campaign": True},
        )
        if form.errors:
            response.status_code = 422
        return response
    return redirect(request.POST.get("next") or ask.get_absolute_url())


# Consultations


def _consultations(request):
    queryset = Consultation.objects.select_related("body", "owner").by_deadline()
    return ConsultationFilter(request.GET, queryset=queryset, request=request)


@require_GET
def consultation_list(request):
    return render_list(
        request,
        _consultations(request),
        template="campaigns/consultation_list.html",
        results_template="campaigns/_consultation_results.html",
        context={
            "counts": Consultation.objects.counts(),
            "response_choices": Consultation.ResponseStatus.choices,
        },
    )


@require_GET
def consultation_export(request):
    columns = [
        ("Title", lambda c: c.title),
        ("Kind", lambda c: c.get_kind_display()),
        ("Body", lambda c: c.body.name if c.body else ""),
        ("Opens", lambda c: c.opens_on),
        ("Closes", lambda c: c.closes_on),
        ("Deadline", lambda c: c.deadline_state().replace("_", " ")),
        ("Our response", lambda c: c.get_response_status_display()),
        ("Submitted", lambda c: c.submitted_on),
        ("Owner", lambda c: c.owner.username if c.owner else ""),
        ("Link", lambda c: c.url),
        ("Outcome", lambda c: c.outcome),
    ]
    return csv_response("consultations.csv", columns, _consultations(request).qs)


@require_GET
def consultation_detail(request, pk):
    consultation = get_object_or_404(
        Consultation.objects.select_related("body", "owner").prefetch_related(
            "campaigns", Prefetch("asks", queryset=Ask.objects.select_related("campaign"))
        ),
        pk=pk,
    )
    return render(
        request,
        "campaigns/consultation_detail.html",
        {"consultation": consultation, "response_choices": Consultation.ResponseStatus.choices},
    )


@edit_required
def consultation_create(request):
    return save_form(
        request,
        ConsultationForm,
        template="campaigns/consultation_form.html",
        initial={"owner": request.user},
    )


@edit_required
def consultation_edit(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    return save_form(
        request,
        ConsultationForm,
        instance=consultation,
        template="campaigns/consultation_form.html",
    )


@edit_required
def consultation_delete(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    return confirm_delete(request, consultation, success_url=reverse("campaigns:consultation_list"))


@require_POST
@edit_required
def consultation_response(request, pk):
    consultation = get_object_or_404(Consultation.objects.select_related("body", "owner"), pk=pk)
    form = ResponseStatusForm(request.POST)
    if form.is_valid():
        consultation.response_status = form.cleaned_data["response_status"]
        if (
            consultation.response_status == Consultation.ResponseStatus.SUBMITTED
            and not consultation.submitted_on
        ):
            consultation.submitted_on = timezone.localdate()
        consultation.save()
    if request.htmx:
        response = render(
            request,
            "campaigns/_consultation_row.html",
            {"consultation": consultation, "response_choices": Consultation.ResponseStatus.choices},
        )
        if form.errors:
            response.status_code = 422
        return response
    if form.errors:
        messages.error(request, "Choose one of the listed response statuses.")
    return redirect(request.POST.get("next") or consultation.get_absolute_url())


@require_GET
def consultation_document(request, pk):
    """The response document, always as a download so it is never rendered as a page."""
    consultation = get_object_or_404(Consultation, pk=pk)
    if not consultation.response_document:
        raise Http404("No response document has been uploaded.")
    try:
        handle = consultation.response_document.open("rb")
    except FileNotFoundError as error:
        raise Http404("The response document is missing from storage.") from error
    kind = consultation.response_document_kind
    return download_response(
        handle,
        filename=f"{slugify(consultation.title)[:80] or 'consultation'}-response.{kind or 'bin'}",
        kind=kind,
    )
