"""The numbers behind the leadership dashboard, each computed by a fixed number of queries.

Every function takes `today` (and the user, where what they may see matters) so the same
figures come out in the page, the CSV and the SVG download, and tests can pin the date.
"""

import calendar
import datetime
import hashlib
from collections import Counter

from auditlog.models import LogEntry
from django.core.cache import cache
from django.db.models import CharField, Count, Max, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from campaigns.models import Ask, AskStatusChange, Consultation
from dashboards import cartogram, svg
from monitors.models import LeverType, Opening
from relevance import topic_label
from stakeholders.models import Interaction, LocalArea, MultiAgencyStatus, Organisation
from strategy.models import ActivityDelivery, Agreement, Element, OutcomeFeedback

QUARTER_DAYS = 91
WEEK_DAYS = 7
ENGAGEMENT_MONTHS = 12


def months_back(today, count):
    """The first day of each of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(count):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _month_label(first):
    return first.strftime("%b %y")


def month_of(field):
    """The "YYYY-MM" of a date field, worked out with the database's own string functions.

    TruncMonth calls a Python function for every row on SQLite, which cost more than the rest
    of these charts together at a charity's volume; an ISO date's first seven characters are
    its month on SQLite and PostgreSQL alike.
    """
    return Substr(Cast(field, output_field=CharField()), 1, 7)


def _key(first):
    return first.strftime("%Y-%m")


def start_of(day):
    """The first moment of `day` here, so a datetime column is compared as stored (indexable)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Asks


def asks_pipeline(today):
    counts = Ask.objects.count_by_status()
    return svg.horizontal_bars(
        "asks-pipeline",
        "Asks at each status",
        "How many asks sit at each stage of the pipeline today, from drafted to implemented "
        "or rejected.",
        [label for _, label, _ in counts],
        [n for _, _, n in counts],
        value_header="Asks",
    )


def ask_moves(today):
    since = today - datetime.timedelta(days=QUARTER_DAYS)
    counts = dict(
        AskStatusChange.objects.filter(changed_at__gte=start_of(since))
        .values_list("to_status")
        .annotate(n=Count("id"))
    )
    labels = [label for value, label in Ask.Status.choices if value != Ask.Status.DRAFTED]
    values = [counts.get(value, 0) for value, _ in Ask.Status.choices if value != "drafted"]
    return svg.horizontal_bars(
        "asks-moved",
        "Asks that moved in the last quarter",
        f"How many status changes since {since:%-d %B %Y} moved an ask to each status.",
        [f"To {label.lower()}" for label in labels],
        values,
        value_header="Moves",
    )


def recent_moves(today, limit=15):
    since = today - datetime.timedelta(days=QUARTER_DAYS)
    return AskStatusChange.objects.filter(changed_at__gte=start_of(since)).select_related(
        "ask", "ask__campaign", "changed_by"
    )[:limit]


# Consultations


def consultation_progress(today):
    since = today - datetime.timedelta(days=QUARTER_DAYS)
    counts = dict(
        Consultation.objects.filter(Q(closes_on__gte=since) | Q(closes_on__isnull=True))
        .values_list("response_status")
        .annotate(n=Count("id"))
    )
    choices = Consultation.ResponseStatus.choices
    return svg.horizontal_bars(
        "consultation-progress",
        "Our responses to current consultations",
        "Consultations open now or closed in the last quarter, by the state of the charity's "
        "response.",
        [label for _, label in choices],
        [counts.get(value, 0) for value, _ in choices],
        value_header="Consultations",
    )


def deadline_calendar(today, months=3):
    """Month grids of consultation deadlines: [(month title, weeks)], each day (date, items)."""
    start = today.replace(day=1)
    firsts = [start]
    for _ in range(months - 1):
        last = firsts[-1]
        firsts.append(datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1))
    end = firsts[-1].replace(day=calendar.monthrange(firsts[-1].year, firsts[-1].month)[1])
    by_day = {}
    for consultation in Consultation.objects.filter(closes_on__range=(start, end)):
        by_day.setdefault(consultation.closes_on, []).append(consultation)
    grid = []
    for first in firsts:
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        grid.append(
            (
                first.strftime("%B %Y"),
                [
                    [(day, by_day.get(day, []) if day.month == first.month else None) for day in w]
                    for w in weeks
                ],
            )
        )
    return grid


# Openings


def _this_week(now):
    return Opening.objects.since(now - datetime.timedelta(days=WEEK_DAYS))


def openings_by_topic(now):
    counts = Counter()
    for topics in _this_week(now).values_list("topics", flat=True):
        counts.update(set(topics or []))
    ranked = counts.most_common(10)
    return svg.horizontal_bars(
        "openings-topics",
        "Openings this week by topic",
        "Openings found in the last seven days, by the topics they were tagged with (an opening "
        "can have more than one).",
        [topic_label(slug) for slug, _ in ranked],
        [n for _, n in ranked],
        value_header="Openings",
    )


