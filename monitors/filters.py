import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone

from monitors.models import LeverType, Opening, Source
from relevance import TOPICS
from ui.listing import OrderingFilter, StaffFilter
from ui.pickers import PickerFilterForm


class OpeningFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    # Triage starts from what still needs a decision: the view applies this default when no
    # status is asked for, and, being the default, it is not counted as a filter applied.
    status = django_filters.ChoiceFilter(
        choices=[("open", "New or in progress"), *Opening.Status.choices],
        empty_label="Any",
        method="filter_status",
        initial="open",
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.order_by("name"), empty_label="All sources"
    )
    topic = django_filters.ChoiceFilter(
        label="Topic", choices=list(TOPICS.items()), empty_label="Any topic", method="filter_topic"
    )
    lever_type = django_filters.ChoiceFilter(
        choices=LeverType.choices, empty_label="Any", label="Kind of opening"
    )
    min_score = django_filters.ChoiceFilter(
        label="Score",
        empty_label="Any",
        choices=[("0.9", "0.9 or more"), ("0.75", "0.75 or more"), ("0.6", "0.6 or more")],
        method="filter_score",
    )
    since = django_filters.ChoiceFilter(
        label="Found",
        empty_label="Any time",
        choices=[("1", "Today"), ("7", "In the last 7 days"), ("30", "In the last 30 days")],
        method="filter_since",
    )
    assignee = StaffFilter()
    o = OrderingFilter(
        fields=(("created_at", "found"), ("score", "score"), ("published", "published"))
    )

    class Meta:
        model = Opening
        form = PickerFilterForm
        fields = ["q", "status", "source", "topic", "lever_type", "min_score", "since", "assignee"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(item__title__icontains=value) | Q(item__summary__icontains=value))

    def filter_status(self, queryset, name, value):
        return queryset.open() if value == "open" else queryset.filter(status=value)

    def filter_topic(self, queryset, name, value):
        return queryset.for_topics([value])

    def filter_score(self, queryset, name, value):
        return queryset.filter(score__gte=float(value))

    def filter_since(self, queryset, name, value):
        start = timezone.localdate() - datetime.timedelta(days=int(value) - 1)
        midnight = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
        return queryset.since(midnight)
