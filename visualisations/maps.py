"""Interactive network maps for board workshops: one self-contained, offline HTML file.

The map is drawn by the vis-network bundle that pyvis ships, inlined into our own page
(pyvis's own template fetches Bootstrap from a CDN even in ``in_line`` mode, and its
``add_edge`` looks for both ends in a list of every node, so neither is used). The page makes
no network request. It opens on the accountability overview (partners, outcomes, needs; see
:mod:`~cjgraph.visualisations.layout`) and draws a node's actions, or everything, on demand.
Positions are computed here (networkx) and physics is off, so the drawing is still the
moment it opens.

Plan text is untrusted: it reaches the page only as JSON inside a script (with ``<``, ``>``,
``&`` escaped) and is put on screen with ``textContent`` (tooltips, search list, filters) or
drawn on the canvas (labels) — never parsed as HTML.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("midlothian-2017-2020"))
>>> H = map_graph(G, focus="Lifeline")
>>> sorted(H.nodes[n]["ref"] for n in H if H.nodes[n]["kind"] == "Action")
['PC3.3', 'SO2.3', 'SO4.7']
>>> html = map_html(G)
>>> any(f'{attr}="{to}' in html for attr in ("src", "href") for to in ("http", "//")), html.count('"kind": "Action"')
(False, 48)
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.atomic import atomic_file, stamp_text
from cjgraph.contract import FRAMEWORK_LABELS, HISTORY_LABELS, need_id, outcome_ids, plan_id, validate_graph
from cjgraph.errors import GraphError, LimitError
from cjgraph.framework import registry_entry
from cjgraph.limits import MAX_MAP_NODES, MAX_MAP_PLAN_NODES
from cjgraph.queries import ALL_PLANS, find_gaps, lead_load, plan_title, single_points_of_failure
from cjgraph.queries.select import find_partners, plan_ids, plan_view
from cjgraph.sandbox import alongside
from cjgraph.visualisations.layout import FONT, SPACING, label, map_layout, overview_layouts, overview_links, part
from cjgraph.visualisations.style import (
    COLLECTIVE_COLOUR,
    EDGE_STYLE,
    GAP_COLOUR,
    NODE_STYLE,
    OVERVIEW_EDGE_STYLE,
    PLAN_COLOURS,
)

__all__ = [
    "lay_out_alongside",
    "map_graph",
    "map_layout",
    "map_html",
    "map_svg",
    "map_size_problem",
    "write_map",
    "TOGETHER",
]

# drawn in the data (counted, searchable) but not as lines: they would fan out from every plan
_UNDRAWN = {"PART_OF", "OF", "PARTNER_OF"}
_LABEL_SCALE = {"Outcome": 1.3, "Need": 1.1, "Plan": 1.2, "Partnership": 1.2, "Action": 0.85}

_ACTION_RELS = {"LEADS", "CONTRIBUTES_TO", "DELIVERS", "ADDRESSES", "MEASURED_BY"}


def map_graph(
    G: nx.MultiDiGraph,
    *,
    plan: str | None = None,
    focus: str | None = None,
    outcome: str | None = None,
    need: str | None = None,
) -> nx.MultiDiGraph:
    """The part of ``G`` a map draws: one plan, one partner's ego network, one outcome or need.
    The strategy's priority actions (2023) are the national frame, not the partnership's work:
    the map leaves them out (gaps and Cypher answer about them)."""
    validate_graph(G)
    keep = set(G)
    if plan is not None:
        plan_ids(G, plan)
        own = {n for n, d in G.nodes(data=True) if d.get("plan") == plan}
        keep = own | {m for n in own for m in nx.all_neighbors(G, n) if G.nodes[m].get("plan", "") == ""}
        # every gap stays visible: the needs no action addresses, the outcomes no action delivers
        framework = plan_view(G, plan).framework
        keep |= {n for n, d in G.nodes(data=True) if d["kind"] == "Need"}
        keep |= {n for n, d in G.nodes(data=True) if d["kind"] == "Outcome" and d.get("framework") == framework}
    centres: list[str] = []
    if focus is not None:
        centres += find_partners(G, focus, plan)
    if outcome is not None:
        found = [outcome] if G.nodes.get(outcome, {}).get("kind") == "Outcome" else outcome_ids(G, outcome)
        if not found:
            raise GraphError(f"no outcome {outcome!r} in the graph.")
        centres += found
    if need is not None:
        if need_id(need) not in G:
            raise GraphError(f"no need {need!r} in the graph.")
        centres.append(need_id(need))
    if centres:
        acts = {a for c in centres for a in _actions_of(G, c) if a in keep}
        around = {m for a in acts for m in nx.all_neighbors(G, a) if _rel(G, a, m) in _ACTION_RELS}
        measures = {
            i
            for c in centres
            if G.nodes[c]["kind"] == "Outcome"
            for _, i, k in G.out_edges(c, keys=True)
            if k == "MEASURED_BY"
        }  # an outcome's own indicators come with it
        keep &= set(centres) | acts | around | measures
    frame = {n for n, k in G.nodes(data="kind") if k in FRAMEWORK_LABELS or k in HISTORY_LABELS}  # not drawn
    return part(G, keep - frame)


def _drawn(
    G: nx.MultiDiGraph, *, workshop: bool = False, **part: str | None
) -> tuple[nx.MultiDiGraph, dict[str, tuple[float, float]]]:
    """The part of ``G`` a map draws and its whole layout (see :func:`_once`)."""
    H = _once(G, f"part {_spec(part)}", lambda: map_graph(G, **part))
    pos = _once(G, f"layout {_spec(part)} {workshop}", lambda: _whole_layout(H, workshop))
    return H, pos


def _whole_layout(H: nx.MultiDiGraph, workshop: bool) -> dict[str, tuple[float, float]]:
    return {} if map_size_problem(H) else map_layout(H, workshop=workshop)


def lay_out_alongside(G: nx.MultiDiGraph, *, workshop: bool = False) -> None:
    """Start laying out ``G``'s map on another core (:func:`~cjgraph.sandbox.alongside`): first
    the overviews (the still maps are drawn from them), then the whole map. The board pack
    answers its questions meanwhile, and :func:`map_svg` and :func:`map_html` take each layout
    when they need it."""
    H = _once(G, f"part {_spec({})}", lambda: map_graph(G))
    links = _once(G, f"links {_spec({})}", lambda: overview_links(H))
    later = alongside(_lay_out, H, links, workshop, steps=2)
    _soon(G, f"overview {_spec({})} {workshop}", lambda: later.step(0))
    _soon(G, f"layout {_spec({})} {workshop}", lambda: later.step(1))


def _lay_out(H: nx.MultiDiGraph, links: list[tuple[str, str, str, str, int]], workshop: bool) -> Iterator[Any]:
    yield overview_layouts(H, links, workshop=workshop)
    yield _whole_layout(H, workshop)


def _overview(
    G: nx.MultiDiGraph, *, workshop: bool = False, **part: str | None
) -> tuple[nx.MultiDiGraph, list[tuple[str, str, str, str, int]], dict[str, dict[str, tuple[float, float]]]]:
    """A map's part of ``G`` (the whole, by default), its overview links and layouts (see :func:`_once`)."""
    H = _once(G, f"part {_spec(part)}", lambda: map_graph(G, **part))
    links = _once(G, f"links {_spec(part)}", lambda: overview_links(H))
    layouts = _once(G, f"overview {_spec(part)} {workshop}", lambda: overview_layouts(H, links, workshop=workshop))
    return H, links, layouts


