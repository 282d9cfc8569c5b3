from django import forms

from stakeholders.models import Person
from ui.forms import StyledModelForm


class RatingForm(StyledModelForm):
    """Re-rate a stakeholder's influence and stance, from the grid or its table."""

    class Meta(StyledModelForm.Meta):
        model = Person
        fields = ["influence", "stance"]
        widgets = {"influence": forms.Select(), "stance": forms.Select()}
