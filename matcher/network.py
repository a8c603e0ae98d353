"""Server-side SVG pictures: a person's network, bridging ties over time, and bar charts (pure)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from matcher.models.connections import CLOSENESS_LABELS, Closeness, TieKind

# Okabe-Ito blue and vermillion: told apart with every common colour-vision difference, and
# each at least 3:1 against white. Shape and line style differ too, so colour is never the only cue.
BONDING_COLOUR = "#0072B2"
BRIDGING_COLOUR = "#D55E00"
INK = "#1a1a1a"
RING_COLOUR = "#8a8f94"
SIZE = 520
CENTRE = SIZE / 2
MARGIN = 90  # room either side for labels on the outer ring
SHOWN_LABEL = 20  # longer labels are cut short in the picture (the table has them in full)
RINGS: dict[str, float] = {Closeness.CLOSE: 85, Closeness.REGULAR: 155, Closeness.OCCASIONAL: 225}
KIND_WORDS = {TieKind.BONDING: "within services", TieKind.BRIDGING: "in the community"}


@dataclass(frozen=True)
class TieView:
    """A tie as plain data for drawing."""

    label: str
    kind: str
    closeness: str
    started_on: date
    ended_on: date | None = None


def network_summary(ties: Sequence[TieView]) -> str:
    """One sentence describing the current network, for the picture's description."""
    if not ties:
        return "No ties recorded yet."
    rings = ", ".join(
        f"{sum(t.closeness == c for t in ties)} {label.lower()}"
        for c, label in CLOSENESS_LABELS.items()
    )
    bridging = sum(t.kind == TieKind.BRIDGING for t in ties)
    who = "1 person" if len(ties) == 1 else f"{len(ties)} people"
    return (
        f"{who} they know: {rings}; "
        f"{bridging} met in the community (bridging), "
        f"{len(ties) - bridging} met within services (bonding)."
    )


def _short(label: str) -> str:
    return label if len(label) <= SHOWN_LABEL else label[: SHOWN_LABEL - 1] + "…"


def _node(kind: str, x: float, y: float) -> str:
    """A circle for bonding, a diamond for bridging."""
    if kind == TieKind.BRIDGING:
        r = 10
        points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{BRIDGING_COLOUR}" stroke="{INK}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{BONDING_COLOUR}" stroke="{INK}"/>'


def _link(kind: str, x: float, y: float) -> str:
    """Solid for bridging, dashed for bonding."""
    colour = BRIDGING_COLOUR if kind == TieKind.BRIDGING else BONDING_COLOUR
    dash = "" if kind == TieKind.BRIDGING else ' stroke-dasharray="6 4"'
    return (
        f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.1f}" y2="{y:.1f}" '
        f'stroke="{colour}" stroke-width="2"{dash}/>'
    )


def network_svg(centre_label: str, ties: Sequence[TieView], id_prefix: str = "network") -> Markup:
    """Concentric rings (close, regular, occasional) with each current tie placed on its ring."""
    current = [t for t in ties if t.ended_on is None]
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="-{MARGIN} 0 {SIZE + 2 * MARGIN} {SIZE + 60}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" class="chart">',
        f'<title id="{title_id}">Network picture for {escape(centre_label)}</title>',
        f'<desc id="{desc_id}">{escape(network_summary(current))}</desc>',
    ]
    for closeness, radius in reversed(RINGS.items()):
        parts.append(
            f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{radius}" fill="none" '
            f'stroke="{RING_COLOUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{CENTRE}" y="{CENTRE - radius + 14:.1f}" text-anchor="middle" '
            f'font-size="11" fill="{INK}">{CLOSENESS_LABELS[closeness]}</text>'
        )
    nodes: list[str] = []
    for ring_index, (closeness, radius) in enumerate(RINGS.items()):
        on_ring = [t for t in current if t.closeness == closeness]
        for k, tie in enumerate(on_ring):
            # Rings are turned against each other so labels on neighbouring rings do not line up.
            angle = 2 * math.pi * k / len(on_ring) + 0.6 * ring_index + 0.3
            if abs((angle % (2 * math.pi)) - 1.5 * math.pi) < 0.35:
                angle += 0.45  # keep clear of the ring's name at the top
            x, y = CENTRE + radius * math.cos(angle), CENTRE + radius * math.sin(angle)
            parts.append(_link(tie.kind, x, y))
            anchor = "start" if math.cos(angle) >= 0 else "end"
            dx = 14 if anchor == "start" else -14
            nodes.append(_node(tie.kind, x, y))
            nodes.append(
                f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" font-size="13" '
                f'fill="{INK}">{escape(_short(tie.label))}</text>'
            )
    parts += nodes
    parts.append(
        f'<circle cx="{CENTRE}" cy="{CENTRE}" r="22" fill="#ffffff" '
        f'stroke="{INK}" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{CENTRE}" y="{CENTRE + 5}" text-anchor="middle" font-size="13" '
        f'font-weight="bold" fill="{INK}">{escape(centre_label[:12])}</text>'
    )
    legend_y = SIZE + 25
    parts += [
        _node(TieKind.BONDING, 30, legend_y),
        f'<line x1="45" y1="{legend_y}" x2="75" y2="{legend_y}" stroke="{BONDING_COLOUR}" '
        'stroke-width="2" stroke-dasharray="6 4"/>',
        f'<text x="82" y="{legend_y + 4}" font-size="13" fill="{INK}">'
        "Within services (bonding): circle, dashed line</text>",
        _node(TieKind.BRIDGING, 30, legend_y + 25),
        f'<line x1="45" y1="{legend_y + 25}" x2="75" y2="{legend_y + 25}" '
        f'stroke="{BRIDGING_COLOUR}" stroke-width="2"/>',
        f'<text x="82" y="{legend_y + 29}" font-size="13" fill="{INK}">'
        "In the community (bridging): diamond, solid line</text>",
        "</svg>",
    ]
    return Markup("\n".join(parts))  # noqa: S704 - every text inside went through escape()


