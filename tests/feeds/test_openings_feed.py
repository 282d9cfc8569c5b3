"""The private Atom feed of openings: a feed reader with the secret address sees what its owner
sees on the openings page, with the saved filter; anyone else sees nothing."""

from urllib.parse import urlsplit

import feedparser
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import EvidenceItem
from feeds.models import PrivateFeed
from monitors.models import Opening
from tests import builders

pytestmark = pytest.mark.django_db


def read(client, secret):
    response = client.get(reverse("feeds:openings", args=[secret]))
    return response, feedparser.parse(response.content)


def test_a_feed_reader_gets_the_newest_openings_as_atom(client, staff_member, make_feed):
    older, newer = builders.opening(), builders.opening()
    _, secret = make_feed(staff_member)
    response, parsed = read(client, secret)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.version == "atom10" and not parsed.bozo
    assert [entry.title for entry in parsed.entries] == [newer.item.title, older.item.title]
    assert parsed.entries[0].link.endswith(newer.get_absolute_url())


def test_a_saved_filter_gives_the_same_openings_as_the_openings_page(
    client, staff_member, make_feed
):
    wanted = builders.opening(topics=["exploitation_and_missing"])
    builders.opening(topics=["missing_from_care"])
    builders.opening(topics=["exploitation_and_missing"], status=Opening.Status.DISMISSED)
    query = "topic=exploitation_and_missing&status=open"
    _, secret = make_feed(staff_member, query=query)
    _, parsed = read(client, secret)
    client.force_login(staff_member)
    page = client.get(reverse("monitors:opening_list") + "?" + query).content.decode()
    assert [entry.title for entry in parsed.entries] == [wanted.item.title]
    assert wanted.item.title in page


def test_a_saved_filter_that_no_longer_makes_sense_shows_nothing_not_everything(
    client, staff_member, make_feed
):
    source = builders.source()
    builders.opening(source=source)
    _, secret = make_feed(staff_member, query=f"source={source.pk}")
    source.delete()
    builders.opening()
    assert read(client, secret)[1].entries == []


def test_third_party_markup_in_a_summary_is_shown_not_run(client, staff_member, make_feed):
    opening = builders.opening()
    opening.item.summary = '<script>alert("x")</script> Missing from care'
    opening.item.save()
    _, secret = make_feed(staff_member)
    _, parsed = read(client, secret)
    assert "<script>" not in parsed.entries[0].summary
    assert "&lt;script&gt;" in parsed.entries[0].summary


@pytest.mark.parametrize("secret", ["wrong", "x" * 43])
def test_a_stranger_with_a_wrong_secret_gets_404(client, staff_member, make_feed, secret):
    builders.opening()
    make_feed(staff_member)
    assert read(client, secret)[0].status_code == 404


def test_a_replaced_or_revoked_address_stops_working(client, staff_member, make_feed):
    builders.opening()
    feed, old = make_feed(staff_member)
    client.force_login(staff_member)
    client.post(reverse("feeds:new_secret", args=[feed.pk]))
    client.logout()
    assert read(client, old)[0].status_code == 404

    other, secret = make_feed(staff_member, name="Another")
    assert read(client, secret)[0].status_code == 200
    client.force_login(staff_member)
    client.post(reverse("feeds:revoke", args=[other.pk]))
    client.logout()
    assert read(client, secret)[0].status_code == 404


def test_a_deactivated_persons_feed_is_gone(client, staff_member, make_feed):
    builders.opening()
    _, secret = make_feed(staff_member)
    staff_member.is_active = False
    staff_member.save()
    assert read(client, secret)[0].status_code == 404


def test_a_calendar_secret_does_not_open_an_openings_feed(client, staff_member, make_feed):
    _, secret = make_feed(staff_member, PrivateFeed.Kind.CALENDAR)
    assert read(client, secret)[0].status_code == 404


def test_restricted_evidence_saved_from_an_opening_never_appears(
    client, officer, officer_client, make_feed
):
    opening = builders.opening()
    officer_client.post(reverse("monitors:opening_evidence_create", args=[opening.pk]))
    EvidenceItem.objects.update(
        title="Names of children (restricted)",
        confidentiality=EvidenceItem.Confidentiality.RESTRICTED,
    )
    officer.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    _, secret = make_feed(officer)
    response, parsed = read(client, secret)
    assert [entry.title for entry in parsed.entries] == [opening.item.title]
    assert b"Names of children" not in response.content
    assert b"/evidence/" not in response.content


def test_the_feed_reads_in_the_same_number_of_queries_however_many_openings(
    client, staff_member, make_feed
):
    _, secret = make_feed(staff_member, query="status=open")
    builders.opening()
    with CaptureQueriesContext(connection) as few:
        read(client, secret)
    for _ in range(6):
        builders.opening(source=builders.source())
    with CaptureQueriesContext(connection) as many:
        assert len(read(client, secret)[1].entries) == 7
    assert len(many) == len(few)


def test_a_person_saves_the_openings_page_filter_as_a_feed_and_sees_its_address_once(
    client, staff_member
):
    client.force_login(staff_member)
    form = client.get(reverse("feeds:add") + "?topic=exploitation_and_missing&status=open")
    assert "topic=exploitation_and_missing&amp;status=open" in form.content.decode()
    response = client.post(
        reverse("feeds:add"),
        {"name": "Exploitation", "query": "topic=exploitation_and_missing&status=open"},
    )
    assert response.status_code == 302
    feed = PrivateFeed.objects.get()
    assert (feed.user, feed.query) == (staff_member, "topic=exploitation_and_missing&status=open")
    page = client.get(reverse("feeds:list")).content.decode()
    address = page.split('id="new-feed-address">', 1)[1].split("<", 1)[0]
    assert "/feeds/openings/" in address and address.endswith(".atom")
    assert feed.secret_digest not in page
    assert address not in client.get(reverse("feeds:list")).content.decode()
    client.logout()
    assert client.get(urlsplit(address).path).status_code == 200


def test_nobody_can_replace_or_revoke_someone_elses_feed(client, staff_member, officer, make_feed):
    feed, secret = make_feed(staff_member)
    client.force_login(officer)
    assert client.post(reverse("feeds:new_secret", args=[feed.pk])).status_code == 404
    assert client.post(reverse("feeds:revoke", args=[feed.pk])).status_code == 404
    client.logout()
    assert read(client, secret)[0].status_code == 200
