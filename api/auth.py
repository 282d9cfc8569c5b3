"""Who is calling the API: a personal access token sent as `Authorization: Bearer <token>`.

The token acts as its owner, as the owner is now: each request reads the owner afresh, so a
deactivated account loses access at once and a demoted one loses its writes at once. Browser
sessions are not accepted here, so no cookie can carry a write (and CSRF cannot apply).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from accounts.roles import can_edit
from api.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.for_secret(token)
        if found is None:
            return None
        found.note_use()
        # The owner is the user for every role and visibility check that follows.
        request.user = found.owner
        return found


class EditorTokenAuth(TokenAuth):
    """For writes: the same rule as `accounts.roles.edit_required`, checked before the request's
    body is read, so a read-only token gets 403 whatever it sends."""

    def authenticate(self, request, token):
        found = super().authenticate(request, token)
        if found is not None and not can_edit(found.owner):
            raise PermissionDenied("Your role can read Waymark but not change it.")
        return found


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token, at the rate in settings.WAYMARK_API_RATE (read on each request)."""

    scope = "token"

    def __init__(self):
        super().__init__(rate=settings.WAYMARK_API_RATE)

    def allow_request(self, request):
        self.rate = settings.WAYMARK_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        token = getattr(request, "auth", None)
        ident = token.digest if token is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
