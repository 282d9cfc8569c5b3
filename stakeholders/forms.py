from django import forms
from django.utils import timezone

from campaigns.models import Ask, Campaign
from stakeholders.models import ImportBatch, Interaction, LocalArea, Organisation, Person, Role
from ui.forms import DateInput, StyledForm, StyledModelForm
from ui.pickers import MultiplePicker, Picker


class OrganisationForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Organisation
        fields = [
            "name",
            "kind",
            "sector",
            "parent",
            "local_area",
            "website",
            "influence",
            "stance",
            "notes",
        ]
        widgets = {
            "parent": Picker("stakeholders:organisation_choices", noun="organisation"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        self.duplicate_of = None  # set by clean_name, which may run during __init__
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = Organisation.objects.exclude(pk=self.instance.pk)
        # A post without a rating (an older form, a script) keeps the one recorded, 3 and
        # neutral for a new organisation, rather than being refused.
        self.fields["influence"].required = False
        self.fields["stance"].required = False

    def clean_influence(self):
        return self.cleaned_data["influence"] or self.instance.influence

    def clean_stance(self):
        return self.cleaned_data["stance"] or self.instance.stance

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        existing = Organisation.objects.named_like(name).exclude(pk=self.instance.pk).first()
        if existing:
            self.duplicate_of = existing
            raise forms.ValidationError(
                f"“{existing.name}” is already in Waymark (names are compared ignoring capitals). "
                "Open the existing organisation rather than adding it twice."
            )
        return name


class PersonForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Person
        fields = [
            "name",
            "email",
            "phone",
            "influence",
            "stance",
            "owner",
            "tags",
            "house",
            "party",
            "constituency",
            "parliament_member_id",
            "scottish_parliament_id",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "house": "For parliamentarians only.",
            "parliament_member_id": "The number in the member's members.parliament.uk address.",
            "scottish_parliament_id": "For MSPs: their PersonID in the Scottish Parliament's "
            "open data (data.parliament.scot/api/members).",
        }


class NewPersonForm(PersonForm):
    """Adding someone records where they work now as the first entry in their role history."""

    role_title = forms.CharField(label="Current role", max_length=200, required=False)
    role_organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        required=False,
        widget=Picker("stakeholders:organisation_choices"),
    )
    role_started_on = forms.DateField(
        label="In this role since", required=False, widget=DateInput()
    )

    field_order = ["name", "role_title", "role_organisation", "role_started_on"]

    def save(self, commit=True):
        person = super().save(commit=commit)
        data = self.cleaned_data
        if commit and (data.get("role_title") or data.get("role_organisation")):
            person.start_role(
                data.get("role_title", ""),
                data.get("role_organisation"),
                started_on=data.get("role_started_on"),
            )
        return person


class RoleForm(StyledModelForm):
    end_current = forms.BooleanField(
        label="This replaces their current role (it ends the day this one starts)",
        required=False,
        initial=True,
    )

    class Meta(StyledModelForm.Meta):
        model = Role
        fields = ["title", "organisation", "started_on"]
        widgets = {
            "organisation": Picker("stakeholders:organisation_choices"),
            "started_on": DateInput(),
        }
        labels = {"title": "Role", "started_on": "Started on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].required = True
        self.fields["title"].required = True


class EndRoleForm(StyledForm):
    role = forms.ModelChoiceField(queryset=Role.objects.none(), label="Role")
    ended_on = forms.DateField(label="Ended on", widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = person.roles.filter(ended_on__isnull=True).select_related(
            "organisation"
        )

    def clean(self):
        data = super().clean()
        role, ended_on = data.get("role"), data.get("ended_on")
        if role and ended_on and role.started_on and ended_on < role.started_on:
            self.add_error("ended_on", "A role cannot end before it started.")
        return data


class InteractionForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = Interaction
        fields = [
            "date",
            "kind",
            "people",
            "organisations",
            "campaigns",
            "asks",
            "summary",
            "follow_up_action",
            "follow_up_due",
            "follow_up_owner",
            "follow_up_done",
        ]
        widgets = {
            "date": DateInput(),
            "follow_up_due": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "people": MultiplePicker("stakeholders:person_choices", noun="people"),
            "organisations": MultiplePicker("stakeholders:organisation_choices"),
            "campaigns": MultiplePicker("campaigns:campaign_choices"),
            "asks": MultiplePicker("campaigns:ask_choices"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.not_erased().select_related("organisation")
        self.fields["asks"].queryset = Ask.objects.select_related("campaign")
        self.fields["campaigns"].queryset = Campaign.objects.all()

    def clean(self):
        data = super().clean()
        if not data.get("people") and not data.get("organisations"):
            self.add_error("people", "Choose at least one person or organisation involved.")
        return data

    def save(self, commit=True):
        people_before = []
        if self.instance.pk:
            people_before = list(self.instance.people.values_list("pk", flat=True))
        interaction = super().save(commit=commit)
        if commit:
            interaction.record_change(people_before)
        return interaction


class LocalAreaStatusForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = LocalArea
        fields = [
            "protocol",
            "partnership",
            "information_sharing",
            "missing_lead",
            "missing_lead_person",
            "status_reviewed_on",
            "status_notes",
        ]
        widgets = {
            "status_reviewed_on": DateInput(),
            "status_notes": forms.Textarea(attrs={"rows": 3}),
            "missing_lead_person": Picker("stakeholders:person_choices", noun="person"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing_lead_person"].queryset = Person.objects.not_erased().select_related(
            "organisation"
        )


class ImportForm(StyledForm):
    kind = forms.ChoiceField(label="What the file lists", choices=ImportBatch.Kind.choices)
    file = forms.FileField(label="CSV or Excel (.xlsx) file")


class EraseForm(StyledForm):
    confirm = forms.CharField(
        label="Type the person's name to confirm",
        help_text="Their contact details, notes and role history are removed for good.",
    )

    def __init__(self, *args, person, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        value = self.cleaned_data["confirm"]
        if " ".join(value.split()).lower() != " ".join(self.person.name.split()).lower():
            raise forms.ValidationError("That is not this person's name.")
        return value
