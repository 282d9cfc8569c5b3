"""Charts drawn as SVG on the server, so they render offline, print sharply and download as files.

Every chart carries its own `<title>` and `<desc>`, the table of numbers it was drawn from (shown
beside it and offered as CSV), and never relies on colour alone: each series has a fill pattern as
well as a colour, and bars and points are labelled with their values.
"""

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Okabe and Ito's palette, distinguishable with the common colour vision deficiencies.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#000000"]
PATTERNS = ["solid", "diagonal", "dots", "horizontal", "cross", "vertical", "grid", "backward"]
FONT = 'font-family="Arial, Helvetica, sans-serif"'
INK = "#0b0c0c"
MUTED = "#505a5f"


@dataclass
class Series:
    label: str
    colour: str
    pattern: str = "solid"


def series_for(labels):
    """One Series per label, each with its own colour and pattern."""
    return [
        Series(label, COLOURS[i % len(COLOURS)], PATTERNS[i % len(PATTERNS)])
        for i, label in enumerate(labels)
    ]


@dataclass
class Chart:
    """A drawn chart with the numbers behind it: `columns` and `rows` make its table and CSV."""

    slug: str
    title: str
    description: str
    columns: list
    rows: list
    body: str = ""
    width: int = 640
    height: int = 320
    defs: list = field(default_factory=list)

    @property
    def title_id(self):
        return f"{self.slug}-title"

    @property
    def desc_id(self):
        return f"{self.slug}-desc"

    @property
    def is_empty(self):
        return not self.rows

    def svg(self, *, standalone=False):
        namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
        # A picture is one image to assistive technology, which hides anything inside it; a chart
        # with links is a group instead, so its links stay reachable (axe nested-interactive).
        role = "group" if "<a " in self.body else "img"
        header = format_html(
            '<svg{} class="wm-chart" viewBox="0 0 {} {}" width="{}" height="{}" role="{}" '
            'aria-labelledby="{} {}" {}><title id="{}">{}</title><desc id="{}">{}</desc>',
            mark_safe(namespace),  # noqa: S308 (a constant)
            self.width,
            self.height,
            self.width,
            self.height,
            role,
            self.title_id,
            self.desc_id,
            mark_safe(FONT),  # noqa: S308 (a constant)
            self.title_id,
            self.title,
            self.desc_id,
            self.description,
        )
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        background = f'<rect width="{self.width}" height="{self.height}" fill="#ffffff"/>'
        return mark_safe(f"{header}{defs}{background}{self.body}</svg>")  # noqa: S308


def pattern_def(chart_slug, index, series):
    """A <pattern> filling with the series colour and its texture; returns (id, markup)."""
    pattern_id = f"{chart_slug}-p{index}"
    c = series.colour
    white = 'stroke="#fff" stroke-width="1.6"'
    marks = {
        "solid": "",
        "diagonal": f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" {white}/>',
        "backward": f'<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" {white}/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
        "horizontal": '<path d="M0,4 h8" stroke="#fff" stroke-width="1.6"/>',
        "vertical": '<path d="M4,0 v8" stroke="#fff" stroke-width="1.6"/>',
        "cross": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" stroke-width="1.2"/>',
        "grid": '<path d="M0,4 h8 M4,0 v8" stroke="#fff" stroke-width="1.2"/>',
    }[series.pattern]
    markup = (
        f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{c}"/>{marks}</pattern>'
    )
    return pattern_id, markup


def _text(x, y, text, *, anchor="start", size=12, weight="normal", fill=INK, extra=""):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}"{extra}>{escape(text)}</text>'
    )


