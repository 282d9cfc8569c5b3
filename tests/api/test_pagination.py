"""Paging the API by cursor: every record once, in order, at the same cost on any page; page
numbers still work."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitors.models import Opening
from tests import builders

from .conftest import bearer

pytestmark = pytest.mark.django_db


def walk(client, secret, path, **params):
    """Follow `next` from the first page to the last: the ids in order, and each page's body."""
    pages = [client.get(path, params, headers=bearer(secret)).json()]
    while pages[-1]["next"]:
        address = urlsplit(pages[-1]["next"])
        assert address.path == path
        pages.append(client.get(path, parse_qs(address.query), headers=bearer(secret)).json())
        assert len(pages) < 50, "next never ends"
    return [record["id"] for page in pages for record in page["items"]], pages


def test_following_next_gives_every_opening_once_newest_first_even_when_found_at_one_moment(
    client, token_for, leader
):
    moment = timezone.now()
    # Seven found by one scan share their time; the id breaks the tie.
    openings = [builders.opening(created_at=moment) for _ in range(7)]
    openings += [builders.opening(created_at=moment - datetime.timedelta(hours=n)) for n in (1, 2)]
    expected = list(Opening.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))

    ids, pages = walk(client, token_for(leader), "/api/v1/openings", page_size=2)

    assert ids == expected and len(ids) == len(openings) == 9
    assert [len(page["items"]) for page in pages] == [2, 2, 2, 2, 1]
    assert all(page["count"] == 9 for page in pages)
    assert pages[-1]["next"] is None


def test_next_keeps_the_filters(client, token_for, leader):
    for _ in range(3):
        builders.opening()
    builders.opening(status=Opening.Status.DISMISSED)

    ids, pages = walk(client, token_for(leader), "/api/v1/openings", status="open", page_size=1)

    assert len(ids) == 3 and "status=open" in pages[0]["next"]
    assert not Opening.objects.filter(pk__in=ids, status=Opening.Status.DISMISSED).exists()


@pytest.mark.parametrize(
    ("resource", "make"),
    [
        ("people", lambda n: builders.person(name=f"Same name {n % 2}")),
        ("campaigns", lambda n: builders.campaign(title=f"Campaign {n % 2}")),
        (
            "consultations",
            # Undated consultations come last, on SQLite as on PostgreSQL.
            lambda n: builders.consultation(closes_in_days=None if n % 3 == 0 else n % 2),
        ),
        (
            "interactions",
            lambda n: builders.interaction(date=datetime.date(2026, 1, n % 2 + 1)),
        ),
    ],
)
def test_every_list_walks_by_cursor_through_ties_and_empty_values(
    client, token_for, leader, resource, make
):
    for n in range(7):
        make(n)
    path = f"/api/v1/{resource}"
    secret = token_for(leader)
    by_page = client.get(path, {"page_size": 200}, headers=bearer(secret)).json()

    ids, pages = walk(client, secret, path, page_size=2)

    assert ids == [record["id"] for record in by_page["items"]] and len(set(ids)) == 7
    assert by_page["next"] is None
    if resource == "consultations":
        closes = [record["closes_on"] for record in by_page["items"]]
        assert closes[-3:] == [None, None, None] and None not in closes[:-3]


def test_page_numbers_still_work_and_carry_a_cursor_to_the_page_after(client, token_for, leader):
    for _ in range(5):
        builders.opening()
    secret = token_for(leader)

    second = client.get("/api/v1/openings", {"page": 2, "page_size": 2}, headers=bearer(secret))
    after = client.get(
        "/api/v1/openings", parse_qs(urlsplit(second.json()["next"]).query), headers=bearer(secret)
    )
    third = client.get("/api/v1/openings", {"page": 3, "page_size": 2}, headers=bearer(secret))

    assert second.json()["count"] == 5 and len(second.json()["items"]) == 2
    assert "page=" not in second.json()["next"]
    assert after.json()["items"] == third.json()["items"]
    assert third.json()["next"] is None


def test_a_deep_page_by_cursor_costs_what_the_first_does_and_skips_nothing_by_offset(
    client, token_for, leader
):
    for _ in range(30):
        builders.opening()
    secret = token_for(leader)
    client.get("/api/v1/openings", headers=bearer(secret))  # the token's first use is recorded
    _, pages = walk(client, secret, "/api/v1/openings", page_size=5)
    deep = parse_qs(urlsplit(pages[-2]["next"]).query)

    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/openings", {"page_size": 5}, headers=bearer(secret))
    with CaptureQueriesContext(connection) as last:
        response = client.get("/api/v1/openings", deep, headers=bearer(secret))

    assert len(response.json()["items"]) == 5 and response.json()["next"] is None
    assert len(last) == len(first)
    assert not any("OFFSET" in query["sql"].upper() for query in last.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "eyJvIjpbIi1jcmVhdGVkX2F0Il19:forged"},
        {"page": 2, "cursor": "x"},
    ],
)
def test_a_forged_or_mixed_cursor_is_a_422_naming_the_field(client, token_for, leader, params):
    builders.opening()

    response = client.get("/api/v1/openings", params, headers=bearer(token_for(leader)))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_a_cursor_from_another_list_is_refused(client, token_for, leader):
    for _ in range(3):
        builders.person()
    secret = token_for(leader)
    people = client.get("/api/v1/people", {"page_size": 1}, headers=bearer(secret)).json()
    cursor = parse_qs(urlsplit(people["next"]).query)["cursor"][0]

    response = client.get("/api/v1/openings", {"cursor": cursor}, headers=bearer(secret))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_restricted_evidence_stays_out_of_every_page_by_cursor(client, token_for, staff_member):
    shown = [builders.evidence_item(confidentiality="internal", index=False) for _ in range(4)]
    builders.evidence_item(confidentiality="restricted", index=False)

    ids, _ = walk(client, token_for(staff_member), "/api/v1/evidence", page_size=1)

    assert sorted(ids) == sorted(item.pk for item in shown)
