import datetime

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from campaigns.models import Ask, Campaign, Consultation
from strategy.models import Element
from ui.forms import Checkboxes, GovukDateField, StyledForm, StyledModelForm
from ui.pickers import MultiplePicker, Picker
from ui.uploads import check_upload


class CampaignForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Campaign
        fields = [
            "title",
            "summary",
            "status",
            "priority",
            "rag",
            "owner",
            "start_date",
            "end_date",
            "aims",
            "outcomes",
            "levers",
            "blockers",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "aims": Checkboxes(),
            "outcomes": Checkboxes(),
            "levers": Checkboxes(),
            "blockers": Checkboxes(),
        }


class AskForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Ask
        fields = [
            "campaign",
            "title",
            "detail",
            "owner",
            "target_organisations",
            "target_people",
            "outcomes",
        ]
        widgets = {
            "campaign": Picker("campaigns:campaign_choices"),
            "detail": forms.Textarea(attrs={"rows": 4}),
            "target_organisations": MultiplePicker(
                "stakeholders:organisation_choices", noun="organisations"
            ),
            "target_people": MultiplePicker("stakeholders:person_choices", noun="people"),
            "outcomes": Checkboxes(),
        }
        help_texts = {
            "title": "The specific change wanted, e.g. “A named minister leads cross-government "
            "work on missing”.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_people"].queryset = self.fields[
            "target_people"
        ].queryset.select_related("organisation")
        self.fields["outcomes"].queryset = Element.objects.outcomes()


class AskStatusForm(StyledForm):
    """A deliberate, dated move: the officer says when it happened, today unless they say not."""

    status = forms.ChoiceField(choices=Ask.Status.choices, label="Status")
    changed_on = GovukDateField(
        label="Date of change",
        help_text="For example, 14 7 2026. Leave as today if it happened today.",
        required=False,
    )
    note = forms.CharField(max_length=500, required=False, label="Note")

    def __init__(self, *args, ask=None, **kwargs):
        self.ask = ask
        kwargs.setdefault("initial", {}).setdefault("changed_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_changed_on(self):
        changed_on = self.cleaned_data["changed_on"] or timezone.localdate()
        if changed_on > timezone.localdate():
            raise forms.ValidationError("Date of change must be today or in the past")
        last = self.ask and timezone.localdate(self.ask.status_changed_at)
        if last and changed_on < last and self.ask.status_changes.exists():
            raise forms.ValidationError(
                f"Date of change must be on or after {last:%-d %B %Y}, when the status last changed"
            )
        return changed_on

    def changed_at(self):
        """When to date the move: now if it happened today, else midday on the day given.

        Midday keeps a back-dated move on its day whichever UK offset (GMT or BST) it is read in.
        """
        changed_on = self.cleaned_data["changed_on"]
        if changed_on == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(changed_on, datetime.time(12)))


class ConsultationForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Consultation
        fields = [
            "title",
            "kind",
            "body",
            "url",
            "opens_on",
            "closes_on",
            "owner",
            "response_status",
            "submitted_on",
            "response_document",
            "outcome",
            "campaigns",
            "asks",
            "notes",
        ]
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "body": Picker("stakeholders:organisation_choices", noun="organisation"),
            "campaigns": MultiplePicker("campaigns:campaign_choices"),
            "asks": MultiplePicker("campaigns:ask_choices"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asks"].queryset = Ask.objects.select_related("campaign")

    def clean_response_document(self):
        document = self.cleaned_data.get("response_document")
        if isinstance(document, UploadedFile):
            # Checked by content and size: a response is a PDF or Word document, nothing else.
            # Stored under a neutral name with the detected kind's extension, never the
            # sender's, so the kind it is served as comes from its content.
            kind, data = check_upload(document, {"pdf", "docx"})
            return ContentFile(data, name=f"consultation-response.{kind}")
        return document


class ResponseStatusForm(StyledForm):
    response_status = forms.ChoiceField(
        choices=Consultation.ResponseStatus.choices, label="Response status"
    )
