"""The failing-source email: a source's owner and the administrators hear once per failure
streak that a monitored source keeps failing or has suddenly gone empty.

Monitors decide when a streak is worth telling (`monitors.tasks.ALERT_AFTER_FAILURES`); this
module decides who hears and sends it.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.roles import Role
from emails import send_email
from monitors.models import Source

logger = logging.getLogger(__name__)


def alert_recipients(source: Source) -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    administrators = users.filter(Q(groups__name=Role.ADMINISTRATOR) | Q(is_superuser=True))
    emails = list(administrators.values_list("email", flat=True).distinct())
    if source.owner and source.owner.is_active and source.owner.email:
        emails.insert(0, source.owner.email)
    return list(dict.fromkeys(emails))


def alert_failing_source(source: Source, *, now, empty=False) -> bool:
    """Tell the owner and administrators once per failure streak; True if an email went out.

    The streak is claimed with a conditional UPDATE before sending, so two workers never both
    send; if the mail server refuses, the claim is released for the next scan to retry.
    """
    recipients = alert_recipients(source)
    if not recipients:
        return False
    if not Source.objects.filter(pk=source.pk, alerted_at__isnull=True).update(alerted_at=now):
        return False
    context = {
        "source": source,
        "empty": empty,
        "error": source.last_error,
        "failures": source.consecutive_failures,
        "url": settings.SITE_URL + source.get_absolute_url(),
    }
    try:
        send_email("source-failing", to=recipients, context=context)
    except Exception:
        logger.exception("Could not send the failing-source alert for %s", source.name)
        Source.objects.filter(pk=source.pk).update(alerted_at=None)
        return False
    source.alerted_at = now
    return True
