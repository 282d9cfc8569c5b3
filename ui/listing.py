"""The shape every list page shares: a FilterSet, sorting, pagination and an htmx fragment."""

import django_filters
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render

from accounts.staff import active_staff
from ui.forms import GovukDateField, user_name
from ui.pickers import PickerFilter, without_search_step

PAGE_SIZE = 25


def page_of(queryset, number, *, page_size=None, page_rows=None):
    """The requested page of `queryset`.

    With `page_rows`, the list is cut first and only then are the page's rows read through
    `page_rows(queryset_of_those_rows)`: per-row figures (a last contact, a count) and related
    records are worked out for 25 rows, not for every row the filters match, and the count
    that pagination needs stays a plain COUNT.
    """
    page = Paginator(queryset, page_size or PAGE_SIZE).get_page(number)
    if page_rows is not None:
        pks = list(page.object_list.values_list("pk", flat=True))
        position = {pk: index for index, pk in enumerate(pks)}
        rows = page_rows(queryset.model._default_manager.filter(pk__in=pks))
        page.object_list = sorted(rows, key=lambda row: position[row.pk])
    return page


def render_list(
    request,
    filterset,
    *,
    template,
    results_template,
    context=None,
    page_size=None,
    page_rows=None,
    page=None,
):
    """Render the whole page, or only the results fragment when htmx asks for it.

    `page_rows` is described in `page_of`; a view that needs the page first passes `page`.
    """
    if page is None:
        page = page_of(
            filterset.qs, request.GET.get("page"), page_size=page_size, page_rows=page_rows
        )
    query = without_search_step(request.GET)
    query.pop("page", None)
    ctx = {
        "filter": filterset,
        "page": page,
        "object_list": page.object_list,
        "query_without_page": query.urlencode(),
        "results_template": results_template,
        **(context or {}),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, results_template, ctx)
    return render(request, template, ctx)


class OrderingFilter(django_filters.OrderingFilter):
    """Sorting whose ties are broken by id, so a page is the same page on every database.

    Many rows share a kind, a sector or a date. Without a last, unique key PostgreSQL may
    return tied rows in a different order for each LIMIT/OFFSET, so a row can show on two
    pages and another on none, and the download's order differs from the list's.

    `undated` names dates whose absence means "never" (a last contact): never counts as the
    longest ago, first when sorted oldest first and last when newest first. SQLite and
    PostgreSQL put empty values at opposite ends unless told.
    """

    def __init__(self, *args, undated=(), **kwargs):
        self.undated = frozenset(undated)
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        name = value.lstrip("-")
        if name not in self.undated:
            return value
        if value.startswith("-"):
            return F(name).desc(nulls_last=True)
        return F(name).asc(nulls_first=True)

    def filter(self, qs, value):
        params = [param for param in value or () if param]
        if not params:
            return qs
        # The id runs the same way as the first sort, so an index on (that column, id)
        # serves both directions (the people list's on last contact).
        tie_break = "-pk" if params[0].startswith("-") else "pk"
        return qs.order_by(*[self.get_ordering_value(param) for param in params], tie_break)


class FigureOrderingFilter(OrderingFilter):
    """Sorting that can use a per-row figure (a last contact, a count) the list adds per page.

    `figures` maps a sort parameter to a function adding that figure to a queryset: the whole
    list is annotated only when someone sorts by the figure.
    """

    def __init__(self, *args, figures=None, **kwargs):
        self.figures = figures or {}
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        for param in value or ():
            add_figure = self.figures.get(param.lstrip("-"))
            if add_figure is not None:
                qs = add_figure(qs)
        return super().filter(qs, value)


class StaffChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return user_name(obj)


class StaffFilter(PickerFilter):
    """Filter by a colleague (a relationship owner, an assignee): a picker over the active
    users, so the list never writes out every user, who are shown by name as on every page.
    The FilterSet's `Meta.form` is `PickerFilterForm`."""

    field_class = StaffChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("empty_label", "Anyone")
        super().__init__(
            "staff_choices", noun="colleague", queryset=lambda request: active_staff(), **kwargs
        )


class DateFilter(django_filters.DateFilter):
    """A date filter in the GOV.UK date input, like every other date Waymark asks for."""

    field_class = GovukDateField
