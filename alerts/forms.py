import ipaddress
from urllib.parse import urlsplit

from django import forms

from accounts.staff import active_staff
from alerts.models import Channel, Subscription
from campaigns.models import Campaign
from harvesting import fetch
from monitors.models import LeverType, Source
from monitors.outbound import fetch_options
from relevance import TOPICS
from ui.forms import Checkboxes, Radios, StyledModelForm, pick_colleague


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
            "people_i_follow",
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


class ChannelForm(SubscriptionForm):
    """A chat channel follows openings by the same choices as a subscriber's alerts."""

    class Meta(SubscriptionForm.Meta):
        model = Channel
        fields = [
            "name",
            "kind",
            "url",
            "owner",
            "enabled",
            "everything",
            "topics",
            "sources",
            "campaigns",
            "lever_types",
        ]
        labels = {"kind": "Where it posts"}
        widgets = {
            "kind": Radios(),
            "sources": Checkboxes(),
            "campaigns": Checkboxes(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Anyone active may be told that posting fails, not only those who may edit.
        pick_colleague(
            self.fields["owner"],
            active_staff(),
            "staff_choices",
            noun="owner",
            refused="That colleague was not found. Search for a colleague by name",
        )

    def clean_url(self):
        # Refused early for a clear message; the post itself checks the resolved address again.
        url = self.cleaned_data["url"]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.username or parts.password:
            raise forms.ValidationError("Enter an http or https address without a password.")
        host, allowed = parts.hostname or "", fetch_options()["allow_hosts"]
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            fetch.check_host_form(host, allowed, port)
            if host == "localhost" or _is_address(host):
                # A name is checked when it is resolved, at posting time.
                address = "127.0.0.1" if host == "localhost" else host
                fetch.check_address(host, address, allowed, port)
        except fetch.BlockedAddress as error:
            raise forms.ValidationError(str(error)) from None
        return url


def _is_address(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
