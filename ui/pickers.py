"""Pickers over long lists (people, organisations, asks ...) that never render every row.

A picker shows what is chosen, as ticked checkboxes (or a checked radio for a single choice),
and a search box. Matches come from the model's search endpoint as more checkboxes or radios:
with JavaScript, htmx fetches them as you type; without it, the Search button sends the form
back and the same page comes back with the matches, nothing saved (`PickerFormMixin`).

A list's filters over such tables are pickers too (`PickerFilter`, with `PickerFilterForm` as the
FilterSet's form): the filtered address stays `?ask=<id>`, and the Search step without
JavaScript is one more GET of the list, the filters applied as they stand.

The field stays a ModelChoiceField or ModelMultipleChoiceField, so the server accepts only ids
from the field's queryset: narrowing that queryset (for instance to evidence the user may see)
is what keeps other ids out. Each model's QuerySet provides `picker_matches(text)`, used by both
the endpoint and the no-JavaScript search step.
"""

import re

import django_filters
from django import forms
from django.forms.utils import ErrorDict
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

MATCH_LIMIT = 20
SEARCH_SUFFIX = "__search"
SEARCH_BUTTON = "picker_search"
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,60}$")


def _ids(values):
    return [value for value in values if str(value).isdigit()]


class Picker(forms.Widget):
    """A search-and-choose widget for a model choice field; `url` names the search endpoint."""

    template_name = "ui/forms/picker.html"
    multiple = False

    def __init__(self, url, *, noun="", none_label="None", attrs=None):
        self.url = url
        self.noun = noun
        self.none_label = none_label
        super().__init__(attrs=attrs)

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # An unticked checkbox sends nothing: an absent field means "none chosen".
        return False

    def format_value(self, value):
        if value is None or value == "":
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(getattr(v, "pk", v)) for v in values]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field = self.choices.field
        chosen_ids = _ids(context["widget"]["value"])
        chosen = field.queryset.filter(pk__in=chosen_ids) if chosen_ids else []
        context["widget"].update(
            {
                "input_type": "checkbox" if self.multiple else "radio",
                "chosen": [(str(obj.pk), field.label_from_instance(obj)) for obj in chosen],
                "search_name": name + SEARCH_SUFFIX,
                "search_button": SEARCH_BUTTON,
                "search_url": f"{reverse(self.url)}?name={name}"
                + ("&multiple=1" if self.multiple else ""),
                "noun": self.noun or str(field.label or "").lower(),
                "optional": not field.required,
                "none_label": self.none_label,
                "matches": None,
                "limit": MATCH_LIMIT,
            }
        )
        data = getattr(self, "form_data", None)
        if data is not None and data.get(SEARCH_BUTTON) == name:
            text = (data.get(name + SEARCH_SUFFIX) or "").strip()
            context["widget"]["search_text"] = text
            context["widget"]["matches"] = matches(
                field.queryset, text, exclude=chosen_ids, label=field.label_from_instance
            )
        return context


class MultiplePicker(Picker):
    multiple = True


def without_search_step(query):
    """A copy of a list's query (a QueryDict) without a picker's Search step, for the links the
    page offers (other pages, sorting, downloads): what was typed to find a row filters nothing,
    and the next page should not list the matches again."""
    query = query.copy()
    for key in list(query):
        if key == SEARCH_BUTTON or key.endswith(SEARCH_SUFFIX):
            del query[key]
    return query


def matches(queryset, text, *, exclude=(), label=str):
    """Up to MATCH_LIMIT (id, label) pairs of `queryset` matching `text`."""
    if not text:
        return []
    rows = queryset.picker_matches(text).exclude(pk__in=_ids(exclude))[:MATCH_LIMIT]
    return [(str(obj.pk), label(obj)) for obj in rows]


def _hand_data_to_pickers(form):
    """The pickers read the Search step (which picker, what text) from the data sent."""
    for field in form.fields.values():
        if isinstance(field.widget, Picker):
            field.widget.form_data = form.data if form.is_bound else None


class PickerFormMixin:
    """Lets a form's pickers search without JavaScript: a search is not a submission.

    When the Search button of a picker sent the form, `is_valid()` is False and no errors are
    shown, so the view renders the form again with everything typed so far and the matches.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _hand_data_to_pickers(self)

    @property
    def picker_searching(self):
        if not self.is_bound:
            return False
        pickers = {
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field.widget, Picker)
        }
        return self.data.get(SEARCH_BUTTON) in pickers

    def is_valid(self):
        return not self.picker_searching and super().is_valid()

    @property
    def errors(self):
        if self.picker_searching:
            return ErrorDict()
        return super().errors


class PickerFilterForm(forms.Form):
    """The form of a FilterSet with pickers (its `Meta.form`), so their Search step lists matches.

    Unlike `PickerFormMixin`, a search validates as usual: a filter form saves nothing, so the
    Search step is one more GET of the list, the filters applied as they stand, and nothing
    changes until a match is chosen.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _hand_data_to_pickers(self)


def _article(noun):
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


class PickerFilter(django_filters.ModelChoiceFilter):
    """A list filter over a table that grows with the data (asks, campaigns ...): a picker.

    `url` names the model's search endpoint, which must offer the same rows as `queryset`. An
    id outside `queryset` is refused as by any ModelChoiceFilter (the form shows the error and
    that filter is not applied), and the picker shows only chosen rows of `queryset`, so an id
    the user may not see never brings its name onto the page. The FilterSet's `Meta.form` is
    `PickerFilterForm`.
    """

    def __init__(self, url, *, noun, empty_label, **kwargs):
        kwargs.setdefault("widget", Picker(url, noun=noun, none_label=empty_label))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"That {noun} was not found. Search for {_article(noun)} by name"},
        )
        super().__init__(empty_label=empty_label, **kwargs)


def picker_response(request, queryset, label=str):
    """A search endpoint's answer: matching options as HTML for htmx, or JSON with ?format=json.

    `queryset` is what the user may choose from, the same set the form field validates against.
    """
    name = request.GET.get("name", "")
    if not _FIELD_NAME.match(name):
        name = "choice"
    # htmx sends the picker's own search box; `q` is for anything else (JSON clients).
    text = (request.GET.get(name + SEARCH_SUFFIX) or request.GET.get("q") or "").strip()
    found = matches(queryset, text, exclude=request.GET.getlist(name), label=label)
    if request.GET.get("format") == "json":
        return JsonResponse({"results": [{"id": pk, "label": text} for pk, text in found]})
    return render(
        request,
        "ui/forms/_picker_matches.html",
        {
            "name": name,
            "input_type": "checkbox" if request.GET.get("multiple") else "radio",
            "matches": found,
            "search_text": text,
            "limit": MATCH_LIMIT,
        },
    )
