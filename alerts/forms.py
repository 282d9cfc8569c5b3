from django import forms

from alerts.models import Subscription
from campaigns.models import Campaign
from monitors.models import LeverType, Source
from relevance import TOPICS
from ui.forms import Checkboxes, Radios, StyledModelForm


class SubscriptionForm(StyledModelForm):
    topics = forms.MultipleChoiceField(
        choices=sorted(TOPICS.items(), key=lambda pair: pair[1]),
        widget=Checkboxes(),
        required=False,
    )
    lever_types = forms.MultipleChoiceField(
        label="Levers", choices=LeverType.choices, widget=Checkboxes(), required=False
    )

    class Meta(StyledModelForm.Meta):
        model = Subscription
        fields = [
            "frequency",
            "group_by",
            "everything",
            "topics",
            "sources",
            "campaigns",
            "lever_types",
            "reminders",
        ]
        widgets = {
            "frequency": Radios(),
            "group_by": Radios(),
            "sources": Checkboxes(),
            "campaigns": Checkboxes(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = Source.objects.order_by("name")
        self.fields["campaigns"].queryset = Campaign.objects.order_by("title")

    def clean(self):
        cleaned = super().clean()
        chose_something = any(
            cleaned.get(name) for name in ("topics", "sources", "campaigns", "lever_types")
        )
        if not cleaned.get("everything") and not chose_something:
            raise forms.ValidationError(
                "Choose at least one topic, source, campaign or lever, or follow all openings."
            )
        return cleaned
