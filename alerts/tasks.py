"""Background entry points for django-q2; each is a plain function a command can call too."""

from django.utils import timezone

from alerts import channels, digests


def send_daily_digests(now=None):
    return str(digests.send_digests("daily", now or timezone.now()))


def send_weekly_digests(now=None):
    return str(digests.send_digests("weekly", now or timezone.now()))


def send_immediate_alerts(now=None):
    return str(digests.send_immediate_alerts(now or timezone.now()))


def send_channels(now=None):
    return str(channels.send_channels(now or timezone.now()))