def _spec(part: dict[str, str | None]) -> str:
    """A part of a map as a key: the options given (the whole map: none)."""
    return str(sorted((k, v) for k, v in part.items() if v is not None))


def _once(G: nx.MultiDiGraph, key: str, make: Any) -> Any:
    """``make()``, made once per graph: the board pack draws the same map as a page and as still
    pictures. Kept in ``G``'s networkx cache, which networkx empties when a node or an edge is
    added or removed."""
    cache = getattr(G, "__networkx_cache__", None)
    key = f"cjgraph_map {key}"
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    if isinstance(cache[key], _Pending):  # being made alongside (see lay_out_alongside)
        cache[key] = cache[key].result()
    return cache[key]


def _soon(G: nx.MultiDiGraph, key: str, result: Callable[[], Any]) -> None:
    """What :func:`_once` will give for ``key``: ``result()``, called when first asked for."""
    cache = getattr(G, "__networkx_cache__", None)
    if cache is not None:
        cache.setdefault(f"cjgraph_map {key}", _Pending(result))


@dataclass(frozen=True)
class _Pending:
    result: Callable[[], Any]


def _rel(G: nx.MultiDiGraph, a: str, b: str) -> str:
    keys = list(G.get_edge_data(a, b, default={})) + list(G.get_edge_data(b, a, default={}))
    return keys[0] if keys else ""


