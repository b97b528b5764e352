"""Static charts of the board pack, written as SVG by hand (no plotting library: drawing the
three charts with matplotlib, PNG and SVG, took two thirds of a board pack's time): lead-load,
timeline and needs × outcomes coverage. Text stays text (selectable, searchable, read by a
screen reader, escaped: a plan's names are never markup); Word, PowerPoint and every browser
take SVG.

Examples
--------
>>> import tempfile, pathlib
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> from cjgraph.queries import lead_load
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> svg = lead_load_chart(lead_load(load(example_path("midlothian-2017-2020"))), out / "lead-load")
>>> svg.startswith("<svg"), sorted(p.name for p in out.iterdir())
(True, ['lead-load.svg'])
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from cjgraph.queries import ALL_PLANS, LeadLoad, QuarterCount, RagQuarter
from cjgraph.queries.schedule import NO_DATE
from cjgraph.visualisations.style import GAP_COLOUR, NODE_STYLE

__all__ = ["Svg", "lead_load_chart", "timeline_chart", "coverage_chart", "coverage_matrix", "rag_trend_chart", "RAG"]

_TOP = 12  # partners shown per plan in the lead-load chart
_FONT = "font-family:Liberation Sans,Arial,Helvetica,sans-serif"
_LIGHT_BLUE = "#9ecae1"
_GREY = "#999999"


# the corners of each shape of a map's node, in units of its radius
_STAR = [
    (
        math.cos(math.pi / 2 + k * math.pi / 5) * (1.3 if k % 2 == 0 else 0.55),
        -math.sin(math.pi / 2 + k * math.pi / 5) * (1.3 if k % 2 == 0 else 0.55),
    )
    for k in range(10)
]
_POINTS = {
    "star": _STAR,
    "triangle": [(0.0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
    "triangleDown": [(0.0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
    "square": [(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)],
}


class Svg:
    """An SVG document built element by element (every text escaped)."""

    def __init__(self, width: float, height: float, title: str) -> None:
        self.width, self.height = width, height
        self.parts = [f"<title>{escape(title)}</title>"]

    def rect(self, x: float, y: float, w: float, h: float, fill: str, tip: str = "", *, stroke: str = "") -> None:
        inner = f"<title>{escape(tip)}</title>" if tip else ""
        box = f'x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}"'
        edge = f' stroke="{stroke}"' if stroke else ""
        self.parts.append(f'<rect {box} fill="{fill}"{edge}>{inner}</rect>')

    def line(
        self, x1: float, y1: float, x2: float, y2: float, colour: str = "#333", *, opacity: float = 1, width: float = 1
    ) -> None:
        fade = f' stroke-opacity="{opacity:.2f}"' if opacity < 1 else ""
        thick = f' stroke-width="{width:.1f}"' if width != 1 else ""
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}"{fade}{thick}/>'
        )

    def shape(
        self, x: float, y: float, r: float, shape: str, fill: str, border: str, width: float, tip: str = ""
    ) -> None:
        """A node of a map in its kind's shape (vis-network's names: dot, star, triangle,
        triangleDown, square, box), ``r`` its radius."""
        if shape not in _POINTS:
            self.circle(x, y, r, fill, border, width, tip)
            return
        inner = f"<title>{escape(tip)}</title>" if tip else ""
        points = " ".join(f"{x + r * dx:.1f},{y + r * dy:.1f}" for dx, dy in _POINTS[shape])
        self.parts.append(
            f'<polygon points="{points}" fill="{fill}" stroke="{border}" stroke-width="{width:.1f}">{inner}</polygon>'
        )

    def circle(self, x: float, y: float, r: float, fill: str, border: str, width: float, tip: str = "") -> None:
        inner = f"<title>{escape(tip)}</title>" if tip else ""
        self.parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" stroke="{border}" '
            f'stroke-width="{width:.1f}">{inner}</circle>'
        )

    def text(
        self,
        x: float,
        y: float,
        words: str,
        *,
        anchor: str = "start",
        size: float = 11,
        bold: bool = False,
        colour: str = "#222",
        rotate: float = 0,
        halo: bool = False,
    ) -> None:
        weight = ";font-weight:bold" if bold else ""
        if halo:  # a white edge round the letters: a label stays legible over the lines beneath it
            weight += ";paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round"
        turn = f' transform="rotate({rotate:.0f} {x:.1f} {y:.1f})"' if rotate else ""
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{colour}" '
            f'style="font-size:{size}px{weight}"{turn}>{escape(words)}</text>'
        )

    def legend(self, x: float, y: float, items: Sequence[tuple[str, str]]) -> None:
        for k, (label, colour) in enumerate(items):
            self.rect(x, y + 16 * k - 9, 12, 10, colour)
            self.text(x + 17, y + 16 * k, label, size=10)

    def render(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width:.0f}" height="{self.height:.0f}" '
            f'viewBox="0 0 {self.width:.0f} {self.height:.0f}" style="{_FONT}" role="img">'
            + "".join(self.parts)
            + "</svg>"
        )


def _save(svg: Svg, stem: Path) -> str:
    """Write ``stem``.svg; return the SVG element for inlining."""
    text = svg.render()
    stem.with_suffix(".svg").write_text('<?xml version="1.0" encoding="utf-8"?>\n' + text, encoding="utf-8")
    return text


def _ticks(top: float) -> list[int]:
    """Round axis ticks from 0 to at least ``top`` (about five)."""
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 10**9) if top / s <= 6)
    return [k * step for k in range(-(-int(top) // step) + 1)]


def _short(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def lead_load_chart(records: Sequence[LeadLoad], stem: Path, titles: Mapping[str, str] | None = None) -> str:
    """Horizontal bars per plan (titled by ``titles``, plan id → words), side by side: actions
    led alone and shared, the heaviest leads first."""
    plans = sorted({r.plan for r in records if r.plan != ALL_PLANS})
    label_w, bar_w, row_h = 230, 200, 20
    panels = [[r for r in records if r.plan == plan and r.led][:_TOP] for plan in plans]
    rows = max((len(p) for p in panels), default=1)
    height = 40 + rows * row_h + 62
    svg = Svg((label_w + bar_w + 40) * max(1, len(plans)), height, "Actions led, per plan")
    for k, (plan, top) in enumerate(zip(plans, panels, strict=True)):
        x0 = k * (label_w + bar_w + 40) + label_w
        svg.text(x0 + bar_w / 2, 20, (titles or {}).get(plan, plan), anchor="middle", size=12, bold=True)
        most = max((r.led for r in top), default=1) or 1
        ticks = _ticks(most)
        scale = bar_w / ticks[-1]
        for i, r in enumerate(top):
            y = 40 + i * row_h
            svg.text(x0 - 6, y + 13, _short(r.partner, 36), anchor="end", size=10)
            svg.rect(
                x0, y + 3, r.sole * scale, row_h - 6, NODE_STYLE["Partner"]["color"], f"{r.partner}: {r.sole} alone"
            )
            svg.rect(
                x0 + r.sole * scale, y + 3, r.shared * scale, row_h - 6, _LIGHT_BLUE, f"{r.partner}: {r.shared} shared"
            )
        base = 40 + rows * row_h
        svg.line(x0, 36, x0, base)
        svg.line(x0, base, x0 + bar_w, base)
        for t in ticks:
            svg.text(x0 + t * scale, base + 14, str(t), anchor="middle", size=9)
        svg.text(x0 + bar_w / 2, base + 30, "actions led", anchor="middle", size=10)
        legend = [("led alone", NODE_STYLE["Partner"]["color"]), ("led with others", _LIGHT_BLUE)]
        svg.legend(x0 - label_w + 10, base + 24, legend)  # below the axis: never over a bar
    return _save(svg, stem)


def timeline_chart(quarters: Sequence[QuarterCount], stem: Path, titles: Mapping[str, str] | None = None) -> str:
    """Actions due per quarter and plan (titled by ``titles``), the overdue part in vermillion,
    those with no due date in grey; a panel per plan, one above the other."""
    plans = sorted({q.plan for q in quarters})
    panel_h, col_w, left = 190, 34, 50
    series = [_every_quarter([q for q in quarters if q.plan == plan]) for plan in plans]
    cols = max((len(s) for s in series), default=1)
    svg = Svg(left + cols * col_w + 190, panel_h * max(1, len(plans)) + 10, "Actions due per quarter")
    for k, (plan, rows) in enumerate(zip(plans, series, strict=True)):
        y0 = k * panel_h
        svg.text(left + cols * col_w / 2, y0 + 18, (titles or {}).get(plan, plan), anchor="middle", size=12, bold=True)
        most = max((q.due for q in rows), default=1) or 1
        ticks = _ticks(most)
        plot_h = panel_h - 80
        base = y0 + 30 + plot_h
        scale = plot_h / ticks[-1]
        for t in ticks:
            svg.text(left - 6, base - t * scale + 3, str(t), anchor="end", size=9)
            svg.line(left, base - t * scale, left + cols * col_w, base - t * scale, "#eee")
        for i, q in enumerate(rows):
            x = left + i * col_w + 5
            due = q.due - q.overdue
            colour = _GREY if q.quarter == NO_DATE else NODE_STYLE["Action"]["color"]
            svg.rect(x, base - due * scale, col_w - 10, due * scale, colour, f"{q.quarter}: {q.due} due")
            svg.rect(
                x, base - q.due * scale, col_w - 10, q.overdue * scale, GAP_COLOUR, f"{q.quarter}: {q.overdue} overdue"
            )
            svg.text(x + (col_w - 10) / 2, base + 12, q.quarter, anchor="end", size=9, rotate=-45)
        svg.line(left, y0 + 30, left, base)
        svg.line(left, base, left + cols * col_w, base)
        svg.text(14, y0 + 30 + plot_h / 2, "actions", anchor="middle", size=10, rotate=-90)
        legend = [("due", NODE_STYLE["Action"]["color"]), ("overdue", GAP_COLOUR), ("no due date", _GREY)]
        svg.legend(left + cols * col_w + 20, y0 + 45, legend)
    return _save(svg, stem)


#: a RAG colour: its fill, its letter in the cell (colour is never the only cue) and its words
RAG = {
    "red": ("#D55E00", "R", "red: an action off track"),
    "amber": ("#E69F00", "A", "amber: an action at risk"),
    "green": ("#009E73", "G", "green: every action reported, none behind"),
    "grey": ("#BBBBBB", "?", "grey: an action with no update reported"),
}


def rag_trend_chart(records: Sequence[RagQuarter], stem: Path, titles: Mapping[str, str] | None = None) -> str:
    """Each outcome's RAG at the end of every quarter its plan reported: a row per outcome
    (named by ``titles``, key → words), a column per quarter, a panel per plan one above the
    other; each cell's counts in its tooltip."""
    words = titles or {}
    plans = sorted({r.plan for r in records})
    label_w, col_w, row_h = 420, 30, 22
    panels = [[r for r in records if r.plan == plan] for plan in plans]
    heights = [40 + len({r.outcome for r in rows}) * row_h + 70 for rows in panels]
    cols = max((len({r.quarter for r in rows}) for rows in panels), default=1)
    svg = Svg(label_w + cols * col_w + 20, sum(heights) + 16 * len(RAG) + 10, "Outcomes' RAG per quarter")
    y0 = 0.0
    for plan, rows, height in zip(plans, panels, heights, strict=True):
        quarters = sorted({r.quarter for r in rows})
        outcomes = list(dict.fromkeys(r.outcome for r in rows))
        svg.text(label_w, y0 + 18, words.get(plan, plan), size=12, bold=True)
        for i, outcome in enumerate(outcomes):
            svg.text(
                label_w - 8, y0 + 40 + i * row_h + 15, _short(words.get(outcome, outcome), 74), anchor="end", size=10
            )
        for r in rows:
            x, y = label_w + quarters.index(r.quarter) * col_w, y0 + 40 + outcomes.index(r.outcome) * row_h
            fill, letter, _ = RAG[r.rag]
            svg.rect(x + 1, y + 1, col_w - 2, row_h - 2, fill, _rag_tip(r, words))
            svg.text(
                x + col_w / 2,
                y + 15,
                letter,
                anchor="middle",
                size=10,
                bold=True,
                colour="#fff" if r.rag != "grey" else "#222",
            )
        base = y0 + 40 + len(outcomes) * row_h
        for j, quarter in enumerate(quarters):
            svg.text(label_w + j * col_w + col_w / 2 + 3, base + 8, quarter, anchor="end", size=9, rotate=-45)
        y0 += height
    svg.legend(label_w, y0 + 6, [(said, fill) for fill, _, said in RAG.values()])
    return _save(svg, stem)


