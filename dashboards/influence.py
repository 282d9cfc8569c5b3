"""The influence maps: a power/interest grid of stakeholders and a network of who links to whom.

People and organisations are placed by influence (1 to 5, up the grid) and stance (opposed to
champion, across), drawn in their sector's colour AND shape, numbered (the key under the grid
names each number), and sized by how often the team has met them lately. An organisation's
number sits in a framed square, a person's in a circle, so neither looks like the other. The
network joins campaigns, people and
organisations through interactions and roles, thicker and solid when recent, thin and dashed
when old, and names the weak spots: organisations held by one champion, and sectors or areas
with no recent engagement.
"""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from campaigns.models import Ask, Campaign
from dashboards import svg
from dashboards.leadership import remembered
from stakeholders.models import Interaction, Organisation, Person, Role

RECENT_DAYS = 90
NETWORK_DAYS = 730
STANCES = [
    Person.Stance.OPPOSED,
    Person.Stance.SCEPTICAL,
    Person.Stance.NEUTRAL,
    Person.Stance.SUPPORTIVE,
    Person.Stance.CHAMPION,
]
# Each sector has a colour and a shape, so no one needs to tell colours apart (and the grid's key
# and every point's name say it in words).
SECTOR_MARKS = {
    Organisation.Sector.POLICE: ("#0072B2", "circle"),
    Organisation.Sector.LOCAL_AUTHORITY: ("#E69F00", "square"),
    Organisation.Sector.HEALTH: ("#009E73", "triangle"),
    Organisation.Sector.EDUCATION: ("#CC79A7", "diamond"),
    Organisation.Sector.THIRD_SECTOR: ("#56B4E9", "hexagon"),
    Organisation.Sector.GOVERNMENT: ("#D55E00", "pentagon"),
    Organisation.Sector.PARLIAMENT: ("#000000", "octagon"),
    Organisation.Sector.INSPECTORATE: ("#999999", "star"),
}
NO_SECTOR = ("#ffffff", "ring")


def sector_mark(sector):
    return SECTOR_MARKS.get(sector, NO_SECTOR)


def sector_legend():
    """(label, icon) for each sector: the icon is the mark the maps draw, at legend size."""
    sectors = [(label, SECTOR_MARKS[value]) for value, label in Organisation.Sector.choices]
    return [
        (label, mark_safe(grid_mark(kind, 10, 10, 8.5, fill)))  # noqa: S308 (our own markup)
        for label, (fill, kind) in [*sectors, ("No organisation", NO_SECTOR)]
    ]


def people_for_maps(people, today):
    """People annotated with `recent`: interactions in the last 90 days.

    A subquery per person, worked out only for the people asked about: callers narrow the
    queryset first (the focus, or a page of the table).
    """
    since = today - datetime.timedelta(days=RECENT_DAYS)
    recent = (
        Interaction.people.through.objects.filter(
            person=OuterRef("pk"), interaction__date__gte=since
        )
        .order_by()
        .values("person")
        .annotate(n=Count("interaction_id"))
        .values("n")
    )
    return (
        people.not_erased()
        .select_related("organisation", "owner")
        .annotate(recent=Coalesce(Subquery(recent, output_field=IntegerField()), Value(0)))
        .order_by(F("influence").desc(nulls_last=True), "name", "pk")
    )