def openings_by_source(now):
    rows = (
        _this_week(now)
        .values("source__name")
        .annotate(n=Count("id"))
        .order_by("-n", "source__name")[:10]
    )
    return svg.horizontal_bars(
        "openings-sources",
        "Openings this week by source",
        "Openings found in the last seven days, by the monitored source that found them.",
        [row["source__name"] or "Added by hand" for row in rows],
        [row["n"] for row in rows],
        value_header="Openings",
    )


def openings_by_lever(now):
    counts = dict(_this_week(now).values_list("lever_type").annotate(n=Count("id")))
    labels = [label for _, label in LeverType.choices] + ["Not classified"]
    values = [counts.get(value, 0) for value, _ in LeverType.choices] + [counts.get("", 0)]
    return svg.horizontal_bars(
        "openings-levers",
        "Openings this week by kind of lever",
        "Openings found in the last seven days, by the kind of opening for change they are.",
        labels,
        values,
        value_header="Openings",
    )


def opening_triage(now):
    """Openings found in the last week, split by where they are now, so the parts add up."""
    since = now - datetime.timedelta(days=WEEK_DAYS)
    return Opening.objects.filter(created_at__gte=since).aggregate(
        found=Count("id"),
        actioned=Count("id", filter=Q(status=Opening.Status.ACTIONED)),
        dismissed=Count("id", filter=Q(status=Opening.Status.DISMISSED)),
        in_progress=Count("id", filter=Q(status=Opening.Status.IN_PROGRESS)),
        waiting=Count("id", filter=Q(status=Opening.Status.NEW)),
    )


# Engagement


ENGAGEMENT_SECTORS = [
    Organisation.Sector.POLICE,
    Organisation.Sector.LOCAL_AUTHORITY,
    Organisation.Sector.HEALTH,
    Organisation.Sector.EDUCATION,
    Organisation.Sector.THIRD_SECTOR,
    Organisation.Sector.GOVERNMENT,
    Organisation.Sector.PARLIAMENT,
    Organisation.Sector.INSPECTORATE,
]


def _touches(sector):
    """An interaction touches a sector through an organisation or a person who works there."""
    return Q(organisations__sector=sector) | Q(people__organisation__sector=sector)


# Engagement figures are remembered until the records they are counted from change (see
# `engagement_version`), and at most this long.
ENGAGEMENT_CACHE_SECONDS = 60 * 60


def engagement_version():
    """A cheap fingerprint of everything engagement figures are counted from.

    Every change to an interaction (its organisations included), a person, an organisation or
    an area is written to the audit trail, deletions too, so its newest entry moves with them.
    Who took part in an interaction is left out of the trail (so an erased person leaves no
    trace there): the attendance table's size and newest row stand in for it. Three index
    look-ups, where the figures read every recent interaction.
    """
    attendance = Interaction.people.through.objects
    return (
        LogEntry.objects.aggregate(last=Max("pk"))["last"],
        attendance.count(),
        attendance.aggregate(last=Max("pk"))["last"],
    )


def remembered(name, today, compute):
    """`compute()`, kept in the cache while the engagement records are unchanged.

    The figures are the same for every role (interactions carry no restrictions), so one copy
    serves everyone.
    """
    fingerprint = repr((name, today, engagement_version())).encode()
    key = f"dashboards:{name}:{hashlib.sha256(fingerprint).hexdigest()}"
    return cache.get_or_set(key, compute, ENGAGEMENT_CACHE_SECONDS)


def engagement_by_sector(today, months=ENGAGEMENT_MONTHS):
    """Interactions per month per sector; one interaction counts once in each sector it touches.

    Counting once per sector means reading every recent interaction with each of its people and
    organisations (about 190,000 joined rows a year at a charity's volume, half a second on
    SQLite), so the counts are remembered until an interaction, person or organisation changes.
    """
    firsts = months_back(today, months)
    by_month = remembered(
        "engagement-by-sector", today, lambda: _engagement_by_month(firsts[0], today)
    )
    values = [
        [by_month.get(_key(first), {}).get(sector.value, 0) for sector in ENGAGEMENT_SECTORS]
        for first in firsts
    ]
    return svg.stacked_columns(
        "engagement-by-sector",
        "Engagement by sector, month by month",
        "Interactions recorded each month over the last year, split by the sector of the "
        "organisations and people involved. An interaction with two sectors counts in both.",
        [_month_label(first) for first in firsts],
        [sector.label for sector in ENGAGEMENT_SECTORS],
        values,
    )


