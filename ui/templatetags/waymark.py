from django import template
from django.utils.html import format_html

from ui.pickers import SEARCH_SUFFIX, Picker, without_search_step

register = template.Library()

STATUS_COLOURS = {
    # campaigns
    "planning": "grey",
    "active": "blue",
    "paused": "yellow",
    "won": "green",
    "closed": "grey",
    # asks
    "drafted": "grey",
    "made": "light-blue",
    "acknowledged": "turquoise",
    "under_consideration": "purple",
    "committed": "blue",
    "implemented": "green",
    "rejected": "red",
    # consultation responses
    "not_started": "grey",
    "drafting": "yellow",
    "in_review": "purple",
    "submitted": "green",
    # deadlines
    "overdue": "red",
    "closing_soon": "orange",
    "open": "blue",
    # RAG
    "red": "red",
    "amber": "orange",
    "green": "green",
    # openings
    "new": "blue",
    "in_progress": "purple",
    "actioned": "green",
    "dismissed": "grey",
    # monitored sources
    "healthy": "green",
    "failing": "red",
    "unknown": "grey",
    # emails
    "pending": "yellow",
    "sending": "light-blue",
    "sent": "green",
    "failed": "red",
    "cancelled": "grey",
    # evidence confidentiality
    "public": "green",
    "internal": "blue",
    "restricted": "red",
}


@register.simple_tag
def status_tag(value, label=None):
    """A coloured tag whose text always names the status, so colour is never the only cue."""
    colour = STATUS_COLOURS.get(str(value), "grey")
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label or value
    )


@register.inclusion_tag("ui/_sort_header.html", takes_context=True)
def sort_header(context, field, label):
    """A column header that sorts the list, announcing the current order to screen readers."""
    request = context["request"]
    current = request.GET.get("o", "")
    if current == field:
        direction, next_value = "ascending", f"-{field}"
    elif current == f"-{field}":
        direction, next_value = "descending", field
    else:
        direction, next_value = "none", field
    query = without_search_step(request.GET)
    query["o"] = next_value
    query.pop("page", None)
    return {"label": label, "direction": direction, "url": "?" + query.urlencode()}


@register.filter
def page_links(page):
    """The page numbers a pagination bar shows: the first and last, two either side of the
    current one, and `Paginator.ELLIPSIS` for each gap. Only those are made, so a list of
    100,000 rows does not walk its 4,000 page numbers on every view."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def display_name(user, fallback="–"):
    """A user's full name, else username, else the fallback (for records with no user)."""
    if not user:
        return fallback
    return user.get_full_name() or user.username


@register.simple_tag
def styled_widget(bound_field):
    """A filter form's widget with the same GOV.UK classes as every other form."""
    from ui.forms import css_class_for

    return bound_field.as_widget(attrs={"class": css_class_for(bound_field.field.widget)})


@register.filter
def has_pickers(form):
    """Whether a filter form has pickers (ui/pickers.py), which sit in a row of their own."""
    return any(isinstance(field.widget, Picker) for field in form.fields.values())


@register.filter
def picker_search_names(form):
    """The names of a filter form's picker search boxes, comma-separated: what was typed to
    find a row is not a filter, so htmx leaves it out of the list's address."""
    return ",".join(
        form.add_prefix(name) + SEARCH_SUFFIX
        for name, field in form.fields.items()
        if isinstance(field.widget, Picker)
    )


@register.filter
def applied_filters(form):
    """How many of a filter form's filters hold a value other than their default (sorting is not
    a filter): a list opening on its default view, as openings do on new and in progress, has
    no filter applied, and "Clear filters" brings it back there."""
    if not form.is_bound:
        return 0
    applied = 0
    for field in form:
        if field.name == "o":
            continue
        value = field.value()
        if field.field.initial not in (None, "") and value == field.field.initial:
            continue
        if isinstance(value, list | tuple):
            value = [part for part in value if part not in ("", None)]
        if value not in ("", None, [], ()):
            applied += 1
    return applied
