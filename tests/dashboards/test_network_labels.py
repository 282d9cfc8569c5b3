"""The network map's labels never overlap one another and never run off the chart."""

import datetime
import itertools
import re

import pytest
from django.utils import timezone

from dashboards import influence
from stakeholders.models import Person
from tests import builders

pytestmark = pytest.mark.django_db

LONG = "Association of Police and Crime Commissioners and Partners in Safeguarding"


def crowded_network():
    """Long names in every column, many people, and an organisation resting on one champion."""
    today = timezone.localdate()
    organisations = [
        builders.organisation(name=f"{LONG} {n}", sector="police") for n in range(6)
    ] + [builders.organisation(name="DfE", sector="government")]
    campaigns = [
        builders.campaign(title=f"Cross-government leadership on missing people, part {n}")
        for n in range(4)
    ]
    people = []
    for n in range(14):
        person = builders.person(
            name=f"Professor Alexandra Montgomery-Fotheringham {n}",
            organisation=organisations[n % len(organisations)],
            stance="supportive",
            influence=1 + n % 5,
        )
        people.append(person)
        meeting = builders.interaction(
            date=today - datetime.timedelta(days=n * 30),
            people=[person],
            organisations=[person.organisation],
        )
        meeting.campaigns.add(campaigns[n % len(campaigns)])
    builders.person(name="Short", organisation=organisations[-1], stance="champion", influence=5)
    return influence.people_for_maps(Person.objects.all(), today), today


def test_no_two_network_labels_overlap_and_none_leaves_the_chart():
    people, today = crowded_network()
    data = influence.network(people, today)
    spof = {o.pk for o in data["organisations"]}  # every organisation flagged: the widest labels
    layout = influence.network_layout(data, spof)
    boxes = list(layout["boxes"].values())
    assert len(boxes) == len(data["people"]) + len(data["organisations"]) + len(data["campaigns"])
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second), (first.text, second.text)
    for box in boxes:
        assert box.x >= 0 and box.x + box.width <= layout["width"], box.text
        assert box.y >= 0 and box.y + box.height <= layout["height"], box.text


def test_the_chart_draws_each_label_where_the_layout_put_it():
    people, today = crowded_network()
    data = influence.network(people, today)
    layout = influence.network_layout(data)
    chart = influence.network_chart(data, today)
    drawn = re.findall(
        r'<text class="wm-net-label" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)<', chart.body
    )
    assert len(drawn) == len(layout["boxes"])
    expected = {(f"{box.x:.1f}", f"{box.y + 12:.1f}") for box in layout["boxes"].values()}
    assert {(x, y) for x, y, _ in drawn} == expected
    assert f'viewBox="0 0 {layout["width"]} {layout["height"]}"' in chart.svg()


def test_a_long_name_is_shortened_with_an_ellipsis_but_kept_whole_in_the_table():
    people, today = crowded_network()
    data = influence.network(people, today)
    chart = influence.network_chart(data, today)
    assert "…" in chart.body
    assert any(LONG in str(cell) for row in chart.rows for cell in row)
