import django_filters
from django.db.models import Q
from django.forms import Select

from accounts.staff import active_staff
from campaigns.models import Ask, Campaign
from dashboards.forms import InlineSelect
from stakeholders.models import Interaction, LocalArea, Organisation, Person
from ui.listing import StaffFilter
from ui.pickers import PickerFilter, PickerFilterForm


class InfluenceFilter(django_filters.FilterSet):
    """Who appears on the influence maps: one campaign's stakeholders, a sector, an area, ..."""

    campaign = PickerFilter(
        "campaigns:campaign_choices",
        noun="campaign",
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
    owner = StaffFilter(label="Relationship owner")

    class Meta:
        model = Person
        form = PickerFilterForm
        fields = ["campaign", "sector", "area", "owner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if not isinstance(field.widget, Select):
                continue
            field.widget.attrs["class"] = "govuk-select"
            field.widget.template_name = InlineSelect.template_name

    def filter_campaign(self, queryset, name, value):
        """People the campaign's asks target, or whom it has met about the campaign.

        Two id lists, each worked out once: an OR across the two joins multiplied every
        person by their asks and meetings, and then needed DISTINCT.
        """
        targeted = Ask.target_people.through.objects.filter(ask__campaign=value)
        met = Interaction.people.through.objects.filter(interaction__campaigns=value)
        return queryset.filter(
            Q(pk__in=targeted.values("person_id")) | Q(pk__in=met.values("person_id"))
        )


SHOW_CHOICES = [("people", "People"), ("organisations", "Organisations")]


class GridFilter(InfluenceFilter):
    """The grid's people, with a choice to show people, organisations or both."""

    show = django_filters.ChoiceFilter(
        choices=SHOW_CHOICES,
        empty_label="Both",
        method="filter_show",
        label="Show",
    )

    class Meta(InfluenceFilter.Meta):
        fields = ["show", *InfluenceFilter.Meta.fields]

    def filter_show(self, queryset, name, value):
        return queryset.none() if value == "organisations" else queryset


class GridOrganisationFilter(django_filters.FilterSet):
    """The grid's organisations, read from the same query string as `GridFilter`.

    Organisations have no relationship owner of their own, so filtering by owner keeps the
    organisations where that colleague owns the relationship with someone who works there.
    """

    show = django_filters.ChoiceFilter(choices=SHOW_CHOICES, method="filter_show")
    # Never rendered (the page shows `GridFilter`'s picker), so a plain filter that only
    # checks the id is enough here.
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), method="filter_campaign"
    )
    sector = django_filters.ChoiceFilter(choices=Organisation.Sector.choices)
    area = django_filters.ModelChoiceFilter(
        field_name="local_area", queryset=LocalArea.objects.all()
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=lambda request: active_staff(), method="filter_owner"
    )

    class Meta:
        model = Organisation
        fields = ["show", "campaign", "sector", "area", "owner"]

    def filter_show(self, queryset, name, value):
        return queryset.none() if value == "people" else queryset

    def filter_campaign(self, queryset, name, value):
        """Organisations the campaign's asks target, or that it has met about the campaign."""
        targeted = Ask.target_organisations.through.objects.filter(ask__campaign=value)
        met = Interaction.organisations.through.objects.filter(interaction__campaigns=value)
        return queryset.filter(
            Q(pk__in=targeted.values("organisation_id")) | Q(pk__in=met.values("organisation_id"))
        )

    def filter_owner(self, queryset, name, value):
        owned = Person.objects.filter(owner=value, erased_at__isnull=True)
        return queryset.filter(pk__in=owned.values("organisation_id"))