def month_ends(today: date, months: int) -> list[date]:
    """The last day of each of the last `months` months, the current month last (up to today)."""
    out: list[date] = []
    year, month = today.year, today.month
    for _ in range(months):
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        out.append(min(today, date.fromordinal(nxt.toordinal() - 1)))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def bridging_over_time(
    ties: Sequence[TieView], today: date, months: int = 12
) -> list[tuple[date, int]]:
    """Bridging ties current at the end of each recent month (pure)."""
    bridging = [t for t in ties if t.kind == TieKind.BRIDGING]
    return [
        (
            end,
            sum(t.started_on <= end and (t.ended_on is None or t.ended_on > end) for t in bridging),
        )
        for end in month_ends(today, months)
    ]


LABEL_CHARS = 24  # what fits beside a bar at 13 px, so a label wraps instead of being cut off
LABEL_LINES = 3


def _wrapped(label: str) -> list[str]:
    """A bar's label on up to three lines of whole words (a longer one ends with '…')."""
    lines = textwrap.wrap(label, LABEL_CHARS, break_long_words=True) or [""]
    if len(lines) > LABEL_LINES:
        lines = [*lines[: LABEL_LINES - 1], lines[LABEL_LINES - 1][: LABEL_CHARS - 1] + "…"]
    return lines


def bar_chart(
    rows: Sequence[tuple[str, float]],
    title: str,
    desc: str,
    id_prefix: str,
    unit: str = "",
    colour: str = BONDING_COLOUR,
) -> Markup:
    """Horizontal bars with the value written beside each (the table beside it says the same)."""
    bar_h, gap, label_w, bar_w, line_h = 22, 8, 200, 280, 16
    labels = [_wrapped(label) for label, _ in rows]
    tops, y = [], 5
    for lines in labels:  # each row as tall as its label, and at least one bar
        tops.append(y)
        y += max(bar_h, len(lines) * line_h + 6) + gap
    height = max(y, bar_h + gap) + 5
    top = max((v for _, v in rows), default=0) or 1
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" class="chart">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
    ]
    if not rows:
        parts.append(
            f'<text x="10" y="22" font-size="13" fill="{INK}">Nothing recorded yet.</text>'
        )
    for (_, value), lines, y in zip(rows, labels, tops, strict=True):
        width = bar_w * value / top
        shown = f"{value:g}{unit}"
        spans = "".join(
            f'<tspan x="{label_w - 8}" y="{y + 15 + n * line_h}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts += [
            f'<text text-anchor="end" font-size="13" fill="{INK}">{spans}</text>',
            f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{bar_h}" fill="{colour}"/>',
            f'<text x="{label_w + width + 6:.1f}" y="{y + 15}" font-size="13" '
            f'fill="{INK}">{escape(shown)}</text>',
        ]
    parts.append("</svg>")
    return Markup("\n".join(parts))  # noqa: S704 - every text inside went through escape()


def timeline_svg(points: Sequence[tuple[date, int]], id_prefix: str = "timeline") -> Markup:
    """Bridging ties at the end of each month, as bars (one per month)."""
    if points:
        first, last = points[0], points[-1]
        desc = (
            f"Bridging ties went from {first[1]} at the end of {first[0]:%B %Y} "
            f"to {last[1]} in {last[0]:%B %Y}."
        )
    else:
        desc = "No months to show."
    rows = [(f"{d:%b %Y}", float(n)) for d, n in points]
    return bar_chart(rows, "Bridging ties over time", desc, id_prefix, colour=BRIDGING_COLOUR)
