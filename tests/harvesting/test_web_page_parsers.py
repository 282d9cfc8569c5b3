"""Listing pages read with CSS selectors, and single watched pages with readable diffs."""

from datetime import date

import pytest

from harvesting.dates import parse_loose_date
from harvesting.parsers import ParseError, get_parser
from harvesting.parsers.page import readable_diff

LISTING_URL = "https://hmicfrs.justiceinspectorates.gov.uk/publications/"
LISTING_OPTIONS = {
    "item": "div.result.inspection",
    "title": "h4",
    "link": "h4 a",
    "date": ".date",
    "summary": ".summary",
    "next": "a.next",
}


def test_a_listing_gives_absolute_links_titles_and_dates(read_fixture):
    result = get_parser("html")(
        read_fixture("publications-listing.html"), url=LISTING_URL, options=LISTING_OPTIONS
    )
    titles = [item.title for item in result.items]
    assert titles == ["Missing children: who cares?", "PEEL 2023", "Inspection of forces"]
    first, second, third = result.items
    assert first.url == (
        "https://hmicfrs.justiceinspectorates.gov.uk/publications/missing-children-who-cares/"
    )
    assert first.published.date() == date(2024, 11, 26)
    assert first.summary == "The police response to missing and absent children."
    assert second.published.date() == date(2024, 3, 5)
    assert third.published.date() == date(2023, 7, 14)
    assert result.next_url == LISTING_URL + "?page=2"


def test_a_listing_never_returns_javascript_or_data_links_or_scripts(read_fixture):
    result = get_parser("html")(
        read_fixture("publications-listing.html"), url=LISTING_URL, options=LISTING_OPTIONS
    )
    assert all(item.url.startswith("https://") for item in result.items)
    assert not any("alert" in item.title + item.summary for item in result.items)


def test_a_listing_source_without_selectors_is_explained():
    with pytest.raises(ParseError, match="'item' and 'title' selectors"):
        get_parser("html")(b"<html></html>", url=LISTING_URL, options={})


def test_a_windows_1252_listing_decodes_correctly():
    body = (
        '<html><body><div class="r"><a href="/a">Children\u2019s homes \u2013 review</a></div>'
        "</body></html>"
    ).encode("cp1252")
    (item,) = get_parser("html")(
        body,
        url=LISTING_URL,
        options={"item": "div.r", "title": "a", "content_type": "text/html; charset=windows-1252"},
    ).items
    assert item.title == "Children\u2019s homes \u2013 review"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26 November 2024", date(2024, 11, 26)),
        ("Published: 26th Nov 2024", date(2024, 11, 26)),
        ("Tuesday 26 November 2024", date(2024, 11, 26)),
        ("26/11/2024", date(2024, 11, 26)),
        ("05/03/2024", date(2024, 3, 5)),
        ("26.11.2024", date(2024, 11, 26)),
        ("2024-11-26", date(2024, 11, 26)),
        ("2024-11-26T10:00:00Z", date(2024, 11, 26)),
        ("November 26, 2024", date(2024, 11, 26)),
        ("6 Sept 2024", date(2024, 9, 6)),
        ("no date here", None),
        ("31/02/2024", None),
    ],
)
def test_dates_are_read_the_way_uk_sites_write_them(text, expected):
    assert parse_loose_date(text) == expected


def test_a_watched_page_gives_its_main_text_without_chrome_or_scripts(read_fixture):
    url = "https://www.college.police.uk/app/major-investigation-and-public-protection/missing-persons"
    (item,) = get_parser("page")(read_fixture("watched-page.html"), url=url, options={}).items
    assert item.url == url
    assert item.title == "Missing persons | College of Policing"
    assert item.body.startswith("Missing persons\n")
    assert "Philomena Protocol for children missing from care" in item.body
    for unwanted in ("tracking", "injected", "College of Policing Limited", "Home", "color"):
        assert unwanted not in item.body


def test_a_watched_page_changes_its_hash_only_when_its_text_changes(read_fixture):
    url = "https://www.college.police.uk/app/changes"
    parse = get_parser("page")
    page = read_fixture("watched-page.html")
    original = parse(page, url=url, options={}).items[0]
    restyled = parse(page.replace(b"color: red", b"color: blue"), url=url, options={}).items[0]
    edited = parse(page.replace(b"Philomena", b"Herbert"), url=url, options={}).items[0]
    assert original.content_hash == restyled.content_hash
    assert original.content_hash != edited.content_hash


def test_a_watched_page_built_from_a_real_page_text_is_read(read_sample):
    text = read_sample("college-of-policing/app-changes.page-text.txt").decode()
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    body = f"<html><body><nav>Menu</nav><main>{paragraphs}</main></body></html>".encode()
    (item,) = get_parser("page")(
        body, url="https://www.college.police.uk/app/changes", options={}
    ).items
    assert "Major investigation and public protection > Missing persons" in item.body
    assert "Menu" not in item.body


def test_a_watched_region_that_disappears_is_explained():
    with pytest.raises(ParseError, match="no longer has the part being watched"):
        get_parser("page")(
            b"<html><body><p>x</p></body></html>",
            url="https://example.org/",
            options={"selector": "#changes"},
        )


def test_the_diff_shows_only_added_and_removed_lines():
    old = "Title\nForces should consider the Philomena Protocol.\nUnchanged"
    new = "Title\nForces must use the Philomena Protocol.\nUnchanged\nNew closing date: 3 March"
    assert readable_diff(old, new) == (
        "- Forces should consider the Philomena Protocol.\n"
        "+ Forces must use the Philomena Protocol.\n"
        "+ New closing date: 3 March"
    )


def test_a_long_diff_is_cut_with_a_count_of_what_was_left_out():
    new = "\n".join(f"line {n}" for n in range(1000))
    diff = readable_diff("", new, max_chars=200)
    assert len(diff) < 260
    assert diff.endswith("more changed lines")
