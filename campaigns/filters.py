import django_filters
from django.db.models import Q
from django.utils import timezone

from campaigns.models import Ask, Campaign, Consultation
from ui.listing import OrderingFilter, StaffFilter
from ui.pickers import PickerFilter, PickerFilterForm


def _search(fields):
    def method(queryset, name, value):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    return method


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    status = django_filters.ChoiceFilter(choices=Campaign.Status.choices, empty_label="Any")
    priority = django_filters.ChoiceFilter(choices=Campaign.Priority.choices, empty_label="Any")
    rag = django_filters.ChoiceFilter(
        choices=Campaign.Rag.choices, empty_label="Any", label="RAG rating"
    )
    owner = StaffFilter()
    o = OrderingFilter(
        fields=(
            ("title", "title"),
            ("priority", "priority"),
            ("status", "status"),
            ("end_date", "end_date"),
            ("rag", "rag"),
        ),
    )

    class Meta:
        model = Campaign
        form = PickerFilterForm
        fields = ["q", "status", "priority", "rag", "owner"]

    def search(self, queryset, name, value):
        return _search(["title", "summary"])(queryset, name, value)


class AskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    status = django_filters.ChoiceFilter(choices=Ask.Status.choices, empty_label="Any")
    campaign = PickerFilter(
        "campaigns:campaign_choices",
        noun="campaign",
        queryset=Campaign.objects.all(),
        empty_label="All campaigns",
    )
    owner = StaffFilter()
    o = OrderingFilter(
        fields=(
            ("title", "title"),
            ("campaign__title", "campaign"),
            ("status", "status"),
            ("status_changed_at", "changed"),
        ),
    )

    class Meta:
        model = Ask
        form = PickerFilterForm
        fields = ["q", "status", "campaign", "owner"]

    def search(self, queryset, name, value):
        return _search(["title", "detail", "target_organisations__name", "target_people__name"])(
            queryset, name, value
        ).distinct()


class ConsultationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    response_status = django_filters.ChoiceFilter(
        choices=Consultation.ResponseStatus.choices, empty_label="Any", label="Our response"
    )
    kind = django_filters.ChoiceFilter(choices=Consultation.Kind.choices, empty_label="Any")
    deadline = django_filters.ChoiceFilter(
        label="Deadline",
        empty_label="Any",
        choices=[
            ("closing_soon", "Closing in 14 days"),
            ("overdue", "Overdue"),
            ("upcoming", "Not yet closed"),
        ],
        method="filter_deadline",
    )
    o = OrderingFilter(
        fields=(
            ("closes_on", "closes_on"),
            ("title", "title"),
            ("response_status", "response_status"),
            ("opens_on", "opens_on"),
        ),
    )

    class Meta:
        model = Consultation
        fields = ["q", "response_status", "kind", "deadline"]

    def search(self, queryset, name, value):
        return _search(["title", "body__name", "notes", "outcome"])(queryset, name, value)

    def filter_deadline(self, queryset, name, value):
        if value == "closing_soon":
            return queryset.closing_within(Consultation.CLOSING_SOON_DAYS)
        if value == "overdue":
            return queryset.overdue()
        if value == "upcoming":
            return queryset.filter(closes_on__gte=timezone.localdate())
        return queryset
