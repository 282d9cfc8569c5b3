"""The page benchmark's list of pages stays in step with the URLs (run by `make bench`)."""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from benchmarks.bench_pages import ADMINISTRATOR, LEADERSHIP, PAGES, TARGETS


def test_every_benchmarked_page_is_an_address_waymark_answers():
    objects = dict.fromkeys(
        [
            "person",
            "organisation",
            "campaign",
            "ask",
            "consultation",
            "opening",
            "evidence",
            "interaction",
            "area",
            "source",
        ],
        1,
    )
    unknown = []
    for name, address, kind in PAGES:
        url = address(objects) if callable(address) else address
        assert kind in TARGETS, name
        try:
            resolve(urlsplit(url).path)
        except Resolver404:
            unknown.append((name, url))
    assert unknown == []


def test_pages_measured_in_another_role_are_in_the_list():
    assert {name for name, _, _ in PAGES} >= LEADERSHIP | ADMINISTRATOR
