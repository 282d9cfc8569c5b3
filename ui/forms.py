"""GOV.UK Frontend styling for Django forms, so every form looks and reads the same."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.db import models
from django.forms.renderers import TemplatesSetting

from accounts.roles import editors
from accounts.staff import all_staff
from ui.pickers import Picker, PickerFormMixin

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select wm-select-multiple",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
}


def css_class_for(widget) -> str:
    if isinstance(widget, GovukDateInput):
        return "govuk-date-input"
    for widget_class in type(widget).__mro__:
        if widget_class in WIDGET_CLASSES:
            return WIDGET_CLASSES[widget_class]
    return "govuk-input"


class FormRenderer(TemplatesSetting):
    form_template_name = "ui/forms/form.html"
    field_template_name = "ui/forms/field.html"


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes, as gov.uk asks for a date people know.

    What was typed comes back as [day, month, year] for `GovukDateField` to check part by part
    (and to show again as typed when it is refused). A form posted with the one ISO value under
    the field's own name (imports, tests, older pages, a filter link) is read as before.
    """

    template_name = "ui/forms/date_input.html"
    PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        widgets = {
            part: forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "inputmode": "numeric",
                }
            )
            for part, _, width in self.PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None, None, None]
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        return [value.day, value.month, value.year]

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data[name]
        parts = [(data.get(f"{name}_{part}") or "").strip() for part, _, _ in self.PARTS]
        return parts if any(parts) else ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}_{part}" not in data for part, _, _ in self.PARTS)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        invalid = "aria-invalid" in self.attrs
        parts = zip(context["widget"]["subwidgets"], self.widgets, self.PARTS, strict=True)
        for subwidget, widget, (_, label, _) in parts:
            subwidget["part_label"] = label
            # The boxes keep their own classes, not the group's; an error marks every box.
            subwidget["attrs"]["class"] = widget.attrs["class"] + (
                " govuk-input--error" if invalid else ""
            )
        return context


MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Months typed as words, in full or cut to three letters ("sept" too), whatever the locale.
MONTHS = {
    **{name: number for number, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}


class GovukDateField(forms.DateField):
    """A date in day, month and year boxes, refused in GOV.UK's words.

    "Date of change must include a month", "Year must include 4 numbers", "Date of change must
    be a real date" (the design system's date input error messages). Months may be typed as
    numbers or names ("7", "July", "jul"), as the design system asks services to accept.
    Every form in Waymark gets it for its date fields through `formfield_for`.
    """

    widget = GovukDateInput

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return self._from_parts(*value)
        return super().to_python(value)

    def _from_parts(self, day, month, year):
        day, month, year = (str(part or "").strip() for part in (day, month, year))
        if not (day or month or year):
            return None
        label = str(self.label or "Date")
        missing = [
            word for word, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise forms.ValidationError(
                f"{label} must include a {' and '.join(missing)}", code="incomplete"
            )
        month_number = MONTHS.get(month.lower()) or (int(month) if month.isdigit() else None)
        if not (day.isdigit() and month_number and year.isdigit()):
            raise forms.ValidationError(f"{label} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="year")
        try:
            return datetime.date(int(year), month_number, int(day))
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date", code="invalid") from None


class Checkboxes(forms.CheckboxSelectMultiple):
    template_name = "ui/forms/checkboxes.html"
    option_template_name = "ui/forms/checkbox_option.html"


class StyledFormMixin:
    """Adds GOV.UK classes to widgets and marks fields with errors for screen readers.

    Errors are marked after validation (in `full_clean`), never in `__init__`: validating there
    would run before a subclass narrows its fields' choices or querysets.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            govuk_wording(field, name, keep=self.initial.get(name))
            widget = field.widget
            widget.attrs["class"] = (
                f"{widget.attrs.get('class', '')} {css_class_for(widget)}".strip()
            )

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            widget.attrs["aria-invalid"] = "true"
            classes = widget.attrs.get("class", "").split()
            if classes and f"{classes[0]}--error" not in classes:
                widget.attrs["class"] = " ".join([*classes, f"{classes[0]}--error"])


def _article(phrase):
    first = phrase.split(" ", 1)[0].lower()
    if first in {"the", "your", "our", "their", "its"}:
        return phrase
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def user_name(user):
    """People are shown by name, as on every page, not by their sign-in username."""
    return user.get_full_name() or user.get_username()


def pick_colleague(field, queryset, url, *, noun, refused):
    """Make a single-choice user field a picker over `queryset`, searched at `url` (which must
    offer the same users), not a select of every one: a charity has hundreds."""
    field.queryset = queryset
    field.label_from_instance = user_name
    if type(field.widget) is forms.Select:
        field.widget = Picker(url, noun=noun, none_label="No one")
        field.widget.choices = field.choices
        field.widget.is_required = field.required
    field.error_messages["invalid_choice"] = refused


def govuk_wording(field, name, *, keep=None):
    """GOV.UK words for a field, worked out once from its label for every form:

    "Enter a title" / "Select a status" instead of "This field is required.", "Choose an
    organisation" instead of "---------", people by name, and only people who may edit offered
    as owners or assignees (plus whoever holds the role now, so an old record still saves).
    """
    label = str(field.label or name.replace("_", " ")).strip()
    # "Title" reads "a title" mid-sentence; an acronym ("RAG rating") keeps its capitals.
    phrase = label if label[1:2].isupper() else label[:1].lower() + label[1:]
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    if isinstance(field, forms.ModelChoiceField) and field.queryset.model is get_user_model():
        pick_colleague(
            field,
            editors(all_staff(), keep=keep),
            "editor_choices",
            noun=phrase,
            refused=f"{label} must be an officer or administrator. Search for one by name",
        )
    if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
        field.empty_label = f"Choose {_article(phrase)}"
    elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
        field, forms.ModelChoiceField | forms.MultipleChoiceField
    ):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None) and str(choices[0][1]).startswith("---"):
            field.choices = [("", f"Choose {_article(phrase)}"), *choices[1:]]
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if multiple:
        required = f"Select {phrase}"
    elif choosing:
        required = f"Select {_article(phrase)}"
    else:
        required = f"Enter {_article(phrase)}"
    field.error_messages["required"] = required


def formfield_for(model_field, **kwargs):
    # Links typed without a scheme are assumed to be https, as browsers do.
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    # Dates as the GOV.UK date input (day, month, year), never the browser's date picker.
    if type(model_field) is models.DateField:
        kwargs.setdefault("form_class", GovukDateField)
    return model_field.formfield(**kwargs)


class StyledModelForm(PickerFormMixin, StyledFormMixin, forms.ModelForm):
    """Subclasses declare `class Meta(StyledModelForm.Meta)` to keep the field defaults."""

    class Meta:
        formfield_callback = staticmethod(formfield_for)


class StyledForm(PickerFormMixin, StyledFormMixin, forms.Form):
    pass


class Radios(forms.RadioSelect):
    template_name = "ui/forms/radios.html"
    option_template_name = "ui/forms/radio_option.html"


# Django's sign-in and password forms in GOV.UK style. accounts sits below ui (the forms above
# offer only editors as owners, by role), so config/urls.py hands these to its sign-in pages.
class LoginForm(StyledFormMixin, AuthenticationForm):
    pass


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass
