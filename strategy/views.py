from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from campaigns.models import Ask, Campaign
from strategy.models import Element


@require_GET
def theory_of_change(request):
    elements = Element.objects.annotate(
        campaign_count=Count("campaigns_as_aim", distinct=True)
        + Count("campaigns_as_outcome", distinct=True)
        + Count("campaigns_as_lever", distinct=True)
        + Count("campaigns_as_blocker", distinct=True),
        ask_count=Count("asks", distinct=True),
    )
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


@require_GET
def element_detail(request, pk):
    element = get_object_or_404(Element, pk=pk)
    campaigns = (
        Campaign.objects.linked_to(element).select_related("owner").order_by("priority", "title")
    )
    asks = Ask.objects.filter(outcomes=element).select_related("campaign")
    return render(
        request,
        "strategy/element_detail.html",
        {"element": element, "campaigns": campaigns, "asks": asks},
    )