def organisations_for_maps(organisations, today):
    """Organisations annotated with `recent`: interactions in 90 days with them or their staff.

    "With them" is the organisation's own timeline: meetings naming the organisation, or anyone
    who works there now. An interaction naming both counts once: meetings naming it, plus
    meetings with its staff, less the meetings that did both. Each of the three is counted from
    the organisation's side through indexes, where one OR across two joins scanned every
    recent interaction once per organisation.
    """
    since = today - datetime.timedelta(days=RECENT_DAYS)
    named = Interaction.organisations.through.objects.filter(
        organisation=OuterRef("pk"), interaction__date__gte=since
    )
    with_staff = Interaction.people.through.objects.filter(
        person__organisation=OuterRef("pk"), interaction__date__gte=since
    )
    both = named.filter(
        Exists(
            Interaction.people.through.objects.filter(
                interaction=OuterRef("interaction"), person__organisation=OuterRef("organisation")
            )
        )
    )

    def count(rows, group):
        rows = (
            rows.order_by()
            .values(group)
            .annotate(n=Count("interaction_id", distinct=True))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return (
        organisations.select_related("local_area")
        .annotate(
            recent=count(named, "organisation")
            + count(with_staff, "person__organisation")
            - count(both, "organisation")
        )
        .order_by(F("influence").desc(nulls_last=True), "name", "pk")
    )


def most_influential(queryset, limit):
    """The `limit` most influential of `queryset`, ties by name: the maps' default focus.

    The unrated come last. Picked as a subquery over the filtered ids alone, so the per-row
    figures that follow are worked out for `limit` rows, however many match.
    """
    top = queryset.by_influence().values("pk")[:limit]
    return queryset.model.objects.filter(pk__in=top)


NOT_RATED_SHOWN = 20


def not_rated_yet(queryset):
    """Those of `queryset` whose influence or stance is not rated yet: how many, and the first
    few by name, listed beside the grid rather than placed on it."""
    unrated = queryset.unrated()
    return {
        "count": unrated.count(),
        "first": list(unrated.order_by("name", "pk")[:NOT_RATED_SHOWN]),
    }


def cell_totals(*querysets):
    """{(stance, influence): how many} over all of `querysets`, for the grid's "+n more"."""
    totals = {}
    for queryset in querysets:
        rows = queryset.rated().order_by().values("stance", "influence").annotate(n=Count("pk"))
        for row in rows:
            key = (row["stance"], row["influence"])
            totals[key] = totals.get(key, 0) + row["n"]
    return totals


def shape(kind, x, y, r, fill):
    stroke = 'stroke="#0b0c0c" stroke-width="1.5"'
    if kind == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" '
            f'fill="{fill}" {stroke}/>'
        )
    if kind == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#ffffff" {stroke} '
            'stroke-dasharray="3 2"/>'
        )
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" {stroke}/>'
    sides = {"triangle": 3, "diamond": 4, "pentagon": 5, "hexagon": 6, "octagon": 8, "star": 10}[
        kind
    ]
    points = []
    for i in range(sides):
        angle = -math.pi / 2 + 2 * math.pi * i / sides
        radius = r * 1.25 if kind != "star" or i % 2 == 0 else r * 0.6
        if kind == "triangle":
            radius = r * 1.35
        points.append(f"{x + radius * math.cos(angle):.1f},{y + radius * math.sin(angle):.1f}")
    return f'<polygon points="{" ".join(points)}" fill="{fill}" {stroke}/>'


# What to do with the people in each corner of the grid, named above the high-influence rows and
# below the low ones, each over the two stance columns it describes (neutral, in the middle, is
# in none): (first column, high influence?, words).
QUADRANTS = [
    (0, True, "High influence, sceptical: persuade"),
    (3, True, "High influence, supportive: keep close"),
    (0, False, "Low influence, sceptical: keep an eye on"),
    (3, False, "Low influence, supportive: keep informed"),
]


def grid_cells(stakeholders):
    """{(stance, influence): [people and organisations in that square]}, in the order given."""
    cells = {(stance, influence): [] for stance in STANCES for influence in range(1, 6)}
    for stakeholder in stakeholders:
        if not stakeholder.is_rated:
            continue  # listed under "Not rated yet", never placed as if rated
        cells.setdefault((stakeholder.stance, stakeholder.influence), []).append(stakeholder)
    return cells


# The grid. Every placed point is numbered inside its mark, 1, 2, 3… square by square in reading
# order (the top row of squares left to right, then the next), and the key under the grid gives
# each number its name, organisation and sector: a name written beside each point never fitted
# at a readable size (15 points to a square), a number always does. Sizes are in SVG units,
# drawn one to one with CSS pixels in the main column at 1280 px (the chart is as wide as it).
GRID = {
    "left": 58,
    "top": 44,
    "cell_w": 180,
    "cell_h": 128,
    "per_row": 5,
    "max_points": 15,
    "slot": 35,  # points are this far apart, across and down
    "inset": 20,  # from a square's top left corner to the centre of its first point
}
GRID_WIDTH = GRID["left"] + 5 * GRID["cell_w"] + 2  # 960: the main column's width
NUMBER_FONT = 12
# Arial bold digits are 0.56 em wide and 0.72 em tall; the box allows a little more of each.
DIGIT_WIDTH, DIGIT_HEIGHT = 0.6, 0.75
CHIP = 9.5  # the radius of the white circle holding a person's number
# Half the side of the framed square holding an organisation's number (its 2-unit frame leaves
# 7.5 inside): smaller than the circle, so a small mark's shape still shows around it.
ORG_CHIP, ORG_FRAME = 8.5, 2
MORE_FONT = 12


def engagement_size(recent):
    """Half the width of a point's mark: met three times or more lately is large, never met
    small. The smallest still shows its sector's shape and colour around the number."""
    if recent >= 3:
        return 16.5
    if recent >= 1:
        return 14.5
    return 12.5