def _actions_of(G: nx.MultiDiGraph, node: str) -> set[str]:
    kind = G.nodes[node]["kind"]
    if kind == "Action":
        return {node}
    near = set(G.successors(node)) | set(G.predecessors(node))
    return {a for a in near if G.nodes[a]["kind"] == "Action" and _rel(G, a, node) in _ACTION_RELS}


def map_html(
    G: nx.MultiDiGraph,
    *,
    plan: str | None = None,
    focus: str | None = None,
    outcome: str | None = None,
    need: str | None = None,
    workshop: bool = False,
    title: str = "",
) -> str:
    """The map as one self-contained HTML page (see the module docstring). It opens on the
    accountability overview (partners, outcomes, needs) of all the plans drawn, or of the first
    when there are more than :data:`TOGETHER`; the page's selectors show the others, everything,
    or a node's actions when it is clicked."""
    H, pos = _drawn(G, workshop=workshop, plan=plan, focus=focus, outcome=outcome, need=need)
    problem = map_size_problem(H)
    if problem:
        raise LimitError(f"{problem}; draw a part of it: --plan ID, --focus PARTNER, --outcome KEY or --need KEY.")
    shown = sorted({d["plan"] for _, d in H.nodes(data=True) if d.get("plan")})
    _, links, overview = _overview(G, workshop=workshop, plan=plan, focus=focus, outcome=outcome, need=need)
    titles = {p: plan_title(G, p) for p in plan_ids(G)}
    marks, loads = _marks_and_loads(G, shown)
    areas = _areas(G, shown)
    places: dict[str, dict[str, list[float]]] = {}  # each node's places in the overviews (most nodes: none)
    for p, at in overview.items():
        for n, (x, y) in at.items():
            places.setdefault(n, {})[p] = [round(x, 1), round(y, 1)]
    words = _Words(H, titles)
    nodes = [
        _node(
            words,
            n,
            d,
            pos,
            places.get(n, {}),
            marks.get(n, {}),
            loads.get(n, {}).get("by_plan", {}),
            loads.get(n, {}),
            areas,
            workshop,
        )
        for n, d in sorted(H.nodes(data=True))
    ]
    colours = {p: PLAN_COLOURS[k % len(PLAN_COLOURS)] for k, p in enumerate(shown)}
    data = {
        "nodes": nodes,
        # an edge is [from, to, type]: its look comes from its type, given once, not per edge
        "edges": [[u, v, k] for u, v, k in sorted(H.edges(keys=True))],
        "links": [list(link) for link in links],  # the overview's: [partner, outcome or need, role, plan, actions]
        "edge_style": {k: {**e, "hidden": k in _UNDRAWN} for k, e in (EDGE_STYLE | OVERVIEW_EDGE_STYLE).items()},
        "plans": [[p, titles[p], colours[p]] for p in shown],
        "start": shown[0] if len(shown) > TOGETHER else "",
        "legend": {
            "nodes": [[k, s["label"], s["color"], s["shape"]] for k, s in NODE_STYLE.items()],
            "edges": [[k, e["label"], e["color"], e["dashes"]] for k, e in (EDGE_STYLE | OVERVIEW_EDGE_STYLE).items()],
            "gap": GAP_COLOUR,
            "collective": COLLECTIVE_COLOUR,
            "overview": {k: True for k in OVERVIEW_EDGE_STYLE},
        },
        "workshop": workshop,
        "font": FONT[workshop],
        "spacing": SPACING,
    }
    about = focus or (f"outcome {outcome}" if outcome else f"need {need}" if need else "")
    return _page(title or _title([titles[p] for p in shown], about), data, workshop)


# more plans than this open one at a time (the page's plan selector shows the others, or all together)
TOGETHER = 1


def _node(
    words: _Words,
    n: str,
    d: dict[str, Any],
    pos: dict[str, tuple[float, float]],
    places: dict[str, list[float]],
    gaps: dict[str, str],
    led: dict[str, int],
    load: dict[str, Any],
    areas: dict[str, str],
    workshop: bool,
) -> dict[str, Any]:
    """One node as the page needs it. Its size, its ring and its rank among the labels depend
    on which plans are in view, so they are given per plan (``led``, ``gaps``) and worked out on
    the page; its ``places`` in the overview (per plan, and "" for all) and in the whole map."""
    style = NODE_STYLE[d["kind"]]
    gap = _gap_now(gaps)
    return {
        "id": n,
        "label": words.titles[d["plan"]] if d["kind"] == "Plan" else label(d, workshop),
        "area": areas.get(d.get("plan", ""), "") if d["kind"] == "Partner" else "",  # whose, with several plans
        "kind": d["kind"],
        "shape": style["shape"],
        "colour": style["color"],
        "x": round(pos[n][0], 1),
        "y": round(pos[n][1], 1),
        "ov": places,
        "plan": d.get("plan", ""),
        "framework": d.get("framework", ""),  # a plan's, an outcome's: the plan filter keeps its outcomes
        "base": _importance(d, "", 1),  # its rank among the labels when it marks no gap
        "led": led,  # per plan: the actions it leads (a partner's size and rank)
        # per plan: the gap it marks in words, the colour of its ring, whether a board must read it
        "gaps": {p: [words, _ring(d, words, ""), _importance(d, words, 1) == 0] for p, words in gaps.items()},
        "fontscale": _LABEL_SCALE.get(d["kind"], 1.0),
        "tip": _tip(words, n, d, load, gap),
        "find": _search_words(d),
        "panel": _panel(words, n, d, gap),
    }


def _importance(d: dict[str, Any], gap: str, led: int) -> int:
    """Which labels a board must see first (0 first): the gaps (an outcome or a need no action
    serves or measures, a partner whose withdrawal would leave one so), then the partners that
    lead, heaviest first (a collective, "All Partners", never before a named lead), then the
    outcomes, the plans, the other needs, the partners leading nothing, the actions and the
    indicators."""
    kind = d["kind"]
    if gap and (kind in ("Outcome", "Need") or _SPOF in gap):
        return 0
    if kind == "Partner":
        return 1 if led and d.get("partner_kind") != "collective" else 5
    return {"Outcome": 2, "Plan": 3, "Partnership": 3, "Need": 4, "Action": 6}.get(kind, 7)


def map_svg(G: nx.MultiDiGraph, *, plan: str | None = None, width: int = 1600, height: int = 1000) -> str:
    """The accountability overview as a still picture (SVG) for a paper, a slide or the printed
    pack: one plan's (or, with ``plan`` None, every plan's together) partners, outcomes and
    needs, each kind in its own shape, a line where a partner's actions serve an outcome or a
    need (thicker for more actions), the gaps ringed, a legend, and the labels that fit without
    overlapping, the most important first (gaps, partners by load, outcomes, needs), a gap's
    or a heavy lead's moved rather than dropped.

    >>> from cjgraph.examples import tiny_graph
    >>> map_svg(tiny_graph()).startswith("<svg")
    True
    """
    from cjgraph.visualisations.charts import Svg

    H, links, layouts = _overview(G)
    shown = sorted({d["plan"] for _, d in H.nodes(data=True) if d.get("plan")})
    if plan is not None:
        plan_ids(G, plan)
    key = plan or ""
    pos = layouts.get(key, {})
    links = [x for x in links if plan is None or x[3] == plan]
    titles = {p: plan_title(G, p) for p in plan_ids(G)}
    areas = _areas(G, shown) if plan is None else {}
    marks, loads = _marks_and_loads(G, shown)
    gaps = {n: (_gap_now(m) if plan is None else m.get(plan, "")) for n, m in marks.items()}
    led = {n: int(loads[n]["by_plan"].get(plan, 0) if plan else loads[n].get("led", 0)) for n in loads}
    title = _title([titles[p] for p in ([plan] if plan else shown)], "")
    svg = Svg(width, height, title)
    svg.text(
        24,
        26,
        _title([titles[p] for p in ([plan] if plan else shown)], "", prefix="")
        + ": who leads actions for which outcome and need",
        size=18,
        bold=True,
    )
    at = _fit(pos, width - 300, height - 60, left=20, top=50)
    for u, v, role, _, count in links:
        if u in at and v in at:
            colour = str(OVERVIEW_EDGE_STYLE[_LINK_TYPE[role]]["color"])
            thick = min(8.0, 0.8 + 0.9 * count)
            svg.line(*at[u], *at[v], colour, opacity=0.45 if role == "leads" else 0.25, width=thick)
    radius = {n: _radius(H.nodes[n]["kind"], led.get(n, 0)) for n in at}
    for n in sorted(at):
        d = H.nodes[n]
        style = NODE_STYLE[d["kind"]]
        gap = gaps.get(n, "")
        svg.shape(
            *at[n],
            radius[n],
            style["shape"],
            style["color"],
            _ring(d, gap, "#ffffff"),
            3.0 if gap else 0.8,
            str(d.get("name") or label(d)),
        )
    _svg_labels(svg, H, at, radius, gaps, led, areas, width)
    _svg_legend(svg, width - 270, 60)
    return svg.render()


_LINK_TYPE = {"leads": "LEADS_ACTIONS_FOR", "contributes": "CONTRIBUTES_ACTIONS_FOR"}


def _radius(kind: str, led: int) -> float:
    if kind == "Partner":  # area in proportion to the actions it leads
        return max(4.0, 3.2 * math.sqrt(led))
    return {"Outcome": 11.0, "Need": 8.0}.get(kind, 5.0)


def _fit(
    pos: dict[str, tuple[float, float]], width: float, height: float, *, left: float, top: float
) -> dict[str, tuple[float, float]]:
    """Layout positions scaled into a box of the picture (kept in shape, margins for the labels)."""
    if not pos:
        return {}
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    x0, y0 = min(xs), min(ys)
    span_x, span_y = (max(xs) - x0) or 1.0, (max(ys) - y0) or 1.0
    margin = 70.0
    sx, sy = (width - 2 * margin) / span_x, (height - 2 * margin) / span_y
    sx = min(sx, 2.0 * sy)  # widened to the picture's shape, not stretched past recognition
    sy = min(sy, 2.0 * sx)
    return {n: (left + margin + (x - x0) * sx, top + margin + (y - y0) * sy) for n, (x, y) in pos.items()}


def _svg_labels(
    svg: Any,
    H: nx.MultiDiGraph,
    at: dict[str, tuple[float, float]],
    radius: dict[str, float],
    gaps: dict[str, str],
    led: dict[str, int],
    areas: dict[str, str],
    width: float,
) -> None:
    """The labels that fit, most important first; a gap's or one of the five heaviest leads'
    moved above its node or further out where its place is taken, never dropped."""
    kept: list[tuple[float, float, float, float]] = []
    order = sorted(
        (n for n in at if label(H.nodes[n])),
        key=lambda n: (_importance(H.nodes[n], gaps.get(n, ""), led.get(n, 0)), -led.get(n, 0), -radius[n], n),
    )
    top = sum(1 for n in order if _importance(H.nodes[n], gaps.get(n, ""), led.get(n, 0)) == 0)
    must = set(order[: top + 5])
    for n in order:
        d = H.nodes[n]
        words = label(d, areas=areas)
        px = 14.0 if d["kind"] in ("Outcome", "Need") or led.get(n, 0) >= 3 else 12.0
        w, h = 0.55 * px * len(words) + 4, px * 1.25
        x, y = at[n]
        x = min(max(x, w / 2 + 2), width - w / 2 - 2)  # inside the picture
        tops = [y + radius[n] + 1] + (_further(y, radius[n], h) if n in must else [])
        box = next((b for b in ((x - w / 2, t, w, h) for t in tops) if not _collides(b, kept)), None)
        if box is None:
            continue
        kept.append(box)
        svg.text(x, box[1] + px, words, anchor="middle", size=px, halo=True)


def _svg_legend(svg: Any, x: float, y: float) -> None:
    """What the shapes, lines and rings of the still picture mean."""
    svg.rect(x - 12, y - 22, 262, 230, "#ffffff", stroke="#bbbbbb")
    svg.text(x, y, "Legend", size=14, bold=True)
    row = y + 24.0
    for kind in ("Partner", "Outcome", "Need"):
        style = NODE_STYLE[kind]
        svg.shape(x + 8, row - 5, 7, style["shape"], style["color"], "#ffffff", 0.8)
        svg.text(x + 24, row, str(style["label"]), size=12)
        row += 22
    for kind, e in OVERVIEW_EDGE_STYLE.items():
        svg.line(x, row - 5, x + 18, row - 5, str(e["color"]), width=3 if "LEADS" in kind else 1.2)
        svg.text(x + 24, row, str(e["label"]), size=12)
        row += 22
    svg.shape(x + 8, row - 5, 7, "dot", "#ffffff", GAP_COLOUR, 3)
    svg.text(x + 24, row, "gap: outcome unmeasured, need", size=12)
    svg.text(x + 24, row + 15, "unaddressed, or a partner whose", size=12)
    svg.text(x + 24, row + 30, "withdrawal leaves one without action", size=12)
    row += 52
    svg.shape(x + 8, row - 5, 7, "dot", "#ffffff", COLLECTIVE_COLOUR, 3)
    svg.text(x + 24, row, "collective lead (no single owner)", size=12)


def _further(y: float, r: float, h: float) -> list[float]:
    """Other tops for a label a picture must show: above its node, then further out each way."""
    out = []
    for k in range(1, 13):
        out += [y - r - 1 - k * h, y + r + 1 + k * h]
    return out


def _collides(box: tuple[float, float, float, float], kept: list[tuple[float, float, float, float]]) -> bool:
    x, y, w, h = box
    return any(x < k[0] + k[2] and k[0] < x + w and y < k[1] + k[3] and k[1] < y + h for k in kept)


def map_size_problem(H: nx.MultiDiGraph) -> str:
    """Why the graph ``H`` is too large to draw as a map (:mod:`cjgraph.limits`), or ``""``.

    >>> from cjgraph.examples import example_path
    >>> from cjgraph.loading import load
    >>> map_size_problem(load(example_path("midlothian-2017-2020")))
    ''
    """
    n = H.number_of_nodes()
    if n > MAX_MAP_NODES:
        return f"the map would have {n:,} nodes, over the {MAX_MAP_NODES:,} that cjgraph draws"
    per_plan = Counter(d["plan"] for _, d in H.nodes(data=True) if d.get("plan"))
    if per_plan:
        plan, most = per_plan.most_common(1)[0]
        if most > MAX_MAP_PLAN_NODES:
            return (
                f"the plan {plan!r} alone would have {most:,} nodes on the map, over the {MAX_MAP_PLAN_NODES:,} "
                "that cjgraph lays out in reasonable time"
            )
    return ""


def write_map(G: nx.MultiDiGraph, out: str | Path, *, force: bool = False, **options: Any) -> Path:
    """Write :func:`map_html` to ``out`` (atomically: a page is either whole or absent).

    Parameters
    ----------
    G : a graph of plans.
    out : the HTML file to write; an existing file only when cjgraph wrote it as a map and it is
        unchanged since, or with ``force`` (never a link, a device or a FIFO).
    force : replace a file cjgraph did not write, or wrote as something else, or that was edited.
    options : as for :func:`map_html` (``plan``, ``focus``, ``outcome``, ``need``, ``workshop``).

    Returns
    -------
    Path : ``out``.

    Raises
    ------
    GraphError : an unknown plan, partner, outcome or need, or a graph that breaks the contract.
    LimitError : a map too large to lay out (draw a part of it).
    OutputError : ``out`` cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cjgraph.examples import tiny_graph
    >>> out = write_map(tiny_graph(), pathlib.Path(tempfile.mkdtemp()) / "map.html", focus="Sacro")
    >>> "Sacro" in out.read_text(encoding="utf-8")
    True
    """
    out = Path(out)
    html = stamp_text(map_html(G, **options), "map")
    with atomic_file(out, kind="map", force=force) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return out


def _areas(G: nx.MultiDiGraph, shown: list[str]) -> dict[str, str]:
    """With several plans drawn, each plan's partnership, to tell apart two plans' local partners
    of one name ("Community Justice Co-ordinator — North Lanarkshire"); none with one plan."""
    if len(shown) < 2:
        return {}
    return {p: str(G.nodes[plan_id(p)].get("partnership") or plan_title(G, p)) for p in shown}


def _title(plans: list[str], about: str, *, prefix: str = "cjgraph map: ") -> str:
    names = ", ".join(plans[:3]) + (f" and {len(plans) - 3} more" if len(plans) > 3 else "")
    return f"{prefix}{about} in {names}" if about else f"{prefix}{names}"


def _gap_marks(G: nx.MultiDiGraph, plans: list[str]) -> dict[str, dict[str, str]]:
    """node → plan → the gaps it marks in that plan ("outcome-unmeasured; single-point-of-failure")."""
    marks: dict[str, dict[str, list[str]]] = {}
    wanted = ["outcome-unmeasured", "outcome-only-qualitative", "need-unaddressed", "collective-lead"]
    for pid in plans:
        for g in find_gaps(G, plan=pid, reasons=wanted):
            marks.setdefault(g.node, {}).setdefault(pid, []).append(g.reason)
        for s in single_points_of_failure(G, plan=pid):  # what breaks if this partner steps back
            marks.setdefault(s.node, {}).setdefault(pid, []).append(_SPOF)
    return {k: {p: "; ".join(v) for p, v in by.items()} for k, by in marks.items() if k}


