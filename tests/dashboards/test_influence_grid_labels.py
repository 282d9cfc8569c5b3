"""The influence grid numbers every point inside its mark, and no number meets anything else.

Every text box is worked out from the layout, as the network map's labels are
(tests/dashboards/test_network_labels.py): each number inside its own mark and chip, no mark
meeting another, no number meeting another mark, "+n more" in a strip of its own, and nothing
leaving its square. The key under the grid names each number with the same link.
"""

import html
import itertools
import math
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import influence
from stakeholders.models import Organisation, Person
from tests import builders

pytestmark = pytest.mark.django_db


def crowded_grid():
    """A grid as full as it gets: a square overflowing, every sector, every mark size, two-digit
    numbers, organisations and people with no organisation."""
    today = timezone.localdate()
    sectors = list(Organisation.Sector)
    organisations = [
        builders.organisation(
            name=f"{sector.label} partnership board",
            sector=sector,
            influence=1 + i % 5,
            stance=influence.STANCES[i % 5],
        )
        for i, sector in enumerate(sectors)
    ]
    crowds = [("champion", 5, 20), ("sceptical", 4, 16), ("neutral", 3, 12), ("opposed", 1, 9)]
    people = []
    for stance, influence_, n in crowds:
        for i in range(n):
            organisation = organisations[i % len(organisations)] if stance != "opposed" else None
            people.append(
                builders.person(
                    name=f"Professor Alexandra Montgomery-Fotheringham {stance} {i}",
                    organisation=organisation,
                    influence=influence_,
                    stance=stance,
                )
            )
    # A third met three times lately (the largest marks), a third once, a third never.
    for _ in range(3):
        builders.interaction(date=today, people=people[::3])
    builders.interaction(date=today, people=people[1::3])
    return (
        list(influence.people_for_maps(Person.objects.all(), today)),
        list(influence.organisations_for_maps(Organisation.objects.all(), today)),
    )


def inside(box, outer):
    return (
        outer.x <= box.x
        and box.x + box.width <= outer.x + outer.width
        and outer.y <= box.y
        and box.y + box.height <= outer.y + outer.height
    )


def corners(box):
    return [
        (box.x, box.y),
        (box.x + box.width, box.y),
        (box.x, box.y + box.height),
        (box.x + box.width, box.y + box.height),
    ]


def test_every_number_sits_inside_its_own_mark_and_meets_no_other_label_or_point():
    people, organisations = crowded_grid()
    layout = influence.grid_layout(people, organisations)
    points = layout["points"]
    assert len(points) > 50  # two-digit numbers
    assert [p.number for p in points] == list(range(1, len(points) + 1))
    assert {influence.engagement_size(n) for n in (0, 1, 3)} == {p.half for p in points}

    for point in points:
        square = layout["squares"][point.square]
        number = point.number_box
        assert inside(point.box, square), point.head
        assert inside(number, point.box), point.head
        # Its digits are on the chip, white under black, whatever the sector's colour.
        for x, y in corners(number):
            if point.is_organisation:  # inside the square's frame
                room = influence.ORG_CHIP - influence.ORG_FRAME / 2
                assert abs(x - point.x) <= room and abs(y - point.chip_y) <= room, point.head
            else:
                assert math.hypot(x - point.x, y - point.chip_y) <= influence.CHIP, point.head
    for first, second in itertools.combinations(points, 2):
        assert not first.box.overlaps(second.box), (first.head, second.head)
        assert not first.number_box.overlaps(second.box), (first.head, second.head)
        assert not second.number_box.overlaps(first.box), (second.head, first.head)

    more = layout["more"]
    assert more[("champion", 5)][0] == 20 + 1 - influence.GRID["max_points"]  # its organisation
    assert more[("sceptical", 4)][0] == 16 - influence.GRID["max_points"]
    for square, (_, box) in more.items():
        assert inside(box, layout["squares"][square]), box.text
        for point in points:
            assert not box.overlaps(point.box), (box.text, point.head)


def test_the_grid_draws_each_number_where_the_layout_put_it_at_12_units_or_more():
    people, organisations = crowded_grid()
    layout = influence.grid_layout(people, organisations)
    chart = influence.grid_chart(people, organisations)
    drawn = re.findall(
        r'<text class="wm-grid-number" x="([\d.]+)" y="([\d.]+)"[^>]*>(\d+)</text>', chart.body
    )
    assert [int(number) for _, _, number in drawn] == [p.number for p in layout["points"]]
    for (x, _, _), point in zip(drawn, layout["points"], strict=True):
        assert float(x) == pytest.approx(point.x, abs=0.05)
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', chart.body)]
    assert min(sizes) >= 12
    assert f'viewBox="0 0 {layout["width"]} {layout["height"]}"' in chart.svg()
    assert layout["width"] <= 960  # the main column's width: drawn one to one at 1280 px


def test_the_key_and_each_point_share_their_link_and_name(leader_client):
    crowded_grid()
    page = leader_client.get(reverse("dashboards:influence")).content.decode()
    start = page.index('id="influence-grid"')
    grid = page[start : page.index("</svg>", start)]
    key = page[page.index('id="influence-grid-key"') :]
    key = key[: key.index("</section>")]
    points = re.findall(
        r'<a href="([^"]+)" class="wm-point[^"]*" [^>]*data-number="(\d+)"'
        r'[^>]*aria-label="([^"]+)"',
        grid,
    )
    entries = re.findall(
        r'<a class="govuk-link" href="([^"]+)" data-key-number="(\d+)" aria-label="([^"]+)">'
        r"<strong>(\d+)</strong>([^<]*)</a>",
        key,
    )
    assert len(points) == len(entries) > 50
    for (url, number, label), (key_url, key_number, key_label, bold, rest) in zip(
        points, entries, strict=True
    ):
        assert (key_url, key_number, key_label) == (url, number, label)
        # Each link's name holds what it shows (WCAG 2.5.3): the number, and the key's text.
        assert label.startswith(f"{number}: ") and html.unescape(label).startswith(
            html.unescape(bold + rest)
        )
    assert "Influence 5, champion" in key and "and 6 more here" in key
    assert "Montgomery-Fotheringham champion 0, Police partnership board (Police)" in key
