"""The overview, leadership dashboards and influence maps: pages, their charts as SVG and CSV,
and re-rating."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import can_edit, edit_required
from campaigns.models import Ask, AskStatusChange, Campaign, Consultation
from dashboards import cartogram, influence, leadership
from dashboards.filters import GridFilter, GridOrganisationFilter, InfluenceFilter
from dashboards.forms import OrganisationRatingForm, RatingForm
from evidence.models import EvidenceItem
from monitors.models import Opening
from stakeholders.models import Interaction, Organisation, Person
from strategy.models import ActivityDelivery, Agreement, Element, OutcomeFeedback
from ui.pickers import without_search_step
from ui.spreadsheet import csv_response

# The overview lists the most urgent active campaigns and links to the rest: years of work
# leave dozens active at once, and the overview is read at a glance.
HOME_CAMPAIGNS = 10


@require_GET
def home(request):
    today = timezone.localdate()
    consultations = Consultation.objects.select_related("body")
    active_campaigns = Campaign.objects.filter(status=Campaign.Status.ACTIVE)
    context = {
        "closing_soon": consultations.closing_within(Consultation.CLOSING_SOON_DAYS).by_deadline()[
            :8
        ],
        "overdue": consultations.overdue().by_deadline()[:8],
        "ask_counts": Ask.objects.count_by_status(),
        "recent_changes": AskStatusChange.objects.select_related(
            "ask", "ask__campaign", "changed_by"
        )[:10],
        "active_campaigns": active_campaigns.select_related("owner")
        .annotate(open_asks=Count("asks", filter=~Q(asks__status__in=Ask.CLOSED_STATUSES)))
        .order_by("priority", "title")[:HOME_CAMPAIGNS],
        "active_campaign_count": active_campaigns.count(),
        "today": today,
        # What to do next, for the person signed in.
        # Two counts, each read from an index, rather than one pass over every opening with
        # two filters (20,000 openings: 14 ms against 4).
        "openings": {
            "waiting": Opening.objects.new().count(),
            "mine": Opening.objects.filter(status=Opening.Status.IN_PROGRESS)
            .assigned_to(request.user)
            .count(),
        },
        "my_overdue_follow_ups": Interaction.objects.overdue_follow_ups(today)
        .filter(follow_up_owner=request.user)
        .prefetch_related("people", "organisations")
        .order_by("follow_up_due")[:5],
        "my_follow_ups_this_week": Interaction.objects.open_follow_ups()
        .prefetch_related("people", "organisations")
        .filter(
            follow_up_owner=request.user,
            follow_up_due__gte=today,
            follow_up_due__lte=today + datetime.timedelta(days=7),
        )
        .order_by("follow_up_due")[:5],
        "my_consultations_closing": consultations.filter(owner=request.user)
        .closing_within(Consultation.CLOSING_SOON_DAYS)
        .by_deadline()[:5],
    }
    return render(request, "dashboards/home.html", context)


def _today_now():
    now = timezone.now()
    return timezone.localdate(now), now


def _area_link(areas_by_tile):
    def link(tile_name):
        area = areas_by_tile.get(tile_name)
        return area.get_absolute_url() if area else None

    return link


def _areas_map(request, today, now):
    areas_by_tile = {}
    for area in leadership.police_force_areas():
        tile = cartogram.tile_for(area.name)
        if tile:
            areas_by_tile[tile[0]] = area
    return leadership.areas_map(today, link=_area_link(areas_by_tile))


def _influence_filter(request):
    return InfluenceFilter(request.GET, queryset=Person.objects.all(), request=request)


# The grid draws the most influential people and organisations that match the filters:
# leadership's first question is who matters most and where they stand, which needs no campaign
# picked first. Every square still counts everyone who matches, in "+n more". At most 99 points,
# so every number on the grid has one or two digits: up to 60 people, and organisations the rest
# (either takes the other's room when the other has fewer to show).
GRID_POINTS = 99
GRID_PEOPLE = 60
# The tables under the grid page through everyone who matches.
TABLE_PAGE_SIZE = 25
# The network draws at most this many people (the most influential that match), and cuts its
# organisation and campaign columns to the ones with most links.
NETWORK_PEOPLE = 40
NETWORK_ORGANISATIONS = 60
NETWORK_CAMPAIGNS = 30


def _grid_stakeholders(request, today):
    """The grid's filter, the people and organisations it draws (each with `recent`) and counts.

    Counts are {"people": n, "organisations": n, "totals": {(stance, influence): n}} over all
    that match, so the page can say what the focus leaves out.
    """
    filterset = GridFilter(request.GET, queryset=Person.objects.all(), request=request)
    organisations = GridOrganisationFilter(
        request.GET, queryset=Organisation.objects.all(), request=request
    )
    people_matching = filterset.qs.not_erased()
    organisations_matching = organisations.qs
    people_totals = influence.cell_totals(people_matching)
    organisation_totals = influence.cell_totals(organisations_matching)
    totals = dict(people_totals)
    for cell, n in organisation_totals.items():
        totals[cell] = totals.get(cell, 0) + n
    people_count = sum(people_totals.values())
    organisation_count = sum(organisation_totals.values())
    organisations_room = GRID_POINTS - min(people_count, GRID_PEOPLE)
    people_room = GRID_POINTS - min(organisation_count, organisations_room)
    focus = {
        "people": list(
            influence.people_for_maps(
                # Only the rated: the unrated are listed under "Not rated yet" instead.
                influence.most_influential(people_matching.rated(), people_room),
                today,
            )
        ),
        "organisations": list(
            influence.organisations_for_maps(
                influence.most_influential(organisations_matching.rated(), organisations_room),
                today,
            )
        ),
        "people_count": people_count,
        "organisation_count": organisation_count,
        "totals": totals,
        "unrated_people": influence.not_rated_yet(people_matching),
        "unrated_organisations": influence.not_rated_yet(organisations_matching),
    }
    return filterset, organisations, focus


def _grid_chart(focus, *, editable):
    return influence.grid_chart(
        focus["people"], focus["organisations"], editable=editable, totals=focus["totals"]
    )


def _grid(request, today, now):
    _, _, focus = _grid_stakeholders(request, today)
    return _grid_chart(focus, editable=can_edit(request.user))


def _network_chart(request, today, now):
    data = _network_data(request, today)
    return influence.network_chart(data["network"], today, data["spof_ids"])


# Every chart by its slug: the page shows it, and the same function feeds its SVG and CSV.
CHARTS = {
    "asks-pipeline": lambda request, today, now: leadership.asks_pipeline(today),
    "asks-moved": lambda request, today, now: leadership.ask_moves(today),
    "consultation-progress": lambda request, today, now: leadership.consultation_progress(today),
    "openings-topics": lambda request, today, now: leadership.openings_by_topic(now),
    "openings-sources": lambda request, today, now: leadership.openings_by_source(now),
    "openings-levers": lambda request, today, now: leadership.openings_by_lever(now),
    "engagement-by-sector": lambda request, today, now: leadership.engagement_by_sector(today),
    "areas-map": _areas_map,
    "outcome-feedback": lambda request, today, now: leadership.outcome_feedback(today),
    "feedback-over-time": lambda request, today, now: leadership.feedback_over_time(today),
    "activities-by-month": lambda request, today, now: leadership.activities_by_month(today),
    "influence-grid": _grid,
    "network-map": _network_chart,
}


def _with_downloads(request, slug, chart):
    # The charts' filters, without a picker's Search step: what was typed filters nothing.
    filters = without_search_step(request.GET).urlencode()
    query = f"?{filters}" if filters else ""
    chart.svg_url = reverse(f"dashboards:{slug}_svg") + query
    chart.csv_url = reverse(f"dashboards:{slug}_csv") + query
    return chart


def _chart(request, slug):
    today, now = _today_now()
    return _with_downloads(request, slug, CHARTS[slug](request, today, now))


@require_GET
def chart_svg(request, slug):
    if slug not in CHARTS:
        raise Http404
    chart = _chart(request, slug)
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + chart.svg(standalone=True)
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.svg"'
    return response


@require_GET
def chart_csv(request, slug):
    if slug not in CHARTS:
        raise Http404
    chart = _chart(request, slug)
    columns = [
        (header or "Category", lambda row, i=i: row[i]) for i, header in enumerate(chart.columns)
    ]
    return csv_response(f"{slug}.csv", columns, chart.rows)


def _charts(request, slugs):
    """Charts keyed by slug with underscores, as templates can look them up."""
    return {slug.replace("-", "_"): _chart(request, slug) for slug in slugs}


# Leadership


@require_GET
def leadership_dashboard(request):
    today, now = _today_now()
    charts = _charts(
        request,
        (
            "asks-pipeline",
            "asks-moved",
            "consultation-progress",
            "openings-topics",
            "openings-sources",
            "openings-levers",
            "engagement-by-sector",
            "areas-map",
        ),
    )
    context = {
        "today": today,
        "charts": charts,
        "recent_moves": leadership.recent_moves(today),
        "quarter_start": today - datetime.timedelta(days=leadership.QUARTER_DAYS),
        "calendar": leadership.deadline_calendar(today),
        "triage": leadership.opening_triage(now),
        "areas": leadership.police_force_areas().select_related("missing_lead_person"),
        "area_status_counts": leadership.area_status_counts(),
        "aims": _live_elements(request.user).filter(kind=Element.Kind.AIM),
        "gaps": influence.engagement_gaps(today),
    }
    return render(request, "dashboards/leadership.html", context)


def _live_elements(user):
    """Elements with counts of everything behind them; evidence counts respect access."""
    evidence = (
        EvidenceItem.objects.visible_to(user)
        .filter(outcomes=OuterRef("pk"))
        .order_by()
        .values("outcomes")
        .annotate(n=Count("pk"))
        .values("n")
    )

    def count_of(model, field):
        # COUNT(*), not COUNT(id): PostgreSQL then counts from the index on `field` alone
        # instead of visiting each of an element's hundreds of openings and answers.
        rows = (
            model.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("*"))
            .values("n")
        )
        return Subquery(rows)

    return Element.objects.annotate(
        campaign_count=Count("campaigns_as_aim", distinct=True)
        + Count("campaigns_as_outcome", distinct=True)
        + Count("campaigns_as_lever", distinct=True)
        + Count("campaigns_as_blocker", distinct=True),
        ask_count=count_of(Ask.outcomes.through, "element"),
        evidence_count=Subquery(evidence),
        opening_count=count_of(Opening, "lever"),
        delivery_count=count_of(ActivityDelivery, "activity"),
        reached=Subquery(
            ActivityDelivery.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values("activity")
            .annotate(n=Sum("people_reached"))
            .values("n")
        ),
        feedback_count=count_of(OutcomeFeedback, "outcome"),
        feedback_average=Subquery(
            OutcomeFeedback.objects.filter(outcome=OuterRef("pk"))
            .order_by()
            .values("outcome")
            .annotate(a=Avg("agreement"))
            .values("a")
        ),
    ).with_latest_review()


@require_GET
def theory_of_change(request):
    by_kind = {kind: [] for kind in Element.Kind.values}
    for element in _live_elements(request.user):
        by_kind[element.kind].append(element)
    return render(
        request,
        "dashboards/theory_of_change.html",
        {
            "goal": by_kind["goal"][0] if by_kind["goal"] else None,
            "sections": [
                ("Aims", by_kind["aim"], ["campaigns"]),
                ("Activities", by_kind["activity"], ["deliveries", "reached"]),
                ("Outcomes", by_kind["outcome"], ["campaigns", "asks", "evidence", "feedback"]),
                ("Levers for change", by_kind["lever"], ["campaigns", "openings"]),
                ("Assumptions", by_kind["assumption"], ["review"]),
                ("Blockers", by_kind["blocker"], ["campaigns", "review"]),
            ],
        },
    )


@require_GET
def outcomes(request):
    summary = OutcomeFeedback.objects.summary_by_outcome()
    outcome_rows = [
        (outcome, summary.get(outcome.pk))
        for outcome in Element.objects.outcomes().order_by("order")
    ]
    by_area = (
        OutcomeFeedback.objects.values("local_area__name")
        .annotate(
            responses=Count("id"),
            agreeing=Count("id", filter=Q(agreement__gte=Agreement.AGREE)),
            average=Avg("agreement"),
        )
        .order_by("local_area__name")
    )
    deliveries = ActivityDelivery.objects.aggregate(
        deliveries=Count("id"), reached=Sum("people_reached")
    )
    return render(
        request,
        "dashboards/outcomes.html",
        {
            "charts": _charts(
                request, ("outcome-feedback", "feedback-over-time", "activities-by-month")
            ),
            "outcome_rows": outcome_rows,
            "by_area": by_area,
            "deliveries": deliveries,
        },
    )


# Influence maps


def _table_page(request, queryset, param):
    """One page of a table under the grid: ids in the grid's order, and the query for links."""
    ids = queryset.by_influence().values("pk")
    page = Paginator(ids, TABLE_PAGE_SIZE).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()