def _gap_now(gaps: dict[str, str]) -> str:
    """The gaps a node marks in all the plans drawn, in words: each with its plan's id when
    there are several ("need-unaddressed (north-lanarkshire-2017-2020)")."""
    if len(gaps) <= 1:
        return "".join(gaps.values())
    return "; ".join(f"{r} ({p})" for p, words in sorted(gaps.items()) for r in words.split("; "))


_SPOF = "single-point-of-failure"


def _ring(d: dict[str, Any], gap: str, plain: str) -> str:
    """The colour of a node's border: vermillion for a gap (and for a partner whose withdrawal
    leaves an outcome or need with no action), yellow for a collective lead, else ``plain``."""
    if not gap:
        return plain
    if d["kind"] != "Partner" or _SPOF in gap:
        return GAP_COLOUR
    return COLLECTIVE_COLOUR


def _marks_and_loads(
    G: nx.MultiDiGraph, shown: list[str]
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, Any]]]:
    """The gaps each node marks and each partner's lead-load in the plans ``shown``, worked out
    once per graph (the pack draws a still map of each of 100 plans: it was asked again for each)."""
    return _once(G, f"marks {shown}", lambda: (_gap_marks(G, shown), _loads(G, shown)))  # type: ignore[no-any-return]


def _loads(G: nx.MultiDiGraph, shown: list[str]) -> dict[str, dict[str, Any]]:
    """node → its lead-load in the plans drawn (all of them together when there are several), and
    under ``by_plan`` the actions it leads in each."""
    plans = set(shown)
    out: dict[str, dict[str, Any]] = {}
    for r in lead_load(G):
        if r.plan not in plans and not (r.plan == ALL_PLANS and len(plans) > 1):
            continue
        mine = out.setdefault(r.node, {"by_plan": {}})
        if r.plan != ALL_PLANS:
            mine["by_plan"][r.plan] = r.led
        if r.plan == ALL_PLANS or "led" not in mine:
            mine.update(led=r.led, sole=r.sole, weighted=r.weighted, contributed=r.contributed)
    return out


class _Words:
    """The words a map's tooltips and panels say of a node's neighbours: each node's ends by
    relation found in one pass over ``H``'s edges, each action's line made once."""

    def __init__(self, H: nx.MultiDiGraph, titles: dict[str, str]) -> None:
        self.H, self.titles = H, titles
        ends: dict[tuple[str, str, bool], set[str]] = {}
        for u, v, k in H.edges(keys=True):
            ends.setdefault((u, k, False), set()).add(v)
            ends.setdefault((v, k, True), set()).add(u)
        self._ends = {key: sorted(found) for key, found in ends.items()}
        self._lines: dict[str, str] = {}

    def ends(self, node: str, rel: str, *, incoming: bool) -> list[str]:
        return self._ends.get((node, rel, incoming), [])

    def names(self, node: str, rel: str, *, incoming: bool) -> str:
        """The names of ``node``'s ends by ``rel`` (an outcome by its key), in one line."""
        nodes = self.H.nodes
        return ", ".join(
            str(nodes[e].get("name") if nodes[e]["kind"] != "Outcome" else nodes[e]["key"])
            for e in self.ends(node, rel, incoming=incoming)
        )

    def near(self, node: str, rel: str, incoming: bool, kind: str) -> list[str]:
        """A line for each of ``node``'s ends by ``rel`` that is a ``kind``: an action in full."""
        nodes = self.H.nodes
        found = [e for e in self.ends(node, rel, incoming=incoming) if nodes[e]["kind"] == kind]
        return [self.action(e) if kind == "Action" else str(nodes[e].get("name", "")) for e in found]

    def action(self, a: str) -> str:
        if a not in self._lines:
            x = self.H.nodes[a]
            due = x["due"] or "no due date"
            where = self.titles.get(x["plan"], x["plan"])
            self._lines[a] = f"{x['ref']}: {x['text']} ({where}; due {due}; {x.get('status') or 'not reported'})"
        return self._lines[a]


