"""Server-side SVG pictures: a person's network, bridging ties over time, and bar charts (pure)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import render_template
from markupsafe import Markup

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


@dataclass(frozen=True)
class Node:
    """One tie placed on its ring: where it is drawn and where its label goes."""

    kind: str
    x: float
    y: float
    label: str
    anchor: str  # start or end: the label to the right or the left of the node

    @property
    def diamond(self) -> str:
        """The points of a bridging tie's diamond."""
        x, y, r = self.x, self.y, 10
        return f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"


@dataclass(frozen=True)
class NetworkPicture:
    """The network picture as plain data for its template (templates/matcher/_network.svg)."""

    centre_label: str
    summary: str
    rings: tuple[tuple[str, float], ...]  # (ring name, radius), outermost first
    nodes: tuple[Node, ...]
    id_prefix: str
    size: float = SIZE
    centre: float = CENTRE
    margin: float = MARGIN
    colours: tuple[tuple[str, str], ...] = (
        ("bonding", BONDING_COLOUR), ("bridging", BRIDGING_COLOUR), ("ink", INK),
        ("ring", RING_COLOUR),
    )  # fmt: skip

    @property
    def colour(self) -> dict[str, str]:
        """The picture's colours by use."""
        return dict(self.colours)


def network_layout(
    centre_label: str, ties: Sequence[TieView], id_prefix: str = "network"
) -> NetworkPicture:
    """Concentric rings (close, regular, occasional) with each current tie placed on its ring."""
    current = [t for t in ties if t.ended_on is None]
    nodes: list[Node] = []
    for ring_index, (closeness, radius) in enumerate(RINGS.items()):
        on_ring = [t for t in current if t.closeness == closeness]
        for k, tie in enumerate(on_ring):
            # Rings are turned against each other so labels on neighbouring rings do not line up.
            angle = 2 * math.pi * k / len(on_ring) + 0.6 * ring_index + 0.3
            if abs((angle % (2 * math.pi)) - 1.5 * math.pi) < 0.35:
                angle += 0.45  # keep clear of the ring's name at the top
            x, y = CENTRE + radius * math.cos(angle), CENTRE + radius * math.sin(angle)
            anchor = "start" if math.cos(angle) >= 0 else "end"
            nodes.append(Node(tie.kind, x, y, _short(tie.label), anchor))
    rings = tuple((CLOSENESS_LABELS[c], r) for c, r in reversed(RINGS.items()))
    return NetworkPicture(centre_label, network_summary(current), rings, tuple(nodes), id_prefix)


def network_svg(centre_label: str, ties: Sequence[TieView], id_prefix: str = "network") -> Markup:
    """The network picture drawn by its template (needs an app context)."""
    picture = network_layout(centre_label, ties, id_prefix)
    return Markup(render_template("matcher/_network.svg", p=picture))  # noqa: S704 - Jinja escaped it


MONTHS_SHOWN = 12  # a year of month ends, on the person page and the Connections page alike


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
    ties: Sequence[TieView], today: date, months: int = MONTHS_SHOWN
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


@dataclass(frozen=True)
class Bar:
    """One bar: its label's lines, where it starts, its width and the value written beside it."""

    lines: tuple[str, ...]
    y: float
    width: float
    shown: str


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart as plain data for its template (templates/matcher/_bars.svg)."""

    title: str
    desc: str
    id_prefix: str
    bars: tuple[Bar, ...]
    height: float
    colour: str
    ink: str = INK
    bar_h: int = 22
    label_w: int = 200
    bar_w: int = 280
    line_h: int = 16


def bar_layout(
    rows: Sequence[tuple[str, float]],
    title: str,
    desc: str,
    id_prefix: str,
    unit: str = "",
    colour: str = BONDING_COLOUR,
) -> BarChart:
    """Horizontal bars with the value written beside each (the table beside it says the same)."""
    chart = BarChart(title, desc, id_prefix, (), 0, colour)
    top = max((v for _, v in rows), default=0) or 1
    bars, y = [], 5
    for label, value in rows:  # each row as tall as its label, and at least one bar
        lines = tuple(_wrapped(label))
        bars.append(Bar(lines, y, chart.bar_w * value / top, f"{value:g}{unit}"))
        y += max(chart.bar_h, len(lines) * chart.line_h + 6) + 8
    height = max(y, chart.bar_h + 8) + 5
    return BarChart(title, desc, id_prefix, tuple(bars), height, colour)


def bar_chart(
    rows: Sequence[tuple[str, float]],
    title: str,
    desc: str,
    id_prefix: str,
    unit: str = "",
    colour: str = BONDING_COLOUR,
) -> Markup:
    """The bar chart drawn by its template (needs an app context)."""
    chart = bar_layout(rows, title, desc, id_prefix, unit, colour)
    return Markup(render_template("matcher/_bars.svg", c=chart))  # noqa: S704 - Jinja escaped it


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