def legend_layout(labels, room=620):
    """(per row, item width) so the longest label fits: long labels get fewer to a row."""
    width = min(room, 30 + 7 * max((len(label) for label in labels), default=0))
    return max(1, room // width), room // max(1, room // width)


def _legend(chart, series, x, y):
    per_row, width = legend_layout([s.label for s in series])
    parts = []
    for i, s in enumerate(series):
        col, row = i % per_row, i // per_row
        lx, ly = x + col * width, y + row * 20
        parts.append(
            f'<rect x="{lx}" y="{ly - 11}" width="14" height="14" fill="url(#{chart.slug}-p{i})" '
            f'stroke="{INK}" stroke-width="0.5"/>'
        )
        parts.append(_text(lx + 20, ly, s.label, size=12))
    return "".join(parts)


def horizontal_bars(slug, title, description, labels, values, *, value_header="Number"):
    """One bar per category, labelled with its value: pipelines and simple counts."""
    # Room for the longest label (about 7 units a character at 12), so none is clipped.
    longest = max((len(str(label)) for label in labels), default=0)
    row_height, label_width, top = 26, max(120, min(360, 7 * longest + 16)), 10
    width = 640
    height = top * 2 + row_height * max(len(labels), 1)
    chart = Chart(
        slug, title, description, ["", value_header], list(zip(labels, values, strict=True))
    )
    chart.width, chart.height = width, height
    pid, markup = pattern_def(slug, 0, Series("", COLOURS[0]))
    chart.defs.append(markup)
    biggest = max(values, default=0) or 1
    bar_room = width - label_width - 60
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row_height
        length = bar_room * value / biggest
        parts.append(_text(label_width - 8, y + 17, label, anchor="end"))
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row_height - 8}" '
            f'fill="url(#{pid})"><title>{escape(label)}: {value}</title></rect>'
        )
        parts.append(_text(label_width + length + 6, y + 17, str(value), weight="bold"))
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" '
        f'stroke="{INK}"/>'
    )
    chart.body = "".join(parts)
    return chart


def stacked_columns(slug, title, description, categories, series_labels, values):
    """Columns over time, each split by series; `values[i][j]` is category i, series j."""
    series = series_for(series_labels)
    left, top, bottom = 40, 20, 40
    per_row = legend_layout(series_labels)[0]
    legend_rows = (len(series) + per_row - 1) // per_row
    width, plot_height = 640, 220
    height = top + plot_height + bottom + legend_rows * 20 + 10
    columns = ["", *series_labels, "Total"]
    rows = [[cat, *vals, sum(vals)] for cat, vals in zip(categories, values, strict=True)]
    chart = Chart(slug, title, description, columns, rows, width=width, height=height)
    for i, s in enumerate(series):
        chart.defs.append(pattern_def(slug, i, s)[1])
    totals = [sum(v) for v in values]
    biggest = max(totals, default=0) or 1
    step = (width - left - 10) / max(len(categories), 1)
    bar = min(step * 0.7, 48)
    base = top + plot_height
    parts = [f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{INK}"/>']
    for i, (category, vals) in enumerate(zip(categories, values, strict=True)):
        x = left + i * step + (step - bar) / 2
        y = base
        for j, value in enumerate(vals):
            if not value:
                continue
            h = plot_height * value / biggest
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="url(#{slug}-p{j})" stroke="#fff" stroke-width="0.5">'
                f"<title>{escape(category)}, {escape(series[j].label)}: {value}</title></rect>"
            )
        parts.append(_text(x + bar / 2, y - 4, str(totals[i]), anchor="middle", weight="bold"))
        parts.append(_text(x + bar / 2, base + 16, category, anchor="middle", size=12))
    chart.body = "".join(parts) + _legend(chart, series, left, base + 40)
    return chart


