"""Chart text is readable: no clipped labels, nothing smaller than 12 units."""

import re

from dashboards import svg


def font_sizes(markup):
    return [float(size) for size in re.findall(r'font-size="([0-9.]+)"', markup)]


def test_long_bar_labels_get_room_instead_of_being_clipped():
    label = "Parliamentary committees and published reports"
    chart = svg.horizontal_bars("sources", "Sources", "Where openings came from", [label], [3])
    anchor = float(re.search(r'<text x="([0-9.]+)"[^>]*text-anchor="end"', chart.body).group(1))
    assert anchor >= 7 * len(label)  # the label ends here, so it needs this much room


def test_chart_text_is_at_least_12_units():
    charts = [
        svg.horizontal_bars("a", "A", "A", ["One", "Two"], [1, 2]),
        svg.stacked_columns("b", "B", "B", ["Kent", "Surrey"], ["x", "y"], [[1, 2], [3, 4]]),
        svg.lines("c", "C", "C", ["Jan", "Feb"], ["x"], [[1], [2]]),
    ]
    for chart in charts:
        sizes = font_sizes(str(chart.svg()))
        assert sizes and min(sizes) >= 12, (chart.slug, sorted(set(sizes)))