def grid_mark(kind, x, y, half, fill):
    """The sector's shape filling the box `half` either side of (x, y), and no further."""
    stroke = 'stroke="#0b0c0c" stroke-width="1.5"'
    if kind == "square":
        side = 2 * half
        return (
            f'<rect x="{x - half:.1f}" y="{y - half:.1f}" width="{side}" height="{side}" '
            f'fill="{fill}" {stroke}/>'
        )
    if kind == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{half}" fill="#ffffff" {stroke} '
            'stroke-dasharray="3 2"/>'
        )
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{half}" fill="{fill}" {stroke}/>'
    if kind == "triangle":
        corners = [(0, -half), (half, half), (-half, half)]
    else:
        sides = {"diamond": 4, "pentagon": 5, "hexagon": 6, "octagon": 8, "star": 10}[kind]
        corners = []
        for i in range(sides):
            angle = -math.pi / 2 + 2 * math.pi * i / sides
            radius = half * (0.62 if kind == "star" and i % 2 else 1)
            corners.append((radius * math.cos(angle), radius * math.sin(angle)))
    points = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)
    return f'<polygon points="{points}" fill="{fill}" {stroke}/>'


def number_box(number, x, y):
    """Where a point's number is drawn: centred on (x, y), at NUMBER_FONT bold."""
    text = str(number)
    width = len(text) * NUMBER_FONT * DIGIT_WIDTH
    height = NUMBER_FONT * DIGIT_HEIGHT
    return LabelBox(text, x - width / 2, y - height / 2, width, height)


@dataclass
class GridPoint:
    """A placed person or organisation: its number, where it is, and what it is called."""

    number: int
    stakeholder: object
    square: tuple  # (stance, influence)
    x: float
    y: float
    half: float  # half the width of its mark
    chip_y: float  # the centre of the number, lower in a triangle, whose room is at the base
    head: str  # "3: Priya Shah, Kent Police (Police)": the key's visible text
    label: str  # the head, then influence, stance and meetings: the name of both links
    url: str

    @property
    def is_organisation(self):
        return isinstance(self.stakeholder, Organisation)

    @property
    def box(self):
        """The mark's box, with the outer half of its outline's 1.5 stroke."""
        pad = 0.75
        return LabelBox(
            self.head,
            self.x - self.half - pad,
            self.y - self.half - pad,
            2 * (self.half + pad),
            2 * (self.half + pad),
        )

    @property
    def number_box(self):
        return number_box(self.number, self.x, self.chip_y)

    @property
    def head_after_number(self):
        """The head without its number, which the key sets in bold before it."""
        return self.head[len(str(self.number)) :]


def _describe(stakeholder, number):
    """(head, label): what the key shows, and the full name of the point and its key entry."""
    recent = stakeholder.recent
    rating = (
        f"influence {stakeholder.influence}, {stakeholder.get_stance_display()}, {recent} "
        f"interaction{'s' if recent != 1 else ''} in the last 90 days"
    )
    if isinstance(stakeholder, Organisation):
        sector = stakeholder.get_sector_display()
        head = f"{number}: {stakeholder.name} (organisation{', ' + sector if sector else ''})"
    elif stakeholder.organisation_id:
        organisation = stakeholder.organisation
        sector = organisation.get_sector_display()
        head = f"{number}: {stakeholder.name}, {organisation.name}" + (
            f" ({sector})" if sector else ""
        )
    else:
        head = f"{number}: {stakeholder.name}"
    return head, f"{head}: {rating}"


