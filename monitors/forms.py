import datetime
import re

from django import forms

from campaigns.models import Ask, Campaign
from monitors.models import Opening, Source
from strategy.models import Element
from ui.forms import StyledForm, StyledModelForm
from ui.pickers import MultiplePicker, Picker

_INTERVAL = re.compile(r"^\s*(\d+)\s*([smhd])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_INTERVAL = datetime.timedelta(minutes=5)


def parse_interval(text: str) -> datetime.timedelta:
    """ "30m", "6h", "1d" as a timedelta; ValueError with a readable message otherwise."""
    match = _INTERVAL.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not an interval such as 30m, 6h or 1d.")
    every = datetime.timedelta(seconds=int(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()])
    if every < MIN_INTERVAL:
        raise ValueError(f"{text!r} is too often: check a source at most every 5 minutes.")
    return every


class IntervalField(forms.CharField):
    def prepare_value(self, value):
        if isinstance(value, datetime.timedelta):
            from monitors.models import format_interval

            return format_interval(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_interval(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class SourceForm(StyledModelForm):
    every = IntervalField(label="Check every", help_text="For example 30m, 6h or 1d.")
    options = forms.JSONField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text='Settings for this kind of source, as JSON, e.g. {"item": "div.result", '
        '"title": "h3 a"} for a listing page.',
    )

    class Meta(StyledModelForm.Meta):
        model = Source
        fields = [
            "name",
            "kind",
            "url",
            "every",
            "enabled",
            "options",
            "lever_type",
            "owner",
            "backfill_days",
            "follow_documents",
        ]

    def clean_options(self):
        return self.cleaned_data.get("options") or {}


class OpeningForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Opening
        fields = [
            "status",
            "assignee",
            "due_date",
            "lever_type",
            "lever",
            "notes",
            "campaigns",
            "asks",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            # Pickers, as in every other form: a checkbox for each of hundreds of asks made the
            # triage form slow and long at a charity's volumes.
            "campaigns": MultiplePicker("campaigns:campaign_choices"),
            "asks": MultiplePicker("campaigns:ask_choices"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lever"].queryset = Element.objects.levers()


class AttachForm(StyledForm):
    campaign = forms.ModelChoiceField(
        Campaign.objects.all(),
        required=False,
        label="Link to a campaign",
        widget=Picker("campaigns:campaign_choices", noun="campaign"),
    )
    ask = forms.ModelChoiceField(
        Ask.objects.select_related("campaign"),
        required=False,
        label="or an ask",
        widget=Picker("campaigns:ask_choices", noun="ask"),
    )

    def clean(self):
        data = super().clean()
        if not data.get("campaign") and not data.get("ask"):
            raise forms.ValidationError("Choose a campaign or an ask.")
        return data


class PersonForm(StyledForm):
    name = forms.CharField(max_length=200)
    member_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class OrganisationForm(StyledForm):
    name = forms.CharField(max_length=200)
