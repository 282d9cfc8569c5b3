from django.contrib import messages
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import can_edit, edit_required
from strategy import feedback_import as feedback_import_module
from strategy.filters import ActivityDeliveryFilter, OutcomeFeedbackFilter
from strategy.forms import (
    ActivityDeliveryForm,
    ElementReviewForm,
    FeedbackImportForm,
    OutcomeFeedbackForm,
)
from strategy.models import ActivityDelivery, Element, ElementReview, OutcomeFeedback
from ui.editing import confirm_delete, save_form
from ui.listing import render_list
from ui.spreadsheet import csv_response


@require_GET
def theory_of_change(request):
    elements = Element.objects.annotate(
        campaign_count=Count("campaigns_as_aim", distinct=True)
        + Count("campaigns_as_outcome", distinct=True)
        + Count("campaigns_as_lever", distinct=True)
        + Count("campaigns_as_blocker", distinct=True),
        ask_count=Count("asks", distinct=True),
    ).with_latest_review()
    by_kind = {kind: [] for kind in Element.Kind.values}
    for element in elements:
        by_kind[element.kind].append(element)
    outcomes_by_audience = [
        (label, [e for e in by_kind["outcome"] if e.audience == value])
        for value, label in Element.Audience.choices
    ]
    levers_by_side = [
        (label, [e for e in by_kind["lever"] if e.side == value])
        for value, label in Element.Side.choices
    ]
    return render(
        request,
        "strategy/theory_of_change.html",
        {
            "by_kind": by_kind,
            "goal": by_kind["goal"][0] if by_kind["goal"] else None,
            "outcomes_by_audience": outcomes_by_audience,
            "levers_by_side": levers_by_side,
        },
    )


def outcome_evidence_of_feedback(user, outcome):
    """Feedback summaries already saved as evidence for this outcome, newest first.

    Campaigns, asks and evidence sit above strategy: an element reaches them through their
    reverse relations, whose managers are those apps' own QuerySets, never by importing them.
    """
    evidence = outcome.evidence
    return (
        evidence.visible_to(user)
        .filter(kind=evidence.model.Kind.FEEDBACK)
        .order_by("-created_at")[:5]
    )


@require_GET
def element_detail(request, pk):
    element = get_object_or_404(Element, pk=pk)
    campaigns = (
        element.campaigns_as_aim.model.objects.linked_to(element)
        .select_related("owner")
        .order_by("priority", "title")
    )
    asks = element.asks.select_related("campaign")
    context = {"element": element, "campaigns": campaigns, "asks": asks}
    if element.kind == Element.Kind.ACTIVITY:
        context["deliveries"] = element.deliveries.with_list_relations()[:50]
        context["delivery_totals"] = element.deliveries.aggregate(
            deliveries=Count("id"), reached=Sum("people_reached")
        )
    if element.kind == Element.Kind.OUTCOME:
        feedback = element.feedback.all()
        context["feedback_summary"] = feedback.summary_by_outcome().get(element.pk)
        context["distribution"] = feedback.distribution()
        context["recent_feedback"] = feedback.select_related("local_area")[:10]
        context["cited_feedback"] = outcome_evidence_of_feedback(request.user, element)
    if element.kind == Element.Kind.LEVER:
        # Openings the monitors tagged with this lever: the lever showing up in the world.
        context["openings"] = element.openings.select_related("item", "source").order_by(
            "-created_at"
        )[:20]
        context["opening_count"] = element.openings.count()
    if element.kind in ElementReview.REVIEWABLE_KINDS:
        context["reviews"] = _reviews(element)
        context["review_form"] = ElementReviewForm() if can_edit(request.user) else None
    return render(request, "strategy/element_detail.html", context)


# Activities delivered


def _deliveries(request):
    return ActivityDeliveryFilter(
        request.GET,
        queryset=ActivityDelivery.objects.order_by("-date", "-id"),
        request=request,
    )


@require_GET
def delivery_list(request):
    filterset = _deliveries(request)
    totals = filterset.qs.order_by().aggregate(
        deliveries=Count("id"), reached=Sum("people_reached")
    )
    return render_list(
        request,
        filterset,
        template="strategy/delivery_list.html",
        results_template="strategy/_delivery_results.html",
        page_rows=lambda deliveries: deliveries.with_list_relations().with_feedback_count(),
        context={"totals": totals},
    )


