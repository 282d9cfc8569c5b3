"""The address rules, checked without connecting anywhere: IPs are passed in directly."""

import pytest

from harvesting.fetch import (
    BlockedAddress,
    check_address,
    check_host_form,
    host_is_allowed,
    is_public_address,
    parse_ipv4_numeric,
)


@pytest.mark.parametrize(
    "ip",
    [
        "10.0.0.1",
        "172.16.5.4",
        "172.31.255.255",
        "192.168.1.1",
        "127.0.0.1",
        "127.0.0.2",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "0.0.0.0",  # noqa: S104  (an address under test, nothing binds to it)
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "::10.0.0.1",
        "64:ff9b::a00:1",
        "2002:7f00:1::",
        "2002:a00:1::1",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",
        "not an address",
    ],
)
def test_private_and_internal_addresses_are_never_public(ip):
    assert not is_public_address(ip)


@pytest.mark.parametrize(
    "ip", ["151.101.0.144", "93.184.215.14", "2a00:1450:4009:81f::200e", "::ffff:151.101.0.144"]
)
def test_ordinary_internet_addresses_are_public(ip):
    assert is_public_address(ip)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("127.0.0.1", "127.0.0.1"),
    ],
)
def test_numeric_spellings_of_addresses_are_recognised(host, expected):
    assert str(parse_ipv4_numeric(host)) == expected


@pytest.mark.parametrize("host", ["2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7f000001"])
def test_unusual_numeric_host_forms_are_refused(host):
    with pytest.raises(BlockedAddress, match="unusual way of writing"):
        check_host_form(host, [], 80)


def test_names_and_plain_addresses_pass_the_host_form_check():
    check_host_form("www.gov.uk", [], 443)
    check_host_form("127.0.0.1", [], 80)


def test_a_name_resolving_to_a_private_address_is_refused_with_a_readable_reason():
    with pytest.raises(BlockedAddress, match=r"intranet\.example resolves to 10\.0\.0\.5"):
        check_address("intranet.example", "10.0.0.5", [])


def test_a_listed_host_may_use_a_private_address():
    check_address("feeds.internal", "10.0.0.5", ["feeds.internal"])


def test_the_allow_list_matches_the_host_as_written_not_its_address():
    with pytest.raises(BlockedAddress):
        check_address("localhost", "127.0.0.1", ["127.0.0.1"])


@pytest.mark.parametrize(
    ("host", "port", "allow", "expected"),
    [
        ("LOCALHOST", 8000, ["localhost"], True),
        ("::1", 8000, ["[::1]"], True),
        ("[::1]", 8000, ["[::1]:8000"], True),
        ("[::1]", 9000, ["[::1]:8000"], False),
        ("127.0.0.1", 8000, ["127.0.0.1:8000"], True),
        ("127.0.0.1", 8001, ["127.0.0.1:8000"], False),
        ("127.0.0.2", 8000, ["127.0.0.1"], False),
        ("feeds.internal.", 80, ["feeds.internal"], True),
    ],
)
def test_allow_list_entries_may_name_a_host_or_host_and_port(host, port, allow, expected):
    assert host_is_allowed(host, allow, port) is expected


def test_public_addresses_are_fetched_without_being_listed():
    check_address("www.gov.uk", "151.101.0.144", [])
