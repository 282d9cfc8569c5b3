import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone

from stakeholders.models import (
    NOT_RATED,
    Interaction,
    LocalArea,
    MultiAgencyStatus,
    Organisation,
    Person,
)
from ui.listing import DateFilter, FigureOrderingFilter, OrderingFilter, StaffFilter
from ui.pickers import PickerFilter, PickerFilterForm

UNRATED = "unrated"


def _matching(fields, value):
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return condition


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    stance = django_filters.ChoiceFilter(
        choices=[*Person.Stance.choices, (UNRATED, NOT_RATED)],
        empty_label="Any",
        method="filter_stance",
    )
    influence = django_filters.ChoiceFilter(
        choices=[*((n, f"{n} or more") for n in range(5, 0, -1)), (UNRATED, NOT_RATED)],
        empty_label="Any",
        method="filter_influence",
    )
    sector = django_filters.ChoiceFilter(
        field_name="organisation__sector", choices=Organisation.Sector.choices, empty_label="Any"
    )
    owner = StaffFilter(label="Relationship owner")
    tag = django_filters.CharFilter(label="Tag", method="filter_tag")
    o = OrderingFilter(
        fields=(
            ("name", "name"),
            ("organisation__name", "organisation"),
            ("influence", "influence"),
            ("stance", "stance"),
            ("last_contact", "last_contact"),
        ),
        undated=["last_contact"],
    )

    class Meta:
        model = Person
        form = PickerFilterForm
        fields = ["q", "stance", "influence", "sector", "owner", "tag"]

    def search(self, queryset, name, value):
        return queryset.matching(value)

    def filter_influence(self, queryset, name, value):
        if value == UNRATED:
            return queryset.filter(influence__isnull=True)
        return queryset.filter(influence__gte=int(value))

    def filter_stance(self, queryset, name, value):
        if value == UNRATED:
            return queryset.filter(stance__isnull=True)
        return queryset.filter(stance=value)

    def filter_tag(self, queryset, name, value):
        return queryset.tagged(value)


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, empty_label="Any")
    sector = django_filters.ChoiceFilter(choices=Organisation.Sector.choices, empty_label="Any")
    local_area = django_filters.ModelChoiceFilter(
        queryset=LocalArea.objects.all(), empty_label="Any area", label="Local area"
    )
    o = FigureOrderingFilter(
        fields=(
            ("name", "name"),
            ("kind", "kind"),
            ("sector", "sector"),
            ("people_count", "people"),
            ("last_contact", "last_contact"),
        ),
        undated=["last_contact"],
        figures={
            "people": lambda qs: qs.with_people_count(),
            "last_contact": lambda qs: qs.with_last_contact_of_all(),
        },
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "sector", "local_area"]

    def search(self, queryset, name, value):
        return queryset.matching(value)


class LocalAreaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(choices=LocalArea.Kind.choices, empty_label="Any")
    nation = django_filters.ChoiceFilter(choices=LocalArea.Nation.choices, empty_label="Any")
    protocol = django_filters.ChoiceFilter(
        choices=MultiAgencyStatus.choices, empty_label="Any", label="Missing protocol or plan"
    )
    partnership = django_filters.ChoiceFilter(
        choices=MultiAgencyStatus.choices, empty_label="Any", label="Partnership response"
    )
    information_sharing = django_filters.ChoiceFilter(
        choices=MultiAgencyStatus.choices, empty_label="Any", label="Information sharing"
    )
    missing_lead = django_filters.ChoiceFilter(
        choices=MultiAgencyStatus.choices, empty_label="Any", label="Named missing lead"
    )
    o = OrderingFilter(fields=(("name", "name"), ("kind", "kind"), ("nation", "nation")))

    class Meta:
        model = LocalArea
        fields = [
            "q",
            "kind",
            "nation",
            "protocol",
            "partnership",
            "information_sharing",
            "missing_lead",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(_matching(["name", "police_force_area__name"], value))


class InteractionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    kind = django_filters.ChoiceFilter(choices=Interaction.Kind.choices, empty_label="Any")
    follow_up = django_filters.ChoiceFilter(
        label="Follow-up",
        empty_label="Any",
        choices=[("open", "Open"), ("overdue", "Overdue"), ("done", "Done")],
        method="filter_follow_up",
    )
    campaign = PickerFilter(
        "campaigns:campaign_choices",
        noun="campaign",
        queryset=Interaction._meta.get_field("campaigns").related_model.objects.all(),
        field_name="campaigns",
        empty_label="Any campaign",
    )
    date_after = DateFilter(field_name="date", lookup_expr="gte", label="From")
    date_before = DateFilter(field_name="date", lookup_expr="lte", label="To")
    o = OrderingFilter(
        fields=(("date", "date"), ("kind", "kind"), ("follow_up_due", "follow_up_due"))
    )

    class Meta:
        model = Interaction
        form = PickerFilterForm
        fields = ["q", "kind", "follow_up", "campaign", "date_after", "date_before"]

    def search(self, queryset, name, value):
        return queryset.matching(value)

    def filter_follow_up(self, queryset, name, value):
        if value == "open":
            return queryset.open_follow_ups()
        if value == "overdue":
            return queryset.overdue_follow_ups(timezone.localdate())
        if value == "done":
            return queryset.exclude(follow_up_action="").filter(follow_up_done=True)
        return queryset


class FollowUpFilter(django_filters.FilterSet):
    """Open follow-ups: whose they are and when they fall due."""

    whose = django_filters.ChoiceFilter(
        label="Whose",
        empty_label="Anyone's",
        choices=[("mine", "Mine")],
        method="filter_whose",
    )
    due = django_filters.ChoiceFilter(
        label="Due",
        empty_label="Any time",
        choices=[("overdue", "Overdue"), ("week", "Overdue or due this week")],
        method="filter_due",
    )

    class Meta:
        model = Interaction
        fields = ["whose", "due"]

    def filter_whose(self, queryset, name, value):
        if value == "mine" and self.request is not None:
            return queryset.filter(follow_up_owner=self.request.user)
        return queryset

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue_follow_ups(today)
        if value == "week":
            # Up to and including Sunday: what needs doing before the week is out.
            sunday = today + datetime.timedelta(days=6 - today.weekday())
            return queryset.filter(follow_up_due__lte=sunday)
        return queryset