def _engagement_by_month(since, today):
    """{"YYYY-MM": {sector: interactions}} for interactions from `since` to `today`."""
    rows = (
        Interaction.objects.filter(date__gte=since, date__lte=today)
        .annotate(month=month_of("date"))
        .values("month")
        .annotate(
            **{
                sector.value: Count("id", distinct=True, filter=_touches(sector))
                for sector in ENGAGEMENT_SECTORS
            }
        )
        .order_by("month")
    )
    return {row.pop("month"): row for row in rows}


# Local areas


def police_force_areas():
    return LocalArea.objects.filter(kind=LocalArea.Kind.POLICE_FORCE_AREA).order_by("name")


def area_status_counts():
    """How many police force areas are at each status, per multi-agency outcome."""
    areas = police_force_areas()
    aggregates = {}
    for name in LocalArea.STATUS_FIELDS:
        for value, _ in MultiAgencyStatus.choices:
            aggregates[f"{name}__{value}"] = Count("id", filter=Q(**{name: value}))
    totals = areas.aggregate(**aggregates)
    return [
        (
            LocalArea._meta.get_field(name).verbose_name,
            [(label, totals[f"{name}__{value}"]) for value, label in MultiAgencyStatus.choices],
        )
        for name in LocalArea.STATUS_FIELDS
    ]


def areas_map(today, *, link=None):
    tiles = {}
    for area in police_force_areas():
        tile = cartogram.tile_for(area.name)
        if tile is None:
            continue
        statuses = "; ".join(f"{label}: {display}" for label, _, display in area.outcome_statuses())
        known = any(
            getattr(area, name) != MultiAgencyStatus.UNKNOWN for name in LocalArea.STATUS_FIELDS
        )
        tiles[tile[0]] = (area.outcomes_in_place if known else None, statuses)
    return cartogram.draw(
        "areas-map",
        "Multi-agency outcomes in place, by police force area",
        "A tile map of the 43 police force areas of England and Wales. Each tile shows how many "
        "of four outcomes are in place there: a missing protocol, a partnership, information "
        "sharing and a named missing lead.",
        tiles,
        link=link,
    )


# Outcomes and activities


def outcome_feedback(today, *, queryset=None):
    queryset = OutcomeFeedback.objects.all() if queryset is None else queryset
    counts = {}
    for outcome_id, agreement, n in (
        queryset.values_list("outcome_id", "agreement").annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(outcome_id, {})[agreement] = n
    outcomes = [o for o in Element.objects.outcomes() if o.pk in counts]
    return svg.stacked_rows(
        "outcome-feedback",
        "How far participants agree with each outcome",
        "For each outcome of the theory of change with feedback, the share of answers from "
        "strongly disagree to strongly agree, with the number of answers.",
        [outcome.code for outcome in outcomes],
        [label for _, label in Agreement.choices],
        [[counts[o.pk].get(value, 0) for value in Agreement.values] for o in outcomes],
        colours=["#D55E00", "#E69F00", "#999999", "#56B4E9", "#0072B2"],
    )


def feedback_over_time(today, months=ENGAGEMENT_MONTHS):
    firsts = months_back(today, months)
    rows = (
        OutcomeFeedback.objects.filter(date__gte=firsts[0], date__lte=today)
        .annotate(month=month_of("date"))
        .values("month", "outcome__audience")
        .annotate(
            answers=Count("id"),
            agreeing=Count("id", filter=Q(agreement__gte=Agreement.AGREE)),
        )
        .order_by("month")
    )
    data = {(r["month"], r["outcome__audience"]): r for r in rows}
    audiences = Element.Audience.choices
    values = []
    for first in firsts:
        month = []
        for value, _ in audiences:
            row = data.get((_key(first), value))
            month.append(round(100 * row["agreeing"] / row["answers"]) if row else None)
        values.append(month)
    return svg.lines(
        "feedback-over-time",
        "Share agreeing, month by month",
        "The percentage of answers that agree or strongly agree, each month, for the outcomes of "
        "each audience. Months with no answers are left out.",
        [_month_label(first) for first in firsts],
        [label for _, label in audiences],
        values,
        maximum=100,
    )


def activities_by_month(today, months=ENGAGEMENT_MONTHS):
    firsts = months_back(today, months)
    activities = list(Element.objects.of_kind(Element.Kind.ACTIVITY))
    rows = (
        ActivityDelivery.objects.filter(date__gte=firsts[0], date__lte=today)
        .annotate(month=month_of("date"))
        .values("month", "activity_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(r["month"], r["activity_id"]): r["n"] for r in rows}
    return svg.stacked_columns(
        "activities-by-month",
        "Activities delivered, month by month",
        "Deliveries of each activity of the theory of change each month over the last year.",
        [_month_label(first) for first in firsts],
        [a.text for a in activities],
        [[counts.get((_key(first), a.pk), 0) for a in activities] for first in firsts],
    )