@require_GET
def delivery_export(request):
    columns = [
        ("Date", lambda d: d.date),
        ("Activity code", lambda d: d.activity.code),
        ("Activity", lambda d: d.activity.text),
        ("Title", lambda d: d.title),
        ("Area", lambda d: d.local_area or ""),
        ("Organisations", lambda d: "; ".join(o.name for o in d.organisations.all())),
        ("People reached", lambda d: d.people_reached),
        ("Campaign", lambda d: d.campaign or ""),
        ("Feedback answers", lambda d: d.feedback_count),
        ("Notes", lambda d: d.notes),
    ]
    return csv_response("activities-delivered.csv", columns, _deliveries(request).qs.for_export())


@require_GET
def delivery_detail(request, pk):
    delivery = get_object_or_404(ActivityDelivery.objects.with_list_relations(), pk=pk)
    feedback = delivery.feedback.select_related("outcome")
    summary = feedback.summary_by_outcome()
    outcomes = Element.objects.filter(pk__in=summary.keys()).order_by("order")
    return render(
        request,
        "strategy/delivery_detail.html",
        {
            "delivery": delivery,
            "outcome_rows": [(outcome, summary[outcome.pk]) for outcome in outcomes],
            "distribution": feedback.distribution(),
        },
    )


@edit_required
def delivery_create(request):
    initial = {"activity": request.GET.get("activity"), "campaign": request.GET.get("campaign")}
    return save_form(
        request,
        ActivityDeliveryForm,
        template="strategy/delivery_form.html",
        initial=initial,
        recorded_by=request.user,
    )


@edit_required
def delivery_edit(request, pk):
    delivery = get_object_or_404(ActivityDelivery, pk=pk)
    return save_form(
        request, ActivityDeliveryForm, instance=delivery, template="strategy/delivery_form.html"
    )


@edit_required
def delivery_delete(request, pk):
    delivery = get_object_or_404(ActivityDelivery, pk=pk)
    return confirm_delete(request, delivery, success_url=reverse("strategy:delivery_list"))


# Outcome feedback


def _feedback(request):
    return OutcomeFeedbackFilter(
        request.GET,
        queryset=OutcomeFeedback.objects.select_related(
            "outcome", "local_area", "delivery", "delivery__activity"
        ),
        request=request,
    )


@require_GET
def feedback_list(request):
    filterset = _feedback(request)
    return render_list(
        request,
        filterset,
        template="strategy/feedback_list.html",
        results_template="strategy/_feedback_results.html",
        context={"distribution": filterset.qs.distribution()},
    )


@require_GET
def feedback_export(request):
    columns = [
        ("date", lambda f: f.date),
        ("outcome", lambda f: f.outcome.code),
        ("statement", lambda f: f.outcome.text),
        ("agreement", lambda f: f.agreement),
        ("answer", lambda f: f.get_agreement_display()),
        ("area", lambda f: f.local_area or ""),
        ("respondent", lambda f: f.get_respondent_audience_display()),
        ("role", lambda f: f.respondent_role),
        ("comment", lambda f: f.comment),
        ("delivery", lambda f: f.delivery or ""),
    ]
    return csv_response("outcome-feedback.csv", columns, _feedback(request).qs.for_export())


@edit_required
def feedback_create(request):
    initial = {key: request.GET.get(key) for key in ("outcome", "delivery") if key in request.GET}
    return save_form(
        request,
        OutcomeFeedbackForm,
        template="strategy/feedback_form.html",
        initial=initial,
        recorded_by=request.user,
    )


@edit_required
def feedback_import(request):
    result = None
    if request.method == "POST":
        form = FeedbackImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = feedback_import_module.parse(
                form.cleaned_data["file"], delivery=form.cleaned_data["delivery"], by=request.user
            )
            if result.can_apply:
                count = feedback_import_module.apply(result)
                messages.success(request, f"Imported {count} answer{pluralize(count)}.")
                return redirect("strategy:feedback_list")
    else:
        form = FeedbackImportForm(initial={"delivery": request.GET.get("delivery")})
    return render(
        request,
        "strategy/feedback_import.html",
        {"form": form, "result": result, "columns": feedback_import_module.COLUMNS},
    )


# Reviews of assumptions and blockers


@edit_required
@require_POST
def element_review(request, pk):
    element = get_object_or_404(Element, pk=pk, kind__in=ElementReview.REVIEWABLE_KINDS)
    form = ElementReviewForm(request.POST)
    if form.is_valid():
        review = form.save(commit=False)
        review.element = element
        review.reviewed_by = request.user
        review.save()
        if not request.htmx:
            messages.success(request, f"Review recorded: {review}")
            return redirect(element)
        form = ElementReviewForm()
    context = {"element": element, "review_form": form, "reviews": _reviews(element)}
    if request.htmx:
        return render(request, "strategy/_element_reviews.html", context)
    return render(request, "strategy/element_review_form.html", context)


def _reviews(element):
    return element.reviews.select_related("reviewed_by")