@require_GET
def influence_grid(request):
    today = timezone.localdate()
    filterset, organisation_filter, focus = _grid_stakeholders(request, today)
    editable = can_edit(request.user)
    chart = _with_downloads(request, "influence-grid", _grid_chart(focus, editable=editable))
    show = filterset.form.cleaned_data.get("show")
    people_page, people_query = _table_page(request, filterset.qs.not_erased(), "page")
    organisations_page, organisations_query = _table_page(
        request, organisation_filter.qs, "organisations_page"
    )
    # Figures and forms for the rows on the page only.
    people = influence.people_for_maps(Person.objects.filter(pk__in=people_page.object_list), today)
    organisations = influence.organisations_for_maps(
        Organisation.objects.filter(pk__in=organisations_page.object_list), today
    )
    return render(
        request,
        "dashboards/influence.html",
        {
            "filter": filterset,
            "chart": chart,
            "focus": focus,
            "rows": [
                (person, RatingForm(instance=person, prefix=f"p{person.pk}") if editable else None)
                for person in people
            ],
            "organisation_rows": [
                (
                    org,
                    OrganisationRatingForm(instance=org, prefix=f"o{org.pk}") if editable else None,
                )
                for org in organisations
            ],
            "people_page": people_page,
            "people_query": people_query,
            "organisations_page": organisations_page,
            "organisations_query": organisations_query,
            "show_people": show != "organisations",
            "show_organisations": show != "people",
            "editable": editable,
            "legend": influence.sector_legend(),
            "grid": influence.GRID,
        },
    )


