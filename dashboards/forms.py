from django import forms

from stakeholders.models import Organisation, Person
from ui.forms import StyledModelForm


class RatingForm(StyledModelForm):
    """Re-rate a person's influence and stance, from the grid or its table."""

    class Meta(StyledModelForm.Meta):
        model = Person
        fields = ["influence", "stance"]
        widgets = {"influence": forms.Select(), "stance": forms.Select()}


class OrganisationRatingForm(RatingForm):
    """Re-rate an organisation's influence and stance, from the grid or its table."""

    class Meta(RatingForm.Meta):
        model = Organisation