def stacked_rows(slug, title, description, categories, series_labels, values, *, colours=None):
    """Horizontal bars split by series and scaled to 100%, each segment labelled with its count."""
    series = series_for(series_labels)
    if colours:
        for s, colour in zip(series, colours, strict=False):
            s.colour = colour
    row_height, label_width, top = 30, 90, 10
    width = 640
    per_row = legend_layout(series_labels)[0]
    legend_rows = (len(series) + per_row - 1) // per_row
    height = top + row_height * max(len(categories), 1) + 20 + legend_rows * 20
    columns = ["", *series_labels, "Total"]
    rows = [[cat, *vals, sum(vals)] for cat, vals in zip(categories, values, strict=True)]
    chart = Chart(slug, title, description, columns, rows, width=width, height=height)
    for i, s in enumerate(series):
        chart.defs.append(pattern_def(slug, i, s)[1])
    room = width - label_width - 50
    parts = []
    for i, (category, vals) in enumerate(zip(categories, values, strict=True)):
        y = top + i * row_height
        total = sum(vals)
        parts.append(_text(label_width - 8, y + 19, category, anchor="end", weight="bold"))
        x = label_width
        for j, value in enumerate(vals):
            if not value:
                continue
            w = room * value / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_height - 8}" '
                f'fill="url(#{slug}-p{j})" stroke="#fff" stroke-width="1">'
                f"<title>{escape(category)}, {escape(series[j].label)}: {value}</title></rect>"
            )
            if w > 22:
                parts.append(
                    f'<rect x="{x + w / 2 - 10:.1f}" y="{y + 9}" width="20" height="14" '
                    f'fill="#fff" opacity="0.85"/>'
                )
                parts.append(_text(x + w / 2, y + 20, str(value), anchor="middle", size=12))
            x += w
        parts.append(_text(label_width + room + 6, y + 19, f"n={total}", size=12, fill=MUTED))
    legend_y = top + row_height * max(len(categories), 1) + 24
    chart.body = "".join(parts) + _legend(chart, series, 10, legend_y)
    return chart


MARKERS = ["circle", "square", "triangle", "diamond"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]


def _marker(kind, x, y, colour):
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f},{y - 5:.1f} l5,9 h-10 z" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f},{y - 5:.1f} l5,5 l-5,5 l-5,-5 z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def lines(slug, title, description, categories, series_labels, values, *, maximum=None):
    """Lines over time, told apart by colour, marker shape and dash; `values[i][j]` as above."""
    series = series_for(series_labels)
    left, top, plot_height, width = 40, 20, 200, 640
    per_row, item_width = legend_layout(series_labels)
    height = top + plot_height + 40 + ((len(series) + per_row - 1) // per_row) * 20 + 10
    columns = ["", *series_labels]
    rows = [[cat, *vals] for cat, vals in zip(categories, values, strict=True)]
    chart = Chart(slug, title, description, columns, rows, width=width, height=height)
    for i, s in enumerate(series):
        chart.defs.append(pattern_def(slug, i, s)[1])
    numbers = [v for vals in values for v in vals if v is not None]
    biggest = maximum or max(numbers, default=0) or 1
    step = (width - left - 30) / max(len(categories) - 1, 1)
    base = top + plot_height
    parts = [
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{INK}"/>',
        _text(left - 6, top + 4, f"{biggest:g}", anchor="end", size=12, fill=MUTED),
        _text(left - 6, base, "0", anchor="end", size=12, fill=MUTED),
    ]
    for i, category in enumerate(categories):
        parts.append(_text(left + i * step, base + 16, category, anchor="middle", size=12))
    for j, s in enumerate(series):
        points = [
            (left + i * step, base - plot_height * vals[j] / biggest, vals[j])
            for i, vals in enumerate(values)
            if vals[j] is not None
        ]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        dash = f' stroke-dasharray="{DASHES[j % len(DASHES)]}"' if DASHES[j % len(DASHES)] else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="2"{dash}/>'
        )
        for x, y, value in points:
            parts.append(_marker(MARKERS[j % len(MARKERS)], x, y, s.colour))
            parts.append(f"<title>{escape(s.label)}: {value:g}</title>")
        x, y, value = points[-1]
        parts.append(_text(x + 6, y - 6, f"{value:g}", size=12, weight="bold"))
    legend = []
    for j, s in enumerate(series):
        lx, ly = left + (j % per_row) * item_width, base + 40 + (j // per_row) * 20
        legend.append(_marker(MARKERS[j % len(MARKERS)], lx + 7, ly - 4, s.colour))
        legend.append(_text(lx + 18, ly, s.label))
    chart.body = "".join(parts) + "".join(legend)
    return chart
