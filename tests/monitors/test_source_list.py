"""The sources page: each source's items and openings, counted without multiplying each other."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitors.models import Sighting, Source
from tests import builders

pytestmark = pytest.mark.django_db


def a_source_with(items, openings, **fields):
    """A source that has seen `items` items, `openings` of which opened an opening."""
    source = builders.source(**fields)
    for n in range(items):
        opening = builders.opening(source=source)
        Sighting.objects.create(source=source, item=opening.item, external_id=f"item-{n}")
        if n >= openings:
            opening.delete()
    return source


def test_sources_show_their_items_and_openings_counted_separately(officer_client):
    busy = a_source_with(3, 2, name="Busy feed")
    a_source_with(0, 0, name="Quiet feed")
    sources = {s.name: s for s in Source.objects.with_counts()}
    # Counted over one join each way, three sightings by two openings would have read six.
    assert (sources["Busy feed"].item_count, sources["Busy feed"].opening_count) == (3, 2)
    assert (sources["Quiet feed"].item_count, sources["Quiet feed"].opening_count) == (0, 0)
    page = officer_client.get(reverse("monitors:source_list")).content.decode()
    row = page[page.index(busy.get_absolute_url()) :]
    row = row[: row.index("</tr>")]
    assert ">3</td>" in row and ">2</td>" in row


def test_sources_page_queries_do_not_grow_with_sources_or_items(officer_client):
    url = reverse("monitors:source_list")
    a_source_with(1, 1)
    officer_client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert officer_client.get(url).status_code == 200
    for _ in range(4):
        a_source_with(3, 2)
    with CaptureQueriesContext(connection) as many:
        assert officer_client.get(url).status_code == 200
    assert len(many) == len(few), f"{len(few)} queries grew to {len(many)}"


def test_a_source_page_counts_its_items_and_openings_and_lists_the_latest_ten(officer_client):
    source = a_source_with(12, 12, name="Busy feed")
    openings = list(source.openings.order_by("-created_at", "-pk"))
    source.openings.filter(pk__in=[o.pk for o in openings[:3]]).update(status="dismissed")

    page = officer_client.get(source.get_absolute_url()).content.decode()

    assert "12 (9 new)" in page
    latest = page[page.index("Latest openings") :]
    for opening in openings[:10]:
        assert opening.get_absolute_url() in latest
    for opening in openings[10:]:
        assert opening.get_absolute_url() not in latest


def test_a_source_page_queries_do_not_grow_with_its_openings(officer_client):
    source = a_source_with(2, 2)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(source.get_absolute_url())
        return len(queries)

    few = count_queries()
    for n in range(12):
        opening = builders.opening(source=source)
        Sighting.objects.create(source=source, item=opening.item, external_id=f"more-{n}")
    assert count_queries() == few