def _network_data(request, today):
    """The filtered network, focused on the most influential people who match."""
    filterset = _influence_filter(request)
    matching = filterset.qs.not_erased()
    people = influence.people_for_maps(influence.most_influential(matching, NETWORK_PEOPLE), today)
    data = influence.network(
        people,
        today,
        max_organisations=NETWORK_ORGANISATIONS,
        max_campaigns=NETWORK_CAMPAIGNS,
    )
    data["people_total"] = matching.count()
    org_ids = [o.pk for o in data["organisations"]]
    spof = list(Organisation.objects.filter(pk__in=org_ids).single_points_of_failure())
    return {
        "filter": filterset,
        "network": data,
        "spof": spof,
        "spof_ids": {o.pk for o in spof},
    }


@require_GET
def network_map(request):
    today = timezone.localdate()
    data = _network_data(request, today)
    chart = _with_downloads(
        request, "network-map", influence.network_chart(data["network"], today, data["spof_ids"])
    )
    return render(
        request,
        "dashboards/network.html",
        {
            **data,
            "chart": chart,
            "gaps": influence.engagement_gaps(today),
            "legend": influence.sector_legend(),
        },
    )


@edit_required
@require_POST
def rate_person(request, pk):
    person = get_object_or_404(Person.objects.not_erased(), pk=pk)
    return _rate(request, person)


