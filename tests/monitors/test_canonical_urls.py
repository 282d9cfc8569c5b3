"""Every item is stored once under one spelling of its address, and only web links are kept."""

import pytest

from harvesting.text import safe_url
from monitors.ingest import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Already canonical: kept as it is.
        ("https://www.gov.uk/government/news/x", "https://www.gov.uk/government/news/x"),
        ("https://www.gov.uk/", "https://www.gov.uk/"),
        ("https://x.org/a;b=c/%7Euser/a:b@c", "https://x.org/a;b=c/%7Euser/a:b@c"),
        ("  https://www.gov.uk/a  ", "https://www.gov.uk/a"),
        # Spelled differently: one spelling.
        ("https://www.gov.uk", "https://www.gov.uk/"),
        ("HTTPS://WWW.Gov.UK/Path", "https://www.gov.uk/Path"),
        ("https://www.gov.uk:443/a", "https://www.gov.uk/a"),
        ("http://www.gov.uk:80/a", "http://www.gov.uk/a"),
        ("http://www.gov.uk:8080/a", "http://www.gov.uk:8080/a"),
        ("https://www.gov.uk/a#section", "https://www.gov.uk/a#section"),
        ("https://www.gov.uk/a?utm_source=x&q=missing&fbclid=1", "https://www.gov.uk/a?q=missing"),
        ("https://www.gov.uk/a?q=missing+people", "https://www.gov.uk/a?q=missing+people"),
        ("https://user@www.gov.uk/a", "https://www.gov.uk/a"),
        ("https://[::1]:443/a", "https://[::1]/a"),
    ],
)
def test_an_address_is_stored_in_one_spelling(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://www.gov.uk/a/b", "https://www.gov.uk/a/b"),
        ("https://www.gov.uk/a;", "https://www.gov.uk/a"),
        ("/relative/path", "https://example.org/relative/path"),
        ("HTTPS://Example.org/x", "https://Example.org/x"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("javascript:alert(1)", None),
        ("mailto:someone@example.org", None),
        ("", None),
    ],
)
def test_only_absolute_web_links_are_kept(href, expected):
    assert safe_url(href, "https://example.org/feed") == expected
