"""A tile-grid map of the 43 police force areas of England and Wales, one equal square each.

Coordinates are (column, row), row 0 in the north, placed by hand so each force sits roughly
where it is and beside its neighbours. Nothing is fetched: the map is this table.
"""

import re

from django.utils.html import escape

from dashboards.svg import INK, Chart

# name, short label, column, row
TILES = [
    ("Northumbria", "NUM", 4, 0),
    ("Cumbria", "CUM", 3, 1),
    ("Durham", "DUR", 4, 1),
    ("Lancashire", "LAN", 2, 2),
    ("North Yorkshire", "NYO", 3, 2),
    ("Cleveland", "CLE", 4, 2),
    ("Merseyside", "MER", 1, 3),
    ("Greater Manchester", "GMP", 2, 3),
    ("West Yorkshire", "WYO", 3, 3),
    ("Humberside", "HUM", 4, 3),
    ("North Wales", "NWA", 0, 4),
    ("Cheshire", "CHE", 1, 4),
    ("Derbyshire", "DER", 2, 4),
    ("South Yorkshire", "SYO", 3, 4),
    ("Lincolnshire", "LIN", 4, 4),
    ("Dyfed-Powys", "DYP", 0, 5),
    ("West Mercia", "WME", 1, 5),
    ("Staffordshire", "STA", 2, 5),
    ("Nottinghamshire", "NOT", 3, 5),
    ("Leicestershire", "LEI", 4, 5),
    ("Norfolk", "NOR", 5, 5),
    ("South Wales", "SWA", 0, 6),
    ("Gwent", "GWE", 1, 6),
    ("West Midlands", "WMI", 2, 6),
    ("Warwickshire", "WAR", 3, 6),
    ("Northamptonshire", "NTH", 4, 6),
    ("Cambridgeshire", "CAM", 5, 6),
    ("Suffolk", "SUF", 6, 6),
    ("Avon and Somerset", "ASP", 1, 7),
    ("Gloucestershire", "GLO", 2, 7),
    ("Thames Valley", "TVP", 3, 7),
    ("Bedfordshire", "BED", 4, 7),
    ("Hertfordshire", "HER", 5, 7),
    ("Essex", "ESS", 6, 7),
    ("Devon and Cornwall", "DEC", 0, 8),
    ("Dorset", "DOR", 1, 8),
    ("Wiltshire", "WIL", 2, 8),
    ("Hampshire and Isle of Wight", "HAM", 3, 8),
    ("Surrey", "SUR", 4, 8),
    ("Metropolitan Police", "MET", 5, 8),
    ("City of London", "COL", 6, 8),
    ("Sussex", "SUS", 4, 9),
    ("Kent", "KEN", 5, 9),
]

NOISE = re.compile(r"\b(police|constabulary|service|force|area|district|the)\b|&|,")


def key(name):
    """'Hampshire & Isle of Wight Constabulary' -> 'hampshire and isle of wight'."""
    text = name.lower().replace("&", " and ")
    text = NOISE.sub(" ", text)
    return " ".join(text.split())


ALIASES = {"metropolitan": "metropolitan", "hampshire": "hampshire and isle of wight"}


def tile_for(name):
    """The tile a police force area's name belongs to, or None."""
    wanted = key(name)
    wanted = ALIASES.get(wanted, wanted)
    for tile in TILES:
        if key(tile[0]) == wanted:
            return tile
    return None


# Fill by how many of the four multi-agency outcomes are in place, light to dark, plus a text
# label "n/4" on every tile so the number never depends on reading the shade.
SHADES = ["#f3f2f1", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]


def draw(slug, title, description, areas, *, link=None):
    """`areas`: {tile name: (in place count or None, tooltip text)}; unknown areas are hatched."""
    size, gap, left, top = 58, 4, 10, 10
    columns = 1 + max(t[2] for t in TILES)
    rows_count = 1 + max(t[3] for t in TILES)
    width = left * 2 + columns * (size + gap) + 170
    height = top * 2 + rows_count * (size + gap)
    table = []
    parts = []
    for name, short, col, row in TILES:
        x, y = left + col * (size + gap), top + row * (size + gap)
        in_place, note = areas.get(name, (None, "No record"))
        fill = f"url(#{slug}-unknown)" if in_place is None else SHADES[in_place]
        text_colour = "#ffffff" if in_place is not None and in_place >= 3 else INK
        label = "?" if in_place is None else f"{in_place}/4"
        table.append([name, "Not recorded" if in_place is None else in_place, note])
        tile = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{fill}" '
            f'stroke="{INK}" stroke-width="0.75"><title>{escape(name)}: {escape(note)}</title>'
            f'</rect><text x="{x + size / 2}" y="{y + 24}" text-anchor="middle" font-size="12" '
            f'font-weight="bold" fill="{text_colour}">{short}</text><text x="{x + size / 2}" '
            f'y="{y + 42}" text-anchor="middle" font-size="12" fill="{text_colour}">{label}</text>'
        )
        href = link(name) if link else None
        if href:
            # The name starts with what the tile shows, so speech users can say it (WCAG 2.5.3).
            label_text = escape(f"{name}: {note} ({short} {label})")
            tile = f'<a href="{escape(href)}" aria-label="{label_text}">{tile}</a>'
        parts.append(tile)
    lx = left + columns * (size + gap) + 16
    legend = [
        f'<text x="{lx}" y="{top + 14}" font-size="12" font-weight="bold">Outcomes in place</text>'
    ]
    for i, shade in enumerate(SHADES):
        y = top + 26 + i * 24
        legend.append(
            f'<rect x="{lx}" y="{y}" width="18" height="18" fill="{shade}" stroke="{INK}" '
            f'stroke-width="0.5"/><text x="{lx + 26}" y="{y + 14}" font-size="12">{i} of 4</text>'
        )
    y = top + 26 + len(SHADES) * 24
    legend.append(
        f'<rect x="{lx}" y="{y}" width="18" height="18" fill="url(#{slug}-unknown)" '
        f'stroke="{INK}" stroke-width="0.5"/><text x="{lx + 26}" y="{y + 14}" font-size="12">'
        "? not recorded</text>"
    )
    chart = Chart(
        slug,
        title,
        description,
        ["Police force area", "Outcomes in place (of 4)", "Detail"],
        table,
        width=width,
        height=height,
    )
    chart.defs.append(
        f'<pattern id="{slug}-unknown" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/><path d="M0,6 l6,-6" stroke="#b1b4b6" '
        'stroke-width="1"/></pattern>'
    )
    chart.body = "".join(parts) + "".join(legend)
    return chart
