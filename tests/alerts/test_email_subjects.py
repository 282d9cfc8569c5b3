"""Email subjects are plain text: what a title says is what the reader sees, on one line.

Sent through a real SMTP server (aiosmtpd), so the header is read back as a mail client would.
"""

import datetime

import pytest
from django.utils import timezone

from alerts.digests import send_immediate_alerts
from alerts.failing_sources import alert_failing_source
from monitors.models import Source

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 26, 7, 30))
TRICKY = 'Children\'s services & "care" <review>'


def test_an_alert_subject_shows_a_title_with_quotes_and_ampersands_as_written(
    smtp, officer, subscribe, make_opening
):
    subscribe(officer, frequency="immediate")
    make_opening(TRICKY, created_at=NOW)
    send_immediate_alerts(NOW)
    [message] = smtp.to(officer.email)
    assert message["Subject"] == f"Waymark alert: {TRICKY}"


def test_a_failing_source_subject_shows_its_name_as_written(smtp, administrator):
    source = Source.objects.create(
        name=TRICKY, kind="rss", url="https://example.org/feed", consecutive_failures=3
    )
    assert alert_failing_source(source, now=NOW)
    [message] = smtp.to(administrator.email)
    assert message["Subject"] == f"Waymark monitor failing: {TRICKY}"


def test_a_title_with_line_breaks_cannot_add_a_header_or_a_recipient(
    smtp, officer, staff_member, subscribe, make_opening
):
    subscribe(officer, frequency="immediate")
    make_opening("Missing children\r\nBcc: stan@example.org\r\n\r\nInjected body", created_at=NOW)
    send_immediate_alerts(NOW)
    [(recipients, message)] = smtp.messages
    assert recipients == [officer.email]
    assert message["Bcc"] is None
    flattened = "Waymark alert: Missing children Bcc: stan@example.org Injected body"
    assert message["Subject"] == flattened
    assert smtp.to(staff_member.email) == []
