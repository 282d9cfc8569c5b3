"""Private feed and calendar addresses: the secret in the address is the credential.

Feed readers and calendar apps cannot send a header or sign in, so each address carries its own
random secret. Only a SHA-256 digest of it is stored (as for email action links): the address is
shown once, when it is made, and a lost or leaked one is replaced or revoked, never read back.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class PrivateFeedQuerySet(models.QuerySet):
    def by_secret(self, secret, kind):
        """The live feed this secret opens, or nothing: owners who left open no feeds."""
        return (
            self.filter(secret_digest=digest_of(secret), kind=kind, user__is_active=True)
            .select_related("user")
            .first()
        )


class PrivateFeed(models.Model):
    class Kind(models.TextChoices):
        OPENINGS = "openings", "Openings (Atom feed)"
        CALENDAR = "calendar", "Calendar (iCalendar)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="private_feeds"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=100)
    # The openings page's query string (`status=open&topic=missing_children`), applied by the
    # same FilterSet the page uses.
    query = models.CharField("filter", max_length=1000, blank=True)
    secret_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)

    objects = PrivateFeedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name", "id"]

    def __str__(self):
        return f"{self.name} ({self.user})"

    def new_secret(self):
        """Give the feed a fresh secret (the old address stops working); returns its address."""
        secret = secrets.token_urlsafe(32)
        self.secret_digest = digest_of(secret)
        return secret

    def url_for(self, secret):
        name = "feeds:openings" if self.kind == self.Kind.OPENINGS else "feeds:calendar"
        return settings.SITE_URL + reverse(name, args=[secret])

    def filter_data(self):
        return QueryDict(self.query)

    def openings_page_url(self):
        url = reverse("monitors:opening_list")
        return f"{url}?{self.query}" if self.query else url
