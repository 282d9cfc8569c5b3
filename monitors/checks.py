"""System checks for the monitors' configuration, run by `manage.py check`, migrate and the
servers before they start."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from harvesting.fetch import parse_allow_entry


@register(Tags.security)
def allow_hosts_entries(app_configs, **kwargs):
    """A malformed MONITORS_ALLOW_HOSTS entry is an error; a host without a port, a warning.

    A bare host lets sources reach every port on it: on a host that also runs Waymark, its
    database or Redis, a staff member who can add a source could read them.
    """
    messages = []
    bare = []
    for entry in getattr(settings, "MONITORS_ALLOW_HOSTS", []) or []:
        try:
            _host, port = parse_allow_entry(entry)
        except ValueError as error:
            messages.append(
                Error(
                    f"MONITORS_ALLOW_HOSTS entry {entry!r} cannot be read: {error}.",
                    hint="Write host, host:port, [IPv6 address] or [IPv6 address]:port.",
                    id="monitors.E001",
                )
            )
            continue
        if port is None:
            bare.append(entry)
    if bare:
        messages.append(
            Warning(
                f"MONITORS_ALLOW_HOSTS lets sources reach every port of {', '.join(bare)}.",
                hint="Name the feed's port (host:port) unless every service on that host may "
                "be fetched by anyone who can add a source. See docs/monitors.md.",
                id="monitors.W001",
            )
        )
    return messages
