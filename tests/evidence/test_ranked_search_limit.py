"""A search ranks a bounded number of matches (the most recently added), so it takes as long
with years of evidence as with a few; the pages say when the bound was reached, sorting lists
every match, and the bound never lets a restricted item through."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence import search
from tests import builders

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def ranked_limit(monkeypatch):
    monkeypatch.setattr(search, "RANKED", 3)
    return 3


def page(client, **params):
    return client.get(reverse("evidence:item_list"), params).content.decode()


def test_a_common_word_ranks_the_most_recently_added_matches_and_says_so(
    officer_client, ranked_limit
):
    items = [builders.evidence_item(title=f"Protocol report {n}") for n in range(5)]

    html = page(officer_client, q="protocol")

    for item in items[-3:]:
        assert item.title in html
    for item in items[:2]:
        assert item.title not in html
    assert 'id="ranked-limit"' in html and "At least 3 items match" in html


def test_sorting_a_search_by_date_or_title_lists_every_match(officer_client, ranked_limit):
    items = [builders.evidence_item(title=f"Protocol report {n}") for n in range(5)]

    html = page(officer_client, q="protocol", o="title")

    for item in items:
        assert item.title in html
    assert 'id="ranked-limit"' not in html
    assert "of 5" in html


def test_fewer_matches_than_the_limit_are_all_ranked_without_a_note(officer_client):
    builders.evidence_item(title="Return interviews")
    builders.evidence_item(title="Protocol report")

    html = page(officer_client, q="protocol")

    assert "Protocol report" in html and "Return interviews" not in html
    assert 'id="ranked-limit"' not in html


def test_the_ranked_matches_are_chosen_from_what_the_filters_keep(officer_client, ranked_limit):
    older_reports = [
        builders.evidence_item(title=f"Protocol research {n}", kind="research") for n in range(2)
    ]
    for n in range(4):
        builders.evidence_item(title=f"Protocol statistics {n}", kind="statistics")

    html = page(officer_client, q="protocol", kind="research")

    for item in older_reports:
        assert item.title in html
    assert "Protocol statistics" not in html


def test_restricted_matches_neither_show_nor_take_the_places_of_visible_ones(
    client_for, staff_member, administrator, ranked_limit
):
    public = [builders.evidence_item(title=f"Protocol public {n}") for n in range(2)]
    for n in range(3):
        builders.evidence_item(title=f"Protocol restricted {n}", confidentiality="restricted")
    staff = client_for(staff_member)

    for html in (
        page(staff, q="protocol"),
        staff.get(reverse("evidence:item_list"), {"q": "protocol"}, headers=HTMX).content.decode(),
        staff.get(reverse("search:results"), {"q": "protocol"}).content.decode(),
    ):
        assert "Protocol restricted" not in html
        for item in public:
            assert item.title in html

    admin_html = page(client_for(administrator), q="protocol")
    assert "Protocol restricted" in admin_html


def test_site_search_says_at_least_when_evidence_reached_the_limit(officer_client, ranked_limit):
    for n in range(4):
        builders.evidence_item(title=f"Protocol report {n}")

    html = officer_client.get(reverse("search:results"), {"q": "protocol"}).content.decode()

    assert "(at least 3)" in html
    assert "At least 3 results" in html
    assert "All evidence matching" in html


def test_evidence_search_query_count_does_not_grow_with_matches(officer_client, ranked_limit):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(reverse("evidence:item_list"), {"q": "protocol"})
        return len(queries)

    builders.evidence_item(title="Protocol report")
    few = count_queries()
    for n in range(6):
        builders.evidence_item(title=f"Protocol report {n}")
    assert count_queries() == few
