"""The pagination bar under every list: which page links it offers, and that it never walks
every page number (a list of 100,000 interactions has 4,000 pages)."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string


def links(page):
    html = render_to_string("ui/_pagination.html", {"page": page, "query_without_page": ""})
    items = re.findall(r'<li class="govuk-pagination__item([^"]*)">(.*?)</li>', html)
    return [
        "…" if "ellipses" in classes else f"[{text}]" if "current" in classes else text
        for classes, body in items
        for text in [re.sub(r"<[^>]+>", "", body)]
    ]


@pytest.mark.parametrize(
    "number, expected",
    [
        (1, ["[1]", "2", "3", "…", "12"]),
        (5, ["1", "2", "3", "4", "[5]", "6", "7", "…", "12"]),
        (6, ["1", "…", "4", "5", "[6]", "7", "8", "…", "12"]),
        (8, ["1", "…", "6", "7", "[8]", "9", "10", "11", "12"]),
        (12, ["1", "…", "10", "11", "[12]"]),
    ],
)
def test_the_bar_offers_the_ends_and_two_pages_either_side_of_the_current_one(number, expected):
    # An ellipsis never stands for a single page: page 4 is shown rather than hidden.
    page = Paginator(range(300), 25).page(number)

    assert links(page) == expected


def test_a_single_page_shows_no_bar_but_still_says_how_many_rows():
    html = render_to_string(
        "ui/_pagination.html",
        {"page": Paginator(range(3), 25).page(1), "query_without_page": ""},
    )

    assert "govuk-pagination" not in html
    assert "Showing 1 to 3 of 3" in html


class EveryPageNumberRefused(Paginator):
    """A paginator that fails if anything lists all its page numbers."""

    @property
    def page_range(self):
        raise AssertionError("the bar walked every page number")


def test_a_list_of_thousands_of_pages_is_paged_without_walking_every_page_number():
    page = EveryPageNumberRefused(range(100_000), 25).page(2000)

    assert links(page) == ["1", "…", "1998", "1999", "[2000]", "2001", "2002", "…", "4000"]
