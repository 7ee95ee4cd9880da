"""The bracket burndown: open brackets and agreed paragraphs at each point of a negotiation,
in total and per delegation (who holds what), and the chart of it as SVG drawn here, on the
server (the browser runs no chart library).

``burndown_point(label, at, doc)`` counts one text (a revision, or the live text "now");
``render_burndown_svg(points)`` draws them in order: the total as a thick line, each of the
``TOP_HOLDERS`` delegations holding the most brackets as a thin one, agreed paragraphs as a
dashed line on the same scale, every point labelled with its revision and date. The SVG
carries a title and a description with the figures, for screen readers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from negotiation.brackets import document_brackets
from negotiation.clean_gate import AGREED
from negotiation.model import Document

UNATTRIBUTED = "not attributed"
TOP_HOLDERS = 5
WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 170, 24, 56
COLOURS = ["#b35900", "#1f6fb2", "#7a3fa0", "#2e7d32", "#a61b4a", "#5d6d7e"]


@dataclass(frozen=True)
class BurndownPoint:
    label: str  # "Draft", "Rev.1", "now"
    at: datetime
    open: int  # open brackets, proposals included (as `negotiation brackets` counts them)
    by_delegation: dict[str, int]  # holder -> brackets held (UNATTRIBUTED when nobody named)
    agreed: int  # paragraphs agreed or adopted
    paragraphs: int


def burndown_point(label: str, at: datetime, doc: Document) -> BurndownPoint:
    holders: Counter[str] = Counter()
    total = 0
    for _, _, bracket in document_brackets(doc):
        total += 1
        named = bracket.requested_by or ((bracket.delegation,) if bracket.delegation else ())
        for holder in named or (UNATTRIBUTED,):
            holders[holder] += 1
    paragraphs = [p for d in doc.documents() for p in d.paragraphs()]
    agreed = sum(1 for p in paragraphs if p.status in AGREED)
    return BurndownPoint(label, at, total, dict(holders), agreed, len(paragraphs))


def top_holders(points: Sequence[BurndownPoint]) -> list[str]:
    """The delegations holding the most brackets at their peak, at most TOP_HOLDERS."""
    peak: Counter[str] = Counter()
    for point in points:
        for holder, count in point.by_delegation.items():
            peak[holder] = max(peak[holder], count)
    return [holder for holder, count in peak.most_common(TOP_HOLDERS) if count]


def render_burndown_svg(points: Sequence[BurndownPoint], title: str = "Bracket burndown") -> str:
    top = max([1, *(max(p.open, p.agreed) for p in points)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return LEFT + (plot_w * index / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(value: int) -> float:
        return TOP + plot_h - plot_h * value / top

    summary = "; ".join(f"{p.label} ({p.at:%Y-%m-%d}): {p.open} open brackets, "
                        f"{p.agreed} of {p.paragraphs} paragraphs agreed" for p in points)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="bd-title bd-desc" '
           'font-family="sans-serif" font-size="12">',
           f'<title id="bd-title">{escape(title)}</title>',
           f'<desc id="bd-desc">{escape(summary)}</desc>',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>']
    for tick in _ticks(top):
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" '
                   f'y2="{y(tick):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
                   f'fill="#333">{tick}</text>')
    for index, point in enumerate(points):
        out.append(f'<text x="{x(index):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                   f'fill="#222">{escape(point.label)}</text>')
        out.append(f'<text x="{x(index):.1f}" y="{TOP + plot_h + 34}" text-anchor="middle" '
                   f'fill="#555">{point.at:%Y-%m-%d}</text>')
    series = [("open brackets", [p.open for p in points], "#111", 3, "")]
    for colour, holder in zip(COLOURS, top_holders(points), strict=False):
        series.append((holder, [p.by_delegation.get(holder, 0) for p in points], colour, 1.5,
                       ""))
    series.append(("agreed paragraphs", [p.agreed for p in points], "#2e7d32", 2, "6 4"))
    for row, (name, values, colour, width, dash) in enumerate(series):
        coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                   f'stroke-width="{width}"{dashes}/>')
        for i, v in enumerate(values):
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{width + 1}" '
                       f'fill="{colour}"/>')
        legend_y = TOP + 8 + 18 * row
        out.append(f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 32}" y1="{legend_y}" '
                   f'y2="{legend_y}" stroke="{colour}" stroke-width="{width}"{dashes}/>')
        out.append(f'<text x="{WIDTH - RIGHT + 38}" y="{legend_y + 4}" fill="#222">'
                   f"{escape(name)}</text>")
    for index, point in enumerate(points):
        out.append(f'<text x="{x(index):.1f}" y="{y(point.open) - 8:.1f}" text-anchor="middle" '
                   f'font-weight="bold" fill="#111">{point.open}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _ticks(top: int) -> list[int]:
    step = 1
    for candidate in (1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        step = candidate
        if top / candidate <= 6:
            break
    return list(range(0, top + 1, step))
