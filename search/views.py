"""One search box across campaigns, asks, consultations, people, organisations and evidence."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from campaigns.models import Ask, Campaign, Consultation
from evidence import search as evidence_search
from evidence.models import EvidenceItem
from stakeholders.models import Organisation, Person

PER_GROUP = 8
MIN_LENGTH = 2


@dataclass
class Group:
    key: str
    title: str
    results: list
    total: int
    more_url: str
    extra: dict = field(default_factory=dict)
    # The total is a floor: evidence ranks at most `evidence_search.RANKED` matches.
    at_least: bool = False


def _words_match(fields, query):
    """Every word appears in at least one of the fields (so word order does not matter)."""
    condition = Q()
    for word in query.split()[:8]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def _group(key, title, queryset, list_url, query, *, limit=None):
    """The first few results and the total: the same two queries whatever the total, so the
    page's query count does not depend on the data. `limit`: the most the queryset holds."""
    total = queryset.count()
    return Group(
        key=key,
        title=title,
        results=list(queryset[:PER_GROUP]),
        total=total,
        more_url=f"{reverse(list_url)}?q={query}",
        at_least=limit is not None and total >= limit,
    )


def find(user, query):
    """Grouped results for a query; evidence goes through the same access rule as its pages."""
    from urllib.parse import quote_plus

    encoded = quote_plus(query)
    campaigns = Campaign.objects.filter(_words_match(["title", "summary"], query))
    asks = Ask.objects.select_related("campaign").filter(_words_match(["title", "detail"], query))
    consultations = Consultation.objects.select_related("body").filter(
        _words_match(["title", "body__name", "notes"], query)
    )

    # People from their full-text index (name, role, organisation, email, constituency).
    people = Person.objects.not_erased().select_related("organisation").matching(query)
    # Organisations from theirs (name, notes, website), as the organisations list finds them.
    organisations = Organisation.objects.matching(query)
    # Only what the results show: ranking sorts every match, and items carry long texts.
    evidence = evidence_search.search(
        EvidenceItem.objects.visible_to(user).only("title", "kind", "publisher").order_by(),
        query,
    )
    groups = [
        _group(
            "evidence",
            "Evidence",
            evidence,
            "evidence:item_list",
            encoded,
            limit=evidence_search.RANKED,
        ),
        _group("campaigns", "Campaigns", campaigns, "campaigns:campaign_list", encoded),
        _group("asks", "Asks", asks, "campaigns:ask_list", encoded),
        _group(
            "consultations", "Consultations", consultations, "campaigns:consultation_list", encoded
        ),
        _group("people", "People", people, "stakeholders:person_list", encoded),
        _group(
            "organisations",
            "Organisations",
            organisations,
            "stakeholders:organisation_list",
            encoded,
        ),
    ]
    return groups


@require_GET
def results(request):
    query = " ".join(request.GET.get("q", "").split())[:200]
    groups = find(request.user, query) if len(query) >= MIN_LENGTH else []
    context = {
        "query": query,
        "groups": groups,
        "total": sum(group.total for group in groups),
        "at_least": any(group.at_least for group in groups),
        "too_short": bool(query) and len(query) < MIN_LENGTH,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "search/_results.html", context)
    return render(request, "search/results.html", context)