def _search_words(d: dict[str, Any]) -> list[str]:
    """What finds a node in the map's search box: its names, a partner's aliases and the
    abbreviations the registry knows ("SPS"), an action's ref and text, an outcome's key and title."""
    words = [str(d.get(k, "")) for k in ("name", "ref", "key", "text", "partnership") if d.get(k)]
    if d["kind"] == "Partner":
        words += [a.strip() for a in str(d.get("aliases", "")).split("|") if a.strip()]
        body = registry_entry(str(d.get("name", "")))
        if body is not None:
            words += [body.canonical, *body.aliases]
    return sorted(set(words), key=words.index)


def _panel(words: _Words, n: str, d: dict[str, Any], gap: str) -> list[list[Any]]:
    """What the side panel lists when a node is clicked, in words: [heading, [line, ...]] each."""

    def near(rel: str, incoming: bool, kind: str) -> list[str]:
        return words.near(n, rel, incoming, kind)

    kind = d["kind"]
    parts: list[list[Any]] = []
    if kind == "Partner":
        parts = [["Leads", near("LEADS", False, "Action")], ["Contributes to", near("CONTRIBUTES_TO", False, "Action")]]
    elif kind == "Action":
        parts = [
            ["Leads", near("LEADS", True, "Partner")],
            ["Contributors", near("CONTRIBUTES_TO", True, "Partner")],
            ["Outcome", near("DELIVERS", False, "Outcome")],
            ["Needs addressed", near("ADDRESSES", False, "Need")],
            ["Indicators", near("MEASURED_BY", False, "Indicator")],
        ]
    elif kind == "Outcome":
        parts = [
            ["Actions delivering it", near("DELIVERS", True, "Action")],
            ["Indicators", near("MEASURED_BY", False, "Indicator")],
        ]
    elif kind == "Need":
        parts = [["Actions addressing it", near("ADDRESSES", True, "Action")]]
    elif kind == "Indicator":
        parts = [["Actions linked to it", near("MEASURED_BY", True, "Action")]]
    if gap:
        parts.append(["Gaps", [_gap_words(g, words.titles) for g in gap.split("; ")]])
    return [p for p in parts if p[1]]


def _gap_words(mark: str, titles: dict[str, str]) -> str:
    for pid, title in titles.items():
        mark = mark.replace(f"({pid})", f"({title})")
    return mark.replace("-", " ")


def _tip(words: _Words, n: str, d: dict[str, Any], load: dict[str, Any], gap: str) -> list[list[str]]:
    kind = d["kind"]
    rows: list[list[str]] = [[kind, str(d.get("name", ""))]]
    where = words.titles.get(d.get("plan", ""), "")
    if kind == "Action":
        rows = [
            ["Action", f"{d['ref']} ({where})"],
            ["", d["text"]],
            ["Leads", words.names(n, "LEADS", incoming=True) or "none named"],
            ["Contributors", words.names(n, "CONTRIBUTES_TO", incoming=True)],
            ["Outcome", words.names(n, "DELIVERS", incoming=False)],
            ["Due", d["due"] or f"no date ({d['timescale']})"],
            ["Status", d.get("status") or "not reported"],
        ]
    elif kind == "Partner":
        rows += [["Plan", where or "every plan (a national body)"]]
        rows += [["Kind", f"{d.get('partner_kind', '')}, {d.get('scope', '')}"]]
        if load:
            rows += [
                ["Leads", f"{load['led']} actions ({load['sole']} alone), weighted {load['weighted']:g}"],
                ["Contributes to", f"{load['contributed']} actions"],
            ]
    elif kind == "Outcome":
        rows = [["Outcome", str(d["name"])], ["Type", str(d.get("type", ""))]]
    elif kind == "Indicator":
        rows = [["Indicator", str(d["name"])], ["Kind", f"{d['indicator_kind']} indicator"], ["Plan", where]]
    elif kind == "Plan":
        rows = [["Plan", where], ["", str(d["name"])], ["Period", f"{d['period_start']} to {d['period_end']}"]]
    if gap:
        rows.append(["Gap", gap])
    return [r for r in rows if r[1]]


def _json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _asset(*parts: str) -> str:
    import pyvis

    return Path(pyvis.__file__).parent.joinpath("lib", *parts).read_text(encoding="utf-8")


def _page(title: str, data: dict[str, Any], workshop: bool) -> str:
    from jinja2 import Environment

    template = resources.files("cjgraph.visualisations").joinpath("templates", "map.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    return env.from_string(template).render(
        title=title,
        vis_css=_asset("vis-9.1.2", "vis-network.css"),
        vis_js=_asset("vis-9.1.2", "vis-network.min.js"),
        data=_json_for_script(data),
        workshop=workshop,
    )
