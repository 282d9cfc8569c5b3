"""Background entry points for django-q2; each is a plain function a command can call too."""

from django.utils import timezone

from alerts import channels, digests, failing_sources, following
from monitors.models import Source


def send_daily_digests(now=None):
    return str(digests.send_digests("daily", now or timezone.now()))


def send_weekly_digests(now=None):
    return str(digests.send_digests("weekly", now or timezone.now()))


def send_immediate_alerts(now=None):
    return str(digests.send_immediate_alerts(now or timezone.now()))


def send_channels(now=None):
    return str(channels.send_channels(now or timezone.now()))


def send_staff_change_alerts(now=None):
    return str(following.send_staff_change_alerts(now or timezone.now()))


def check_members_who_left(now=None):
    return str(following.check_members_and_alert(now or timezone.now()))


def alert_failing_source(source_id, now=None, empty=False):
    """Monitors enqueue this when a source's failure streak is worth telling."""
    source = Source.objects.select_related("owner").filter(pk=source_id).first()
    if source is None:
        return "False"
    return str(failing_sources.alert_failing_source(source, now=now or timezone.now(), empty=empty))