def grid_layout(people, organisations=(), totals=None):
    """Every point's place and number, and each square's "+n more", for drawing and testing.

    Points sit on a fixed pitch (`slot`), five to a row and three rows to a square, so no mark
    meets another and every number is inside its own mark; "+n more" has a strip of its own
    under the points. Returns {"points": [GridPoint], "more": {(stance, influence): (n, box)},
    "squares": {(stance, influence): LabelBox}, "width", "height"}.
    """
    g = GRID
    cells = grid_cells([*organisations, *people])
    points, more, squares = [], {}, {}
    number = 0
    for row, influence in enumerate(range(5, 0, -1)):
        for col, stance in enumerate(STANCES):
            x0, y0 = g["left"] + col * g["cell_w"], g["top"] + row * g["cell_h"]
            squares[(stance, influence)] = LabelBox("", x0, y0, g["cell_w"], g["cell_h"])
            members = cells.get((stance, influence), [])
            shown = members[: g["max_points"]]
            for i, stakeholder in enumerate(shown):
                number += 1
                x = x0 + g["inset"] + (i % g["per_row"]) * g["slot"]
                y = y0 + g["inset"] + (i // g["per_row"]) * g["slot"]
                sector = (
                    stakeholder.sector
                    if isinstance(stakeholder, Organisation)
                    else (stakeholder.organisation.sector if stakeholder.organisation_id else "")
                )
                half = engagement_size(stakeholder.recent)
                kind = sector_mark(sector)[1]
                head, label = _describe(stakeholder, number)
                url = (
                    reverse("stakeholders:organisation", args=[stakeholder.pk])
                    if isinstance(stakeholder, Organisation)
                    else reverse("stakeholders:person", args=[stakeholder.pk])
                )
                points.append(
                    GridPoint(
                        number,
                        stakeholder,
                        (stance, influence),
                        x,
                        y,
                        half,
                        y + (half - CHIP - 1 if kind == "triangle" else 0),
                        head,
                        label,
                        url,
                    )
                )
            total = max(len(members), (totals or {}).get((stance, influence), 0))
            if total > len(shown):
                text = f"+{total - len(shown):,} more"
                width = label_width(text, MORE_FONT)
                right, baseline = x0 + g["cell_w"] - 6, y0 + g["cell_h"] - 6
                box = LabelBox(text, right - width, baseline - MORE_FONT, width, MORE_FONT + 3)
                more[(stance, influence)] = (total - len(shown), box)
    return {
        "points": points,
        "more": more,
        "squares": squares,
        "width": GRID_WIDTH,
        "height": g["top"] + g["cell_h"] * 5 + 74,
    }


def grid_chart(people, organisations=(), *, editable=False, totals=None):
    """The power/interest grid as SVG; each point links to its record and may be dragged.

    Organisations come first in each square, so a crowd of people never hides them behind
    "+n more". `totals` ({(stance, influence): how many match}) counts, in "+n more", those
    left out of a focused view as well as those the square has no room for. The chart's `key`
    lists the numbered points in order, for the key under the grid.
    """
    g = GRID
    organisations = list(organisations)
    layout = grid_layout(people, organisations, totals)
    width, height = layout["width"], layout["height"]
    parts = []
    for (stance, influence), square in layout["squares"].items():
        col, row = STANCES.index(stance), 5 - influence
        shade = "#f8f8f8" if (col + row) % 2 else "#ffffff"
        parts.append(
            f'<rect class="wm-grid-cell" x="{square.x}" y="{square.y}" width="{g["cell_w"]}" '
            f'height="{g["cell_h"]}" fill="{shade}" stroke="#b1b4b6" '
            f'data-stance="{stance.value}" data-influence="{influence}"/>'
        )
    for col, stance in enumerate(STANCES):
        x = g["left"] + col * g["cell_w"] + g["cell_w"] / 2
        parts.append(
            f'<text x="{x}" y="{g["top"] + 5 * g["cell_h"] + 18}" text-anchor="middle" '
            f'font-size="13" font-weight="bold">{stance.label}</text>'
        )
    parts.append(
        f'<text x="{g["left"] + 2.5 * g["cell_w"]}" y="{height - 8}" text-anchor="middle" '
        'font-size="12" fill="#505a5f">Stance towards the charity’s asks →</text>'
    )
    for first_column, high, words in QUADRANTS:
        x = g["left"] + (first_column + 1) * g["cell_w"]
        y = g["top"] - 14 if high else g["top"] + 5 * g["cell_h"] + 40
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="middle" font-size="12" font-style="italic" '
            f'fill="#0b0c0c" class="wm-grid-quadrant">{words}</text>'
        )
    for row, influence in enumerate(range(5, 0, -1)):
        y = g["top"] + row * g["cell_h"] + g["cell_h"] / 2 + 5
        parts.append(
            f'<text x="{g["left"] - 12}" y="{y}" text-anchor="end" font-size="14" '
            f'font-weight="bold">{influence}</text>'
        )
    parts.append(
        f'<text transform="translate(18 {g["top"] + 2.5 * g["cell_h"]}) rotate(-90)" '
        'text-anchor="middle" font-size="12" fill="#505a5f">Influence (1 little, 5 decisive) →'
        "</text>"
    )
    for point in layout["points"]:
        parts.append(_grid_point(point, editable=editable))
    for _, box in layout["more"].values():
        parts.append(
            f'<text class="wm-grid-more" x="{box.x + box.width:.1f}" y="{box.y + MORE_FONT:.1f}" '
            f'text-anchor="end" font-size="{MORE_FONT}">{box.text}</text>'
        )
    numbers = {id(point.stakeholder): point.number for point in layout["points"]}
    table = []
    for person in people:
        table.append(
            [
                person.name,
                "Person",
                person.organisation.name if person.organisation_id else "",
                person.organisation.get_sector_display() if person.organisation_id else "",
                person.influence,
                person.get_stance_display(),
                person.recent,
                numbers.get(id(person), ""),
            ]
        )
    for organisation in organisations:
        table.append(
            [
                organisation.name,
                "Organisation",
                "",
                organisation.get_sector_display(),
                organisation.influence,
                organisation.get_stance_display(),
                organisation.recent,
                numbers.get(id(organisation), ""),
            ]
        )
    chart = svg.Chart(
        "influence-grid",
        "Influence and stance of stakeholders",
        "Each person and organisation placed by their influence over missing policy or "
        "practice (up) and their stance towards the charity's asks (across), and numbered; the "
        "key under the grid names each number. Shape and colour give the sector; an "
        "organisation's number sits in a framed square, a person's in a circle; larger "
        "points were met more often in the last 90 days. The corners are named for what to do: "
        + "; ".join(words for _, _, words in QUADRANTS)
        + ".",
        [
            "Name",
            "Person or organisation",
            "Organisation",
            "Sector",
            "Influence",
            "Stance",
            "Interactions, last 90 days",
            "Number on the grid",
        ],
        table,
        width=width,
        height=height,
    )
    chart.body = "".join(parts)
    chart.key = _grid_key(layout)
    return chart


