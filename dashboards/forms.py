from django import forms

from stakeholders.models import Organisation, Person
from ui.forms import StyledModelForm


class InlineSelect(forms.Select):
    """A select written in one template, without a template per option: the table under the
    grid has two on every row."""

    template_name = "dashboards/widgets/select.html"


class RatingForm(StyledModelForm):
    """Re-rate a person's influence and stance, from the grid or its table."""

    class Meta(StyledModelForm.Meta):
        model = Person
        fields = ["influence", "stance"]
        widgets = {"influence": InlineSelect(), "stance": InlineSelect()}


class OrganisationRatingForm(RatingForm):
    """Re-rate an organisation's influence and stance, from the grid or its table."""

    class Meta(RatingForm.Meta):
        model = Organisation
