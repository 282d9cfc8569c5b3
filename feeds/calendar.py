"""The iCalendar feed: closing dates and follow-ups, for Outlook and Google Calendar.

Every event has a UID made from what it is about (`consultation-12@waymark.example.org`), so a
calendar that re-reads the feed replaces a moved date instead of adding a second event, and an
event that leaves the feed (a follow-up marked done) leaves the calendar.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from campaigns.models import Consultation
from monitors.models import Item, Opening, Source
from stakeholders.models import Interaction

# Dates further back than this are history, not plans; they drop out of the calendar.
PAST_DAYS = 90


def _host():
    return urlsplit(settings.SITE_URL).hostname or "waymark"


def _event(uid, day, summary, *, url="", description="", stamp):
    event = Event()
    event.add("uid", f"{uid}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    # All-day: the end date is exclusive, so a one-day event ends the next day.
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def consultation_events(since, stamp):
    for consultation in Consultation.objects.filter(closes_on__gte=since).select_related("body"):
        body = f" ({consultation.body.name})" if consultation.body else ""
        yield _event(
            f"consultation-{consultation.pk}",
            consultation.closes_on,
            f"{consultation.get_kind_display()} closes: {consultation.title}",
            url=settings.SITE_URL + consultation.get_absolute_url(),
            description=f"{consultation.title}{body}. Response: "
            f"{consultation.get_response_status_display().lower()}.",
            stamp=stamp,
        )


def follow_up_events(user, since, stamp):
    follow_ups = Interaction.objects.open_follow_ups().filter(
        follow_up_owner=user, follow_up_due__gte=since
    )
    for interaction in follow_ups:
        yield _event(
            f"follow-up-{interaction.pk}",
            interaction.follow_up_due,
            f"Follow-up: {interaction.follow_up_action}",
            url=settings.SITE_URL + interaction.get_absolute_url(),
            description=f"From: {interaction.summary}",
            stamp=stamp,
        )


def committee_deadline_events(since, stamp):
    """Committee inquiries' evidence deadlines, from the committees source's items that
    opened an opening nobody dismissed."""
    items = (
        Item.objects.filter(
            source__kind=Source.Kind.COMMITTEES,
            deadline__gte=since,
            openings__isnull=False,
        )
        .exclude(openings__status=Opening.Status.DISMISSED)
        .distinct()
        .order_by("deadline", "id")
    )
    for item in items:
        yield _event(
            f"committee-evidence-{item.pk}",
            item.deadline,
            f"Evidence deadline: {item.title}",
            url=item.url,
            description=item.summary,
            stamp=stamp,
        )


def calendar_for(feed, now=None):
    """The owner's calendar as iCalendar bytes."""
    now = now or timezone.now()
    since = timezone.localdate(now) - datetime.timedelta(days=PAST_DAYS)
    calendar = Calendar()
    calendar.add("prodid", "-//Waymark//Consultations and follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Waymark: {feed.name}")
    # Outlook and Apple read these as "check again hourly"; Google keeps its own pace.
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for event in (
        *consultation_events(since, now),
        *follow_up_events(feed.user, since, now),
        *committee_deadline_events(since, now),
    ):
        calendar.add_component(event)
    return calendar.to_ical()
