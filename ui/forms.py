"""GOV.UK Frontend styling for Django forms, so every form looks and reads the same."""

import datetime

from django import forms
from django.db import models
from django.forms.renderers import TemplatesSetting

from ui.pickers import PickerFormMixin

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
    if isinstance(widget, forms.DateInput):
        return "govuk-input govuk-input--width-10"
    for widget_class in type(widget).__mro__:
        if widget_class in WIDGET_CLASSES:
            return WIDGET_CLASSES[widget_class]
    return "govuk-input"


class FormRenderer(TemplatesSetting):
    form_template_name = "ui/forms/form.html"
    field_template_name = "ui/forms/field.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes, as gov.uk asks for a date people know.

    The three parts are joined into "YYYY-MM-DD" for the DateField to parse, so a date that does
    not exist (31 February) is refused by the field with the rest. A form posted with the one
    ISO value under the field's own name (imports, tests, older pages) is read as before.
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
        day, month, year = ((data.get(f"{name}_{part}") or "").strip() for part, _, _ in self.PARTS)
        if not (day or month or year):
            return ""
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            return f"{year}-{month}-{day}"  # the field reports it as not a real date
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"

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
        for field in self.fields.values():
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


def formfield_for(model_field, **kwargs):
    # Links typed without a scheme are assumed to be https, as browsers do.
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
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
