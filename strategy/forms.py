from django import forms
from django.utils import timezone

from strategy.models import ActivityDelivery, ElementReview, OutcomeFeedback
from ui.forms import DateInput, StyledForm, StyledModelForm


def _element_label(element):
    return f"{element.code}: {element.short_text}"


class RecordedByMixin:
    """New records remember who entered them; edits keep the original recorder."""

    def __init__(self, *args, recorded_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        if recorded_by is not None and self.instance.pk is None:
            self.instance.recorded_by = recorded_by


class ActivityDeliveryForm(RecordedByMixin, StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = ActivityDelivery
        fields = [
            "activity",
            "title",
            "date",
            "local_area",
            "organisations",
            "people_reached",
            "campaign",
            "notes",
        ]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].label_from_instance = _element_label
        self.fields["organisations"].help_text = "Hold Ctrl (or Cmd) to choose more than one."


class OutcomeFeedbackForm(RecordedByMixin, StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = OutcomeFeedback
        fields = [
            "outcome",
            "agreement",
            "date",
            "delivery",
            "local_area",
            "respondent_audience",
            "respondent_role",
            "comment",
        ]
        widgets = {
            "date": DateInput(),
            "agreement": forms.Select(),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].label_from_instance = _element_label
        self.fields["delivery"].queryset = ActivityDelivery.objects.select_related("activity")
        self.fields["local_area"].help_text = "Leave blank to use the delivery's area."

    def clean_date(self):
        # An answer from the future is a typing slip (2062 for 2026) that would skew every
        # summary by date; imported answers are checked by this form too.
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError("The date of an answer cannot be in the future.")
        return date


class ElementReviewForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = ElementReview
        fields = ["status", "note", "reviewed_on"]
        widgets = {
            "status": forms.Select(),
            "note": forms.Textarea(attrs={"rows": 3}),
            "reviewed_on": DateInput(),
        }


class FeedbackImportForm(StyledForm):
    file = forms.FileField(
        label="CSV or Excel (.xlsx) file of survey answers",
        help_text="One answer per row, with columns outcome and agreement; optionally date, "
        "area, respondent, role and comment.",
    )
    delivery = forms.ModelChoiceField(
        queryset=ActivityDelivery.objects.select_related("activity"),
        required=False,
        label="The delivery these answers came from",
        help_text="Optional. Rows without a date or area take the delivery's.",
    )
