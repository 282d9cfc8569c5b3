"""What the deployment's settings say about reaching the outside world, in the form the
harvesting client takes them: harvesting itself reads no settings (it has no Django)."""

from django.conf import settings


def fetch_options() -> dict:
    """Keyword arguments for `harvesting.fetch.fetch` and `post`: the allow-list, the
    User-Agent and the certificate authorities to trust, from MONITORS_* settings."""
    return {
        "allow_hosts": list(settings.MONITORS_ALLOW_HOSTS or []),
        "user_agent": settings.MONITORS_USER_AGENT or None,
        "ca_bundle": settings.MONITORS_CA_BUNDLE or None,
    }