def _grid_key(layout):
    """The key under the grid: each square with points, in number order, and what it holds."""
    squares = []
    for square in layout["squares"]:
        points = [p for p in layout["points"] if p.square == square]
        more = layout["more"].get(square, (0, None))[0]
        if points or more:
            stance, influence = square
            squares.append(
                {
                    "heading": f"Influence {influence}, {Person.Stance(stance).label.lower()}",
                    "points": points,
                    "more": more,
                }
            )
    return squares


def _grid_point(point, *, editable):
    """A numbered point: its sector's mark, and its number on a chip, linking to its record."""
    stakeholder = point.stakeholder
    if point.is_organisation:
        sector = stakeholder.sector
        kind_attribute = f'data-organisation="{stakeholder.pk}" '
        row = f"organisation-row-{stakeholder.pk}"
        rate_view = "dashboards:rate_organisation"
        classes = "wm-point wm-point--organisation"
    else:
        sector = stakeholder.organisation.sector if stakeholder.organisation_id else ""
        kind_attribute = f'data-person="{stakeholder.pk}" '
        row = f"person-row-{stakeholder.pk}"
        rate_view = "dashboards:rate_person"
        classes = "wm-point"
    fill, kind = sector_mark(sector)
    rate = f' data-rate-url="{reverse(rate_view, args=[stakeholder.pk])}"' if editable else ""
    x, y, cy = point.x, point.y, point.chip_y
    if point.is_organisation:
        # An organisation's number sits in a framed square, so it never looks like a person.
        chip = (
            f'<rect x="{x - ORG_CHIP:.1f}" y="{cy - ORG_CHIP:.1f}" width="{2 * ORG_CHIP}" '
            f'height="{2 * ORG_CHIP}" rx="2" fill="#ffffff" stroke="#0b0c0c" '
            f'stroke-width="{ORG_FRAME}"/>'
        )
    else:
        chip = (
            f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="{CHIP}" fill="#ffffff" stroke="#0b0c0c" '
            'stroke-width="1"/>'
        )
    # The number's baseline: its digits' middle (0.36 em above the baseline) on the chip's.
    baseline = cy + NUMBER_FONT * 0.36
    return (
        f'<a href="{point.url}" class="{classes}" {kind_attribute}data-row="{row}"{rate} '
        f'data-number="{point.number}" data-x="{x:.1f}" data-y="{y:.1f}" '
        f'aria-label="{escape(point.label)}">'
        f"<title>{escape(point.label)}</title>"
        f"{grid_mark(kind, x, y, point.half, fill)}{chip}"
        f'<text class="wm-grid-number" x="{x:.1f}" y="{baseline:.1f}" text-anchor="middle" '
        f'font-size="{NUMBER_FONT}" font-weight="bold" fill="#0b0c0c" pointer-events="none">'
        f"{point.number}</text>"
        "</a>"
    )


# The network


