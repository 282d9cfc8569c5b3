"""The private calendar: consultation and call-for-evidence closing dates, committee evidence
deadlines and the owner's own follow-ups, as all-day events a calendar app can subscribe to."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Consultation
from feeds.models import PrivateFeed
from monitors.models import Item, Opening, Source
from tests import builders

pytestmark = pytest.mark.django_db
HOST = "127.0.0.1"  # SITE_URL's host in the test settings


def read(client, secret):
    response = client.get(reverse("feeds:calendar", args=[secret]))
    return response


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def calendar_secret(staff_member, make_feed):
    return make_feed(staff_member, PrivateFeed.Kind.CALENDAR, name="Deadlines")[1]


def committee_inquiry(deadline, *, status=Opening.Status.NEW):
    source = builders.source(kind=Source.Kind.COMMITTEES)
    item = Item.objects.create(
        url="https://committees.parliament.uk/work/1234/",
        source=source,
        title="Children missing from care: call for evidence",
        deadline=deadline,
        content_hash="c" * 64,
    )
    builders.opening(source=source, item=item, status=status)
    return item


def test_closing_dates_deadlines_and_my_follow_ups_are_all_day_events(
    client, staff_member, officer, calendar_secret
):
    today = timezone.localdate()
    consultation = builders.consultation(
        closes_in_days=10, kind=Consultation.Kind.CALL_FOR_EVIDENCE
    )
    inquiry = committee_inquiry(today + datetime.timedelta(days=20))
    mine = builders.interaction(
        follow_up_action="Send the briefing",
        follow_up_due=today + datetime.timedelta(days=3),
        follow_up_owner=staff_member,
    )
    builders.interaction(
        follow_up_action="Someone else's",
        follow_up_due=today + datetime.timedelta(days=3),
        follow_up_owner=officer,
    )
    response = read(client, calendar_secret)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_of(response)
    assert set(events) == {
        f"consultation-{consultation.pk}@{HOST}",
        f"committee-evidence-{inquiry.pk}@{HOST}",
        f"follow-up-{mine.pk}@{HOST}",
    }
    closing = events[f"consultation-{consultation.pk}@{HOST}"]
    assert closing.decoded("DTSTART") == consultation.closes_on  # a date: an all-day event
    assert closing.decoded("DTEND") == consultation.closes_on + datetime.timedelta(days=1)
    assert "DTSTAMP" in closing
    assert "Call for evidence closes" in str(closing["SUMMARY"])
    assert str(events[f"follow-up-{mine.pk}@{HOST}"]["SUMMARY"]) == "Follow-up: Send the briefing"


def test_a_moved_date_keeps_its_uid_so_the_calendar_replaces_the_event(client, calendar_secret):
    consultation = builders.consultation(closes_in_days=10)
    uid = f"consultation-{consultation.pk}@{HOST}"
    assert uid in events_of(read(client, calendar_secret))
    consultation.closes_on += datetime.timedelta(days=14)
    consultation.save()
    events = events_of(read(client, calendar_secret))
    assert list(events) == [uid]
    assert events[uid].decoded("DTSTART") == consultation.closes_on


def test_done_follow_ups_and_dismissed_inquiries_leave_the_calendar(
    client, staff_member, calendar_secret
):
    today = timezone.localdate()
    follow_up = builders.interaction(
        follow_up_action="Ring back",
        follow_up_due=today,
        follow_up_owner=staff_member,
        follow_up_done=True,
    )
    committee_inquiry(today, status=Opening.Status.DISMISSED)
    events = events_of(read(client, calendar_secret))
    assert f"follow-up-{follow_up.pk}@{HOST}" not in events
    assert events == {}


def test_wrong_revoked_and_deactivated_calendars_are_404(
    client, staff_member, make_feed, calendar_secret
):
    assert read(client, "not-the-secret").status_code == 404
    _, openings_secret = make_feed(staff_member)
    assert read(client, openings_secret).status_code == 404  # an Atom secret is not a calendar
    staff_member.is_active = False
    staff_member.save()
    assert read(client, calendar_secret).status_code == 404
    staff_member.is_active = True
    staff_member.save()
    assert read(client, calendar_secret).status_code == 200
    PrivateFeed.objects.filter(kind=PrivateFeed.Kind.CALENDAR).delete()
    assert read(client, calendar_secret).status_code == 404


def test_the_calendar_reads_in_the_same_number_of_queries_however_many_dates(
    client, staff_member, calendar_secret
):
    def add_one():
        builders.consultation(closes_in_days=5, body=builders.organisation())
        builders.interaction(
            follow_up_action="Call",
            follow_up_due=timezone.localdate(),
            follow_up_owner=staff_member,
        )

    add_one()
    with CaptureQueriesContext(connection) as few:
        read(client, calendar_secret)
    for _ in range(5):
        add_one()
    with CaptureQueriesContext(connection) as many:
        assert len(events_of(read(client, calendar_secret))) == 12
    assert len(many) == len(few)


def test_a_person_makes_their_calendar_address_on_their_feeds_page(client, staff_member):
    client.force_login(staff_member)
    client.post(reverse("feeds:calendar_add"))
    page = client.get(reverse("feeds:list")).content.decode()
    address = page.split('id="new-feed-address">', 1)[1].split("<", 1)[0]
    assert address.endswith(".ics") and "/calendar/" in address
    assert PrivateFeed.objects.get().kind == PrivateFeed.Kind.CALENDAR
