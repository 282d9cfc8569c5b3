"""A person's own API tokens, on their account: make, name and revoke them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from api.forms import TokenForm
from api.models import ApiToken


@require_GET
def token_list(request):
    return render(
        request,
        "api/token_list.html",
        {"tokens": request.user.api_tokens.all(), "form": TokenForm()},
    )


@require_POST
def token_create(request):
    """The new token is shown on this response only; Waymark keeps just its hash."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "api/token_list.html",
            {"tokens": request.user.api_tokens.all(), "form": form},
            status=422,
        )
    token, secret = ApiToken.issue(request.user, form.cleaned_data["name"])
    response = render(
        request,
        "api/token_list.html",
        {
            "tokens": request.user.api_tokens.all(),
            "form": TokenForm(),
            "new_token": token,
            "secret": secret,
        },
    )
    # The secret must not stay in a browser's or a proxy's cache.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request, pk):
    # Only the person's own tokens: anyone else's is not found.
    token = get_object_or_404(request.user.api_tokens.active(), pk=pk)
    token.revoke()
    messages.success(request, f"The token “{token.name}” is revoked; it no longer works.")
    return redirect("api_tokens:list")