def recency_band(last, today):
    """'recent' (90 days), 'year' or 'older': drawn thick, medium and thin-dashed."""
    if last is None:
        return "older"
    age = (today - last).days
    if age <= RECENT_DAYS:
        return "recent"
    if age <= 365:
        return "year"
    return "older"


BAND_STYLE = {
    "recent": ('stroke-width="3.5"', "in the last 90 days"),
    "year": ('stroke-width="1.8"', "in the last year"),
    "older": ('stroke-width="1" stroke-dasharray="4 3"', "more than a year ago"),
}


@dataclass
class Edge:
    source: tuple
    target: tuple
    kind: str
    last: datetime.date | None
    count: int
    band: str = ""


def _busiest(nodes, kind, edges, limit):
    """At most `limit` of `nodes`, those with most links first (then in their given order)."""
    if limit is None or len(nodes) <= limit:
        return nodes
    links = {}
    for edge in edges:
        for end in (edge.source, edge.target):
            if end[0] == kind:
                links[end[1]] = links.get(end[1], 0) + 1
    keep = set(sorted((n.pk for n in nodes), key=lambda pk: -links.get(pk, 0))[:limit])
    return [n for n in nodes if n.pk in keep]


def network(people, today, *, max_organisations=None, max_campaigns=None):
    """Nodes and edges for the given people, a fixed number of queries.

    Give it a focused set of people (see `most_influential`): every query here is bounded by
    their ids. The organisation and campaign columns are cut to the `max_*` with most links;
    `organisations_total` and `campaigns_total` say how many there were before the cut.
    """
    window = today - datetime.timedelta(days=NETWORK_DAYS)
    people = list(people)
    person_ids = [p.pk for p in people]
    edges = []
    # People to organisations: current roles, and roles that ended within the window.
    roles = (
        Role.objects.filter(person_id__in=person_ids, organisation__isnull=False)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=window))
        .values("person_id", "organisation_id")
        .annotate(current=Count("id", filter=Q(ended_on__isnull=True)), last=Max("ended_on"))
    )
    linked = set()
    for row in roles:
        last = today if row["current"] else row["last"]
        edges.append(
            Edge(("person", row["person_id"]), ("org", row["organisation_id"]), "role", last, 1)
        )
        linked.add((row["person_id"], row["organisation_id"]))
    for person in people:
        if person.organisation_id and (person.pk, person.organisation_id) not in linked:
            edges.append(
                Edge(("person", person.pk), ("org", person.organisation_id), "role", today, 1)
            )
    # Meetings are read from the people's and organisations' side (their rows in the
    # attendance tables, by index), not from every interaction in the two-year window.
    attended = Interaction.people.through.objects.filter(
        person__in=person_ids,
        interaction__date__gte=window,
        interaction__campaigns__isnull=False,
    )
    for row in (
        attended.values("person_id", "interaction__campaigns")
        .annotate(last=Max("interaction__date"), n=Count("interaction_id", distinct=True))
        .order_by()
    ):
        edges.append(
            Edge(
                ("campaign", row["interaction__campaigns"]),
                ("person", row["person_id"]),
                "meeting",
                row["last"],
                row["n"],
            )
        )
    # Campaigns to the people and organisations their asks target.
    for row in (
        Ask.objects.filter(target_people__in=person_ids)
        .values("campaign_id", "target_people")
        .annotate(last=Max("status_changed_at"), n=Count("id"))
        .order_by()
    ):
        edges.append(
            Edge(
                ("campaign", row["campaign_id"]),
                ("person", row["target_people"]),
                "ask",
                timezone.localdate(row["last"]),
                row["n"],
            )
        )
    org_ids = {e.target[1] for e in edges if e.target[0] == "org"}
    for row in (
        Ask.objects.filter(target_organisations__in=org_ids)
        .values("campaign_id", "target_organisations")
        .annotate(last=Max("status_changed_at"), n=Count("id"))
        .order_by()
    ):
        edges.append(
            Edge(
                ("campaign", row["campaign_id"]),
                ("org", row["target_organisations"]),
                "ask",
                timezone.localdate(row["last"]),
                row["n"],
            )
        )
    named = Interaction.organisations.through.objects.filter(
        organisation__in=org_ids,
        interaction__date__gte=window,
        interaction__campaigns__isnull=False,
    )
    for row in (
        named.values("organisation_id", "interaction__campaigns")
        .annotate(last=Max("interaction__date"), n=Count("interaction_id", distinct=True))
        .order_by()
    ):
        edges.append(
            Edge(
                ("campaign", row["interaction__campaigns"]),
                ("org", row["organisation_id"]),
                "meeting",
                row["last"],
                row["n"],
            )
        )
    for edge in edges:
        edge.band = recency_band(edge.last, today)
    campaign_ids = {e.source[1] for e in edges if e.source[0] == "campaign"}
    organisations = list(Organisation.objects.filter(pk__in=org_ids).order_by("sector", "name"))
    campaigns = list(Campaign.objects.filter(pk__in=campaign_ids).order_by("priority", "title"))
    return {
        "people": people,
        "organisations": _busiest(organisations, "org", edges, max_organisations),
        "campaigns": _busiest(campaigns, "campaign", edges, max_campaigns),
        "organisations_total": len(organisations),
        "campaigns_total": len(campaigns),
        "edges": edges,
    }


