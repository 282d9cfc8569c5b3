"""The influence grid names its corners for what to do, where the words fit and meet nothing."""

import re

import pytest
from django.urls import reverse

from dashboards.influence import GRID, QUADRANTS, LabelBox, grid_chart, label_width
from tests import builders

pytestmark = pytest.mark.django_db


def test_the_grid_names_each_corner_for_what_to_do(officer_client):
    builders.person(name="Amy Hart", influence=5, stance="sceptical")
    body = officer_client.get(reverse("dashboards:influence")).content.decode()

    for words in (
        "High influence, sceptical: persuade",
        "High influence, supportive: keep close",
        "Low influence, sceptical: keep an eye on",
        "Low influence, supportive: keep informed",
    ):
        assert words in body


def test_corner_names_fit_over_their_two_columns_and_never_meet_the_axis_labels():
    chart = grid_chart([])
    svg = chart.body
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*font-size="(\d+)"[^>]*>([^<]+)<', svg)
    boxes = [
        LabelBox(
            text,
            float(x) - label_width(text, int(size)) / 2,
            float(y) - int(size),
            label_width(text, int(size)),
            int(size),
        )
        for x, y, size, text in texts
        if 'text-anchor="middle"' in svg.split(f">{text}<")[0].rsplit("<text", 1)[1]
    ]
    corners = [box for box in boxes if any(box.text == words for _, _, words in QUADRANTS)]
    assert len(corners) == 4
    for box in corners:
        assert box.width <= 2 * GRID["cell_w"], box.text
        assert box.x >= 0 and box.x + box.width <= chart.width
        assert box.y >= 0 and box.y + box.height <= chart.height
        for other in boxes:
            if other is not box:
                assert not box.overlaps(other), (box.text, other.text)
