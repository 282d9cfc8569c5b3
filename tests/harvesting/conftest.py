"""The harvesting tests use the same loopback server, samples and fixture files as the monitors
tests (tests/monitors/conftest.py), which scan through the same parsers."""

from tests.monitors.conftest import (  # noqa: F401  (pytest finds fixtures by name)
    local,
    make_pdf,
    read_fixture,
    read_sample,
    server,
    stage,
)