def single_points_of_failure(organisation_ids=None):
    """Organisations whose only ally is one champion, among `organisation_ids` when given."""
    organisations = Organisation.objects.all()
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=organisation_ids)
    return organisations.single_points_of_failure()


def engagement_gaps(today, days=RECENT_DAYS):
    """Sectors and police force areas with no interaction in the last `days` days.

    Remembered, like the engagement chart, until interactions, people or organisations change.
    """
    return remembered(
        f"engagement-gaps-{days}",
        today,
        lambda: Interaction.objects.engagement_gaps(today - datetime.timedelta(days=days)),
    )


NODE_GAP = 24
EDGE_COLOURS = {"role": "#505a5f", "meeting": "#1d70b8", "ask": "#d53880"}
EDGE_WORDS = {"role": "Works or worked there", "meeting": "Met about it", "ask": "Asked of them"}
# Network labels: at most this many characters (the full name is in the table under the
# chart), and a width per character generous enough for any sans-serif the browser picks, so
# the room reserved for a label is never less than the label needs.
LABEL_CHARS = 48
CHAR_WIDTH = {"normal": 0.6, "bold": 0.66}
LABEL_FONT = 12
EDGE_ROOM = 140  # the horizontal run of the curves between two columns


@dataclass
class LabelBox:
    """Where a label is drawn: its box, for the layout (and the tests) to check overlaps."""

    text: str
    x: float  # left edge
    y: float  # top edge
    width: float
    height: float

    def overlaps(self, other):
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )


def label_width(text, size=LABEL_FONT, weight="normal"):
    return len(text) * size * CHAR_WIDTH[weight]


def _label_text(text):
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def network_layout(data, spof_ids=()):
    """Node positions and label boxes: no label overlaps another, and none leaves the chart.

    Each column keeps one row per node (NODE_GAP apart, taller than a label) and every label
    sits level with its node, so labels in a column never meet; the columns are then spaced by
    the widest label each holds, so labels in neighbouring columns never meet either. Campaign
    labels sit left of their squares, people's and organisations' right of their marks.
    """
    labels = {}
    for campaign in data["campaigns"]:
        labels[("campaign", campaign.pk)] = (_label_text(campaign.title), "normal")
    for person in data["people"]:
        text = f"{_label_text(person.name)} ({person.get_stance_display().lower()})"
        labels[("person", person.pk)] = (text, "normal")
    for org in data["organisations"]:
        flag = org.pk in spof_ids
        text = _label_text(org.name) + (" – one champion" if flag else "")
        labels[("org", org.pk)] = (text, "bold" if flag else "normal")

    def widest(kind):
        return max(
            (label_width(t, weight=w) for (k, _), (t, w) in labels.items() if k == kind),
            default=0,
        )

    columns = {}
    columns["campaign"] = max(120, 10 + widest("campaign") + 14)
    columns["person"] = columns["campaign"] + EDGE_ROOM + 10
    columns["org"] = columns["person"] + 12 + widest("person") + EDGE_ROOM / 2 + 30
    width = int(columns["org"] + 14 + widest("org") + 10)
    lists = {"campaign": data["campaigns"], "person": data["people"], "org": data["organisations"]}
    tallest = max((len(items) for items in lists.values()), default=0)
    height = 60 + NODE_GAP * max(tallest, 1)
    positions, boxes = {}, {}
    for kind, items in lists.items():
        offset = 40 + (tallest - len(items)) * NODE_GAP / 2
        for i, item in enumerate(items):
            x, y = columns[kind], offset + i * NODE_GAP
            positions[(kind, item.pk)] = (x, y)
            text, weight = labels[(kind, item.pk)]
            w = label_width(text, weight=weight)
            left = x - 14 - w if kind == "campaign" else x + (12 if kind == "person" else 14)
            boxes[(kind, item.pk)] = LabelBox(text, left, y - 8, w, LABEL_FONT + 4)
    return {
        "columns": columns,
        "positions": positions,
        "boxes": boxes,
        "labels": labels,
        "width": width,
        "height": height,
    }