def _rag_tip(r: RagQuarter, words: Mapping[str, str]) -> str:
    counts = [
        (r.complete, "complete"),
        (r.on_track, "on track"),
        (r.at_risk, "at risk"),
        (r.off_track, "off track"),
        (r.not_started, "not started"),
        (r.no_update, "no update reported"),
    ]
    said = ", ".join(f"{n} {w}" for n, w in counts if n)
    return f"{words.get(r.outcome, r.outcome)}, {r.quarter} (to {r.quarter_end}): {r.actions} actions: {said}"


def _every_quarter(rows: list[QuarterCount]) -> list[QuarterCount]:
    """The quarters from the first to the last, those with nothing due as zeros ("no date" last)."""
    dated = [q for q in rows if q.quarter != NO_DATE]
    if not dated:
        return rows
    have = {q.quarter: q for q in dated}
    year, quarter = int(dated[0].quarter[:4]), int(dated[0].quarter[-1])
    out = []
    while True:
        label = f"{year}-Q{quarter}"
        out.append(have.get(label, QuarterCount(dated[0].plan, label, 0, 0, 0)))
        if label == dated[-1].quarter:
            break
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out + [q for q in rows if q.quarter == NO_DATE]


def coverage_chart(
    matrices: Mapping[str, Mapping[tuple[str, str], int]],
    needs: Sequence[str],
    outcomes: Mapping[str, Sequence[str]],
    stem: Path,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Needs × outcomes, one panel per plan (``matrices``: plan → its counts; ``outcomes``: plan
    → its framework's outcome keys): how many of the plan's actions address each need while
    delivering each outcome (the axes and plans in the words of ``labels``; the outcomes'
    titles wrapped above their columns), a zero in vermillion. Each plan is counted on its own,
    so a need one plan leaves unaddressed never shows another plan's actions."""
    words = labels or {}
    col_w, row_h, left = 86, 30, 230
    panels = []
    for plan, matrix in matrices.items():
        heads = [textwrap.wrap(words.get(o, o), 15)[:7] for o in outcomes[plan]]
        panels.append((plan, matrix, heads, 62 + 12 * max((len(h) for h in heads), default=1)))
    width = left + col_w * max((len(outcomes[p]) for p in matrices), default=1) + 20
    height = sum(top + row_h * len(needs) + 20 for _, _, _, top in panels) or 40
    svg = Svg(width, height, "Actions addressing each need, by outcome, per plan")
    y0 = 0.0
    for plan, matrix, heads, top in panels:
        _coverage_panel(
            svg, (y0, top, left, col_w, row_h), words.get(plan, plan), matrix, heads, needs, outcomes[plan], words
        )
        y0 += top + row_h * len(needs) + 20
    return _save(svg, stem)


def _coverage_panel(
    svg: Svg,
    box: tuple[float, float, float, float, float],
    title: str,
    matrix: Mapping[tuple[str, str], int],
    heads: list[list[str]],
    needs: Sequence[str],
    outcomes: Sequence[str],
    words: Mapping[str, str],
) -> None:
    y0, top, left, col_w, row_h = box
    svg.text(10, y0 + 18, f"{title}: actions addressing each need, by outcome (0 in vermillion)", size=12, bold=True)
    most = max(matrix.values(), default=0) or 1
    for j, head in enumerate(heads):
        for k, line in enumerate(head):
            x = left + j * col_w + col_w / 2
            svg.text(x, y0 + top - 8 - 12 * (len(head) - 1 - k), line, anchor="middle", size=10)
    for i, need in enumerate(needs):
        y = y0 + top + i * row_h
        svg.text(left - 8, y + row_h / 2 + 4, _short(words.get(need, need), 40), anchor="end", size=11)
        for j, outcome in enumerate(outcomes):
            v = matrix.get((need, outcome), 0)
            shade = int(235 - 160 * v / most)
            fill = f"rgb({shade - 40},{shade},{shade - 40})" if v else "#fafafa"
            tip = f"{title}: {words.get(need, need)} × {words.get(outcome, outcome)}: {v}"
            svg.rect(left + j * col_w + 1, y + 1, col_w - 2, row_h - 2, fill, tip)
            colour = GAP_COLOUR if v == 0 else "white" if v > 0.6 * most else "black"
            x = left + j * col_w + col_w / 2
            svg.text(x, y + row_h / 2 + 4, str(v), anchor="middle", size=11, colour=colour, bold=v == 0)


def coverage_matrix(G: Any) -> dict[str, dict[tuple[str, str], int]]:
    """Per plan, (need key, outcome key) → the number of its actions addressing the need and
    delivering the outcome."""
    from cjgraph.queries.select import plan_ids, plan_view

    out: dict[str, dict[tuple[str, str], int]] = {}
    for pid in plan_ids(G):
        view = plan_view(G, pid)
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for a in view.actions:
            for n in view.addresses[a]:
                for o in view.delivers[a]:
                    counts[(G.nodes[n]["key"], G.nodes[o]["key"])] += 1
        out[pid] = dict(counts)
    return out
