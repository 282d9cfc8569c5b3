from feeds.models import PrivateFeed
from ui.forms import StyledModelForm


class OpeningsFeedForm(StyledModelForm):
    class Meta(StyledModelForm.Meta):
        model = PrivateFeed
        fields = ["name", "query"]
        labels = {"name": "Feed name", "query": "Filter"}
        help_texts = {
            "query": "Filter the openings page, then choose “Save as a feed”: the filter is "
            "filled in here. Leave blank for every opening."
        }

    def clean_query(self):
        # Whatever was pasted (a whole address or just its query), keep only the query string.
        query = self.cleaned_data["query"].strip()
        return query.split("?", 1)[1] if "?" in query else query
