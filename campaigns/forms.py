from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from campaigns.models import Ask, Campaign, Consultation
from strategy.models import Element
from ui.forms import Checkboxes, DateInput, StyledForm, StyledModelForm
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
            "start_date": DateInput(),
            "end_date": DateInput(),
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
    status = forms.ChoiceField(choices=Ask.Status.choices, label="Status")
    note = forms.CharField(max_length=500, required=False, label="Note")


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
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "submitted_on": DateInput(),
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
