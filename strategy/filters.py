import django_filters

from stakeholders.models import LocalArea
from strategy.models import ActivityDelivery, Agreement, Element, OutcomeFeedback
from ui.listing import OrderingFilter
from ui.pickers import PickerFilter, PickerFilterForm


class ActivityDeliveryFilter(django_filters.FilterSet):
    activity = django_filters.ModelChoiceFilter(
        queryset=Element.objects.of_kind(Element.Kind.ACTIVITY), empty_label="All activities"
    )
    local_area = django_filters.ModelChoiceFilter(
        queryset=LocalArea.objects.all(), empty_label="All areas", label="Area"
    )
    # campaigns sit above strategy: reached through the relation ActivityDelivery declares.
    campaign = PickerFilter(
        "campaigns:campaign_choices",
        noun="campaign",
        queryset=ActivityDelivery._meta.get_field("campaign").related_model.objects.all(),
        empty_label="All campaigns",
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From")
    o = OrderingFilter(fields=(("date", "date"), ("people_reached", "reached")))

    class Meta:
        model = ActivityDelivery
        form = PickerFilterForm
        fields = ["activity", "local_area", "campaign", "date_from"]


class OutcomeFeedbackFilter(django_filters.FilterSet):
    outcome = django_filters.ModelChoiceFilter(
        queryset=Element.objects.outcomes(), empty_label="All outcomes"
    )
    local_area = django_filters.ModelChoiceFilter(
        queryset=LocalArea.objects.all(), empty_label="All areas", label="Area"
    )
    respondent_audience = django_filters.ChoiceFilter(
        choices=Element.Audience.choices, empty_label="Anyone", label="Respondent"
    )
    agreement = django_filters.ChoiceFilter(choices=Agreement.choices, empty_label="Any answer")
    o = OrderingFilter(fields=(("date", "date"), ("agreement", "agreement")))

    class Meta:
        model = OutcomeFeedback
        fields = ["outcome", "local_area", "respondent_audience", "agreement"]