@edit_required
@require_POST
def rate_organisation(request, pk):
    return _rate(request, get_object_or_404(Organisation, pk=pk))


# What re-rating needs for each kind of stakeholder: its form, the prefix of its table row's
# form, the query that adds `recent`, and the row template with the name it reads.
RATED = {
    Person: (RatingForm, "p", influence.people_for_maps, "_influence_row.html", "person"),
    Organisation: (
        OrganisationRatingForm,
        "o",
        influence.organisations_for_maps,
        "_influence_organisation_row.html",
        "organisation",
    ),
}


def _rate(request, stakeholder):
    """Save a new influence and stance; htmx gets the updated table row and a redrawn grid."""
    today = timezone.localdate()
    model = type(stakeholder)
    form_class, letter, for_maps, row_template, name = RATED[model]
    row_prefix = f"{letter}{stakeholder.pk}"
    # The drag control posts bare field names; the table row's form posts prefixed ones.
    # Chosen by what was posted: with "Not rated yet" allowed, a form reading names that
    # were not posted would be valid, and would unrate.
    prefix = row_prefix if f"{row_prefix}-influence" in request.POST else None
    form = form_class(request.POST, instance=stakeholder, prefix=prefix)
    saved = form.is_valid()
    if saved:
        stance_changed = "stance" in form.changed_data
        stakeholder = form.save(commit=False)
        if stance_changed and model is Person:
            stakeholder.stance_reviewed_on = today
        stakeholder.save()
    if not request.htmx:
        if saved:
            messages.success(request, f"Re-rated {stakeholder.name}.")
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = reverse("dashboards:influence")
        return redirect(next_url)
    # The grid is redrawn for the filters the page had, which the form passes on in its URL.
    _, _, focus = _grid_stakeholders(request, today)
    fresh = for_maps(model.objects.filter(pk=stakeholder.pk), today).get()
    row = render_to_string(
        f"dashboards/{row_template}",
        {
            name: fresh,
            "form": form if not saved else form_class(instance=fresh, prefix=row_prefix),
            "editable": True,
            "saved": saved,
        },
        request=request,
    )
    chart = _grid_chart(focus, editable=True)
    grid = render_to_string(
        "dashboards/_influence_grid.html",
        {
            "chart": chart,
            "oob": True,
            "grid": influence.GRID,
        },
        request=request,
    )
    key = render_to_string(
        "dashboards/_influence_key.html", {"chart": chart, "oob": True}, request=request
    )
    unrated = render_to_string(
        "dashboards/_not_rated.html",
        {"focus": focus, "oob": True, "editable": True},
        request=request,
    )
    return HttpResponse(row + grid + key + unrated)
