"""Personal access tokens for the JSON API under /api/v1/.

Only a SHA-256 digest of each token is stored; the token itself is shown once, when it is made.
The short visible prefix lets a person tell their tokens apart on their account page.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "wmk_"
VISIBLE_CHARS = 8
# A used token's "last used" time is written at most this often, so reading does not write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_secret(self, token: str):
        """The live token with this secret, whose owner's account is active, if any."""
        return (
            self.active()
            .filter(digest=digest(token), owner__is_active=True)
            .select_related("owner")
            .first()
        )


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What the token is for, e.g. the name of a script."
    )
    prefix = models.CharField(max_length=20, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, owner, name: str, *, now=None) -> tuple["ApiToken", str]:
        """Make a token; returns it and its secret, which is never stored nor shown again."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            owner=owner,
            name=name,
            prefix=secret[: len(PREFIX) + VISIBLE_CHARS],
            digest=digest(secret),
            created_at=now or timezone.now(),
        )
        return token, secret

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self, *, now=None):
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            self.save(update_fields=["revoked_at"])

    def note_use(self, *, now=None):
        """Record the use, writing at most once a minute per token (one conditional UPDATE)."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
