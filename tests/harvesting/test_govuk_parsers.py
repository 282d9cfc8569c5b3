"""GOV.UK Search API and Content API."""

from datetime import UTC, date, datetime

import pytest

from harvesting.parsers import ParseError, get_parser

SEARCH = "https://www.gov.uk/api/search.json?q=tax&count=1"


def test_search_results_link_to_govuk_pages_with_organisations(read_sample):
    result = get_parser("govuk-search")(
        read_sample("govuk-search-api/search-q-tax-count-1.json"), url=SEARCH, options={}
    )
    (item,) = result.items
    assert item.external_id == "/vehicle-tax"
    assert item.url == "https://www.gov.uk/vehicle-tax"
    assert item.title == "Tax your vehicle"
    assert item.organisations == ["Driver and Vehicle Licensing Agency"]
    assert item.published == datetime(2017, 12, 7, 12, 54, 39, tzinfo=UTC)
    assert result.next_url == "https://www.gov.uk/api/search.json?q=tax&count=1&start=1"


def test_search_results_carry_consultation_dates_and_drop_unsafe_links():
    body = b"""{"results": [
      {"title": "Missing children consultation", "link": "/government/consultations/missing",
       "start_date": "2025-01-10T09:00:00+00:00", "end_date": "2025-03-31T23:45:00+01:00"},
      {"title": "Hostile", "link": "javascript:alert(1)"}
    ], "total": 2, "start": 0}"""
    (item,) = get_parser("govuk-search")(body, url=SEARCH, options={}).items
    assert item.deadline == date(2025, 3, 31)
    assert item.opens == date(2025, 1, 10)


def test_an_open_consultation_gives_its_dates_body_and_organisation(read_sample):
    body = read_sample("govuk-content-api/consultation-open_consultation.json")
    (item,) = get_parser("govuk-content")(
        body, url="https://www.gov.uk/api/content/x", options={}
    ).items
    assert item.url == "https://www.gov.uk/government/consultations/postgraduate-doctoral-loans"
    assert item.title == "Postgraduate doctoral loans"
    assert item.summary == "We'd like your views on the proposed loan for doctoral study."
    assert item.opens == date(2016, 11, 4)
    assert item.deadline == date(2216, 12, 16)
    assert item.organisations == ["Department for Education"]
    assert item.body.startswith("We are seeking external views on a postgraduate doctoral loan.")
    assert "<p>" not in item.body
    assert item.extra["documentType"] == "open_consultation"
    assert item.extra["heldOnAnotherWebsiteUrl"].startswith("https://consult.education.gov.uk/")


@pytest.mark.parametrize(
    ("name", "document_type", "deadline", "organisation"),
    [
        ("consultation-closed_consultation.json", "closed_consultation", date(2016, 10, 31),
         "Department for Culture, Media & Sport"),
        ("consultation-consultation_outcome.json", "consultation_outcome", date(2016, 7, 13),
         "HM Revenue & Customs"),
        ("call_for_evidence-open_call_for_evidence.json", "open_call_for_evidence",
         date(2023, 4, 16), "Office for Health Improvement and Disparities"),
    ],
)  # fmt: skip
def test_every_content_example_gives_its_closing_date(
    read_sample, name, document_type, deadline, organisation
):
    body = read_sample(f"govuk-content-api/{name}")
    (item,) = get_parser("govuk-content")(
        body, url="https://www.gov.uk/api/content/x", options={}
    ).items
    assert item.extra["documentType"] == document_type
    assert item.deadline == deadline
    assert item.organisations == [organisation]


def test_a_search_response_given_to_the_content_parser_is_explained(read_sample):
    with pytest.raises(ParseError, match="'base_path' from the GOV.UK Content API"):
        get_parser("govuk-content")(
            read_sample("govuk-search-api/search-q-tax-count-1.json"), url=SEARCH, options={}
        )
