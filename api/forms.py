from api.models import ApiToken
from ui.forms import StyledModelForm


class TokenForm(StyledModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": "Token name"}
