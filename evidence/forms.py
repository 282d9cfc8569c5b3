from django import forms

from campaigns.models import Ask
from evidence.extraction import extract_text
from evidence.models import EvidenceFile, EvidenceItem, can_view_restricted
from strategy.models import Element
from ui.forms import Checkboxes, StyledForm, StyledModelForm
from ui.pickers import MultiplePicker
from ui.uploads import check_upload

EVIDENCE_FILE_TYPES = ("pdf", "docx", "xlsx", "csv")


class EvidenceItemForm(StyledModelForm):
    upload = forms.FileField(
        label="Attach a file",
        required=False,
        help_text="PDF, Word (.docx), Excel (.xlsx) or CSV. Its text becomes searchable.",
    )

    class Meta(StyledModelForm.Meta):
        model = EvidenceItem
        fields = [
            "title",
            "kind",
            "confidentiality",
            "publisher",
            "published_on",
            "url",
            "summary",
            "key_findings",
            "quotable_lines",
            "tags",
            "consent_basis",
            "review_on",
            "asks",
            "campaigns",
            "outcomes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "key_findings": forms.Textarea(attrs={"rows": 4}),
            "quotable_lines": forms.Textarea(attrs={"rows": 3}),
            "asks": MultiplePicker("campaigns:ask_choices"),
            "campaigns": MultiplePicker("campaigns:campaign_choices"),
            "outcomes": Checkboxes(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["asks"].queryset = Ask.objects.select_related("campaign")
        self.fields["outcomes"].queryset = Element.objects.outcomes()
        if not can_view_restricted(user):
            # Someone who cannot see restricted items cannot make one (it would vanish).
            field = self.fields["confidentiality"]
            field.choices = [
                choice
                for choice in field.choices
                if choice[0] != EvidenceItem.Confidentiality.RESTRICTED
            ]
            field.help_text = (
                "Restricted evidence (such as lived experience accounts) is added by "
                "people granted access to it; ask an administrator."
            )
        self.extracted_upload = None

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.extracted_upload = prepare_file(upload)
        return upload

    def save(self, commit=True):
        item = super().save(commit=commit)
        if commit and self.extracted_upload:
            self.extracted_upload.save_for(item, self.user)
        return item


class PreparedFile:
    """An upload that passed the content checks, with its text already extracted."""

    def __init__(self, upload, kind, data, extracted):
        self.upload, self.kind, self.data, self.extracted = upload, kind, data, extracted

    def save_for(self, item, user):
        from django.core.files.base import ContentFile

        name = self.upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or "file"
        evidence_file = EvidenceFile(
            item=item,
            original_name=name,
            file_type=self.kind,
            size=len(self.data),
            extracted_text=self.extracted.text,
            extraction_note=self.extracted.note,
            uploaded_by=user,
        )
        # Stored under a neutral name with the detected type's extension, never the sender's.
        evidence_file.file.save(f"evidence-file.{self.kind}", ContentFile(self.data), save=False)
        evidence_file.save()
        return evidence_file


def prepare_file(upload):
    kind, data = check_upload(upload, EVIDENCE_FILE_TYPES)
    extracted = extract_text(kind, data)
    return PreparedFile(upload, kind, data, extracted)


class EvidenceFileForm(StyledForm):
    file = forms.FileField(
        label="Attach a file",
        help_text="PDF, Word (.docx), Excel (.xlsx) or CSV. Its text becomes searchable.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.prepared = prepare_file(upload)
        return upload
