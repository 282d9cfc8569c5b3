"""GOV.UK Frontend styling for Django forms, so every form looks and reads the same."""

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
