import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q

from campaigns.models import Campaign
from stakeholders.models import LocalArea, Organisation, Person


def _users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class InfluenceFilter(django_filters.FilterSet):
    """Who appears on the influence maps: one campaign's stakeholders, a sector, an area, ..."""

    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(),
        empty_label="All campaigns",
        method="filter_campaign",
        label="Campaign",
    )
    sector = django_filters.ChoiceFilter(
        field_name="organisation__sector", choices=Organisation.Sector.choices, empty_label="Any"
    )
    area = django_filters.ModelChoiceFilter(
        field_name="organisation__local_area",
        queryset=LocalArea.objects.all(),
        empty_label="All areas",
        label="Area",
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=lambda request: _users(), empty_label="Anyone", label="Relationship owner"
    )

    class Meta:
        model = Person
        fields = ["campaign", "sector", "area", "owner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def filter_campaign(self, queryset, name, value):
        """People the campaign's asks target, or whom it has met about the campaign."""
        return queryset.filter(
            Q(asks_received__campaign=value) | Q(interactions__campaigns=value)
        ).distinct()