def network_chart(data, today, spof_ids=()):
    """Campaigns on the left, people in the middle, organisations on the right."""
    layout = network_layout(data, spof_ids)
    columns, positions, boxes = layout["columns"], layout["positions"], layout["boxes"]
    width, height = layout["width"], layout["height"]
    parts = [
        f'<text class="wm-net-heading" x="{columns["campaign"]:.1f}" y="20" text-anchor="middle" '
        'font-size="13" '
        'font-weight="bold">Campaigns</text>',
        f'<text class="wm-net-heading" x="{columns["person"]:.1f}" y="20" text-anchor="middle" '
        'font-size="13" '
        'font-weight="bold">People</text>',
        f'<text class="wm-net-heading" x="{columns["org"]:.1f}" y="20" text-anchor="start" '
        'font-size="13" '
        'font-weight="bold">Organisations</text>',
    ]
    for edge in data["edges"]:
        if edge.source not in positions or edge.target not in positions:
            continue
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        if edge.source[0] == "person":
            # Out from the end of the person's label, not from under it.
            box = boxes[edge.source]
            x1 = box.x + box.width + 4
        style, words = BAND_STYLE[edge.band]
        mid = (x1 + x2) / 2
        parts.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},'
            f'{y2:.1f}" fill="none" stroke="{EDGE_COLOURS[edge.kind]}" stroke-opacity="0.75" '
            f"{style}><title>{EDGE_WORDS[edge.kind]}, last {words}</title></path>"
        )

    def label(key, weight="normal"):
        box = boxes[key]
        # A white halo keeps a label readable where a line passes behind it.
        return (
            f'<text class="wm-net-label" x="{box.x:.1f}" y="{box.y + 12:.1f}" font-size="'
            f'{LABEL_FONT}" font-weight="{weight}" paint-order="stroke" stroke="#ffffff" '
            f'stroke-width="3">{escape(box.text)}</text>'
        )

    for campaign in data["campaigns"]:
        x, y = positions[("campaign", campaign.pk)]
        parts.append(
            f'<a href="{campaign.get_absolute_url()}">'
            f'<rect x="{x - 8:.1f}" y="{y - 8:.1f}" width="16" height="16" fill="#1d70b8"/>'
            f"{label(('campaign', campaign.pk))}</a>"
        )
    for person in data["people"]:
        x, y = positions[("person", person.pk)]
        fill, kind = sector_mark(person.organisation.sector if person.organisation_id else "")
        parts.append(
            f'<a href="{reverse("stakeholders:person", args=[person.pk])}">'
            f"{shape(kind, x, y, 7, fill)}{label(('person', person.pk))}</a>"
        )
    for org in data["organisations"]:
        x, y = positions[("org", org.pk)]
        fill, kind = sector_mark(org.sector)
        flag = org.pk in spof_ids
        warning = (
            f'<text class="wm-net-flag" x="{x - 16:.1f}" y="{y + 5:.1f}" text-anchor="middle" '
            'font-size="14" '
            'font-weight="bold" fill="#d4351c">!</text>'
            if flag
            else ""
        )
        parts.append(
            f'<a href="{org.get_absolute_url()}">{warning}'
            f"{shape(kind, x, y, 7, fill)}"
            f"{label(('org', org.pk), 'bold' if flag else 'normal')}</a>"
        )
    names = {("campaign", c.pk): c.title for c in data["campaigns"]}
    names.update({("person", p.pk): p.name for p in data["people"]})
    names.update({("org", o.pk): o.name for o in data["organisations"]})
    rows = [
        [
            names.get(e.source, ""),
            names.get(e.target, ""),
            {"role": "Role", "meeting": "Interactions", "ask": "Asks"}[e.kind],
            e.count,
            e.last or "",
            BAND_STYLE[e.band][1],
        ]
        for e in data["edges"]
        if e.source in names and e.target in names
    ]
    chart = svg.Chart(
        "network-map",
        "Network of campaigns, people and organisations",
        "Lines join campaigns to the people and organisations met about them (blue) or their "
        "asks target (pink), and people to the organisations they work or worked in (grey). "
        "Thick solid lines are links from the last 90 "
        "days, thinner ones from the last year, dashed ones older. Organisations marked ! rest "
        "on a single champion.",
        ["From", "To", "Link", "Interactions", "Last", "When"],
        rows,
        width=width,
        height=height,
    )
    chart.body = "".join(parts)
    return chart
