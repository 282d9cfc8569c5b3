import django_filters

from campaigns.models import Ask, Campaign
from evidence import search
from evidence.models import EvidenceItem
from strategy.models import Element
from ui.listing import OrderingFilter
from ui.pickers import PickerFilter, PickerFilterForm


class EvidenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search")  # applied last, in filter_queryset
    kind = django_filters.ChoiceFilter(choices=EvidenceItem.Kind.choices, empty_label="Any")
    confidentiality = django_filters.ChoiceFilter(
        choices=EvidenceItem.Confidentiality.choices, empty_label="Any"
    )
    tag = django_filters.CharFilter(label="Tag", method="filter_tag")
    # Pickers: a charity's years of asks and campaigns are never all written into the page.
    ask = PickerFilter(
        "campaigns:ask_choices",
        noun="ask",
        queryset=Ask.objects.all(),
        field_name="asks",
        empty_label="Any ask",
        label="Backs ask",
    )
    campaign = PickerFilter(
        "campaigns:campaign_choices",
        noun="campaign",
        queryset=Campaign.objects.all(),
        field_name="campaigns",
        empty_label="Any campaign",
    )
    outcome = django_filters.ModelChoiceFilter(
        queryset=Element.objects.outcomes(), field_name="outcomes", empty_label="Any outcome"
    )
    o = OrderingFilter(
        fields=(("title", "title"), ("published_on", "published_on"), ("kind", "kind"))
    )

    class Meta:
        model = EvidenceItem
        form = PickerFilterForm
        fields = ["q", "kind", "confidentiality", "tag", "ask", "campaign", "outcome"]

    def __init__(self, *args, can_see_restricted=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_see_restricted:
            field = self.filters["confidentiality"]
            field.extra["choices"] = [
                c for c in EvidenceItem.Confidentiality.choices if c[0] != "restricted"
            ]

    def filter_queryset(self, queryset):
        """Every other filter first, then the search, then the order someone chose.

        The search ranks a bounded number of matches (`search.RANKED`), so it must choose them
        from what the other filters kept. Sorted by a column, the list is not ranked: it holds
        every match, in that order.
        """
        data = dict(self.form.cleaned_data)
        query, ordering = data.pop("q", ""), data.pop("o", None)
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        if query:
            find = search.matching if ordering else search.search
            queryset = find(queryset, query)
        return self.filters["o"].filter(queryset, ordering)

    def filter_tag(self, queryset, name, value):
        return queryset.tagged(value)
