"""Static charts of the board pack (matplotlib, no display needed): lead-load, timeline and
needs × outcomes coverage, each written as PNG and SVG.

Examples
--------
>>> import tempfile, pathlib
>>> from cjgraph.examples import example_path
>>> from cjgraph.graph import load
>>> from cjgraph.queries import lead_load
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> svg = lead_load_chart(lead_load(load(example_path("midlothian-2017-2020"))), out / "lead-load")
>>> svg.startswith("<svg"), sorted(p.name for p in out.iterdir())
(True, ['lead-load.png', 'lead-load.svg'])
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from io import StringIO
from pathlib import Path
from typing import Any, TypeVar, cast

from cjgraph.queries import ALL_PLANS, LeadLoad, QuarterCount
from cjgraph.queries.schedule import NO_DATE
from cjgraph.visualisations.style import GAP_COLOUR, NODE_STYLE

__all__ = ["lead_load_chart", "timeline_chart", "coverage_chart", "coverage_matrix"]

_TOP = 12
F = TypeVar("F", bound=Callable[..., Any])


# SVG text stays text (smaller, selectable, escaped by matplotlib); no font is ever fetched
# plan text is drawn as it is: a "$" in a partner's name is not mathematics
_RC = {
    "svg.fonttype": "none",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "text.parse_math": False,
    "text.usetex": False,
}


def _style() -> Any:
    import matplotlib

    return matplotlib.rc_context(cast(Any, _RC))


def _styled(draw: F) -> F:
    """Draw under the chart style, so every text made (labels too) takes it."""

    @wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _style():
            return draw(*args, **kwargs)

    return cast(F, wrapper)


def _figure(**kw: Any) -> Any:
    """A matplotlib Figure without pyplot (quicker to import; leaves the caller's pyplot state alone)."""
    from matplotlib.figure import Figure

    return Figure(**kw)


def _save(fig: Any, stem: Path) -> str:
    """Write ``stem``.png and ``stem``.svg; return the SVG element for inlining."""
    with _style():
        fig.tight_layout()
        fig.savefig(stem.with_suffix(".png"), dpi=110)  # the layout is already tight: one draw per format
        buf = StringIO()
        fig.savefig(buf, format="svg")
    svg = buf.getvalue()
    stem.with_suffix(".svg").write_text(svg, encoding="utf-8")
    return svg[svg.index("<svg") :]


@_styled
def lead_load_chart(records: Sequence[LeadLoad], stem: Path, titles: Mapping[str, str] | None = None) -> str:
    """Horizontal bars per plan (titled by ``titles``, plan id → words): actions led alone and
    shared, the heaviest leads first."""
    with _style():
        plans = sorted({r.plan for r in records if r.plan != ALL_PLANS})
        fig = _figure(figsize=(5.5 * max(1, len(plans)), 4.2))
        axes = fig.subplots(1, max(1, len(plans)), squeeze=False)
        for ax, plan in zip(axes[0], plans, strict=False):
            top = [r for r in records if r.plan == plan and r.led][:_TOP][::-1]
            names = [r.partner if len(r.partner) <= 38 else r.partner[:36] + "…" for r in top]
            ax.barh(names, [r.sole for r in top], color=NODE_STYLE["Partner"]["color"], label="led alone")
            ax.barh(
                names, [r.shared for r in top], left=[r.sole for r in top], color="#9ecae1", label="led with others"
            )
            ax.set_title((titles or {}).get(plan, plan), fontsize=10)
            ax.set_xlabel("actions led")
            ax.legend(loc="lower right", frameon=False)
        return _save(fig, stem)


@_styled
def timeline_chart(quarters: Sequence[QuarterCount], stem: Path, titles: Mapping[str, str] | None = None) -> str:
    """Actions due per quarter and plan (titled by ``titles``), the overdue part in vermillion."""
    with _style():
        plans = sorted({q.plan for q in quarters})
        fig = _figure(figsize=(9, 2.4 * max(1, len(plans))))
        axes = fig.subplots(len(plans) or 1, 1, squeeze=False)
        for ax, plan in zip(axes[:, 0], plans, strict=False):
            rows = _every_quarter([q for q in quarters if q.plan == plan])
            labels = [q.quarter for q in rows]
            on_time = [q.due - q.overdue for q in rows]
            colours = [NODE_STYLE["Action"]["color"] if q.quarter != NO_DATE else "#999999" for q in rows]
            ax.bar(labels, on_time, color=colours, label="due (grey: no due date)")
            ax.bar(labels, [q.overdue for q in rows], bottom=on_time, color=GAP_COLOUR, label="overdue")
            ax.set_title((titles or {}).get(plan, plan), fontsize=10)
            ax.set_ylabel("actions")
            ax.tick_params(axis="x", labelrotation=45)
            ax.legend(frameon=False)
        return _save(fig, stem)


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


@_styled
def coverage_chart(
    matrix: dict[tuple[str, str], int],
    needs: Sequence[str],
    outcomes: Sequence[str],
    stem: Path,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Needs × outcomes: how many actions address each need while delivering each outcome (the
    axes in the words of ``labels``, key → title, wrapped)."""
    with _style():
        grid = [[matrix.get((n, o), 0) for o in outcomes] for n in needs]
        top = max((v for row in grid for v in row), default=0)
        words = labels or {}
        fig = _figure(figsize=(1.1 * len(outcomes) + 3.5, 0.45 * len(needs) + 3.0))
        ax = fig.subplots()
        ax.imshow(grid, cmap="Greens", aspect="auto")
        wrapped = ["\n".join(textwrap.wrap(words.get(o, o), 24)[:4]) for o in outcomes]
        ax.set_xticks(range(len(outcomes)), wrapped, rotation=35, ha="right", fontsize=7)
        ax.set_yticks(range(len(needs)), [words.get(n, n) for n in needs])
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                ax.text(
                    j,
                    i,
                    str(v),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=GAP_COLOUR if v == 0 else "white" if v > 0.6 * top else "black",
                )
        ax.set_title("actions addressing each need, by outcome (0 in vermillion)", fontsize=10)
        return _save(fig, stem)


def coverage_matrix(G: Any) -> dict[tuple[str, str], int]:
    """(need key, outcome key) → number of actions addressing the need and delivering the outcome."""
    from cjgraph.queries._select import plan_ids, plan_view

    out: dict[tuple[str, str], int] = defaultdict(int)
    for pid in plan_ids(G):
        view = plan_view(G, pid)
        for a in view.actions:
            for n in view.addresses[a]:
                for o in view.delivers[a]:
                    out[(G.nodes[n]["key"], G.nodes[o]["key"])] += 1
    return dict(out)
