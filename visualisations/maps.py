"""Interactive network maps for board workshops: one self-contained, offline HTML file.

The map is assembled with pyvis and drawn by the vis-network bundle that pyvis ships, inlined
into our own page (pyvis's own template fetches Bootstrap from a CDN even in ``in_line``
mode, so it is not used). The page makes no network request. Positions are computed here
(networkx) and physics is off, so the drawing is still the moment it opens.

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
import textwrap
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.atomic import atomic_file, stamp_text
from cjgraph.contract import FRAMEWORK_LABELS, need_id, outcome_ids, plan_id, validate_graph
from cjgraph.errors import GraphError, LimitError
from cjgraph.framework import registry_entry
from cjgraph.limits import MAX_MAP_NODES, MAX_MAP_PLAN_NODES
from cjgraph.queries import ALL_PLANS, find_gaps, lead_load, plan_title, single_points_of_failure
from cjgraph.queries.select import find_partners, plan_ids, plan_view
from cjgraph.visualisations.style import COLLECTIVE_COLOUR, EDGE_STYLE, GAP_COLOUR, NODE_STYLE

__all__ = ["map_graph", "map_layout", "map_html", "map_svg", "map_size_problem", "write_map"]

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
    frame = {n for n, k in G.nodes(data="kind") if k in FRAMEWORK_LABELS}
    return _part(G, keep - frame)


def _drawn(
    G: nx.MultiDiGraph, *, workshop: bool = False, **part: str | None
) -> tuple[nx.MultiDiGraph, dict[str, tuple[float, float]]]:
    """The part of ``G`` a map draws and its layout, made once per graph and part: the board
    pack draws the same map as a page and as a still picture. Kept in ``G``'s networkx cache,
    which networkx empties when a node or an edge is added or removed."""
    key = f"cjgraph_map {sorted(part.items())} {workshop}"
    cache = getattr(G, "__networkx_cache__", None)
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[no-any-return]
    H = map_graph(G, **part)
    drawn = (H, map_layout(H, workshop=workshop) if not map_size_problem(H) else {})
    if cache is not None:
        cache[key] = drawn
    return drawn


def _part(G: Any, nodes: Iterable[str], index: dict[str, int] | None = None) -> Any:
    """The part of ``G`` on ``nodes``, its nodes and edges in ``G``'s own order. networkx's
    ``subgraph`` of fewer than half the nodes iterates them in the order of a set, which
    changes with every Python process (string hashing): a layout seeded for repeatable pictures
    then moved from run to run (a plan's map, and the 32-plan pack, differed each time)."""
    keep = set(nodes)
    H = G.__class__()
    if index is None:  # G's order: one pass over G
        H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
    else:  # G's order from its index (node → position): the part alone is sorted
        H.add_nodes_from((n, dict(G.nodes[n])) for n in sorted(keep, key=index.__getitem__))
    adj = G.succ if G.is_directed() else G.adj  # each kept node's own edges only, in G's order
    for u in H:
        for v, data in adj[u].items():
            if v not in keep or (not G.is_directed() and v in H.adj[u]):
                continue
            if G.is_multigraph():
                H.add_edges_from((u, v, k, dict(d)) for k, d in data.items())
            else:
                H.add_edge(u, v, **data)
    return H


def _rel(G: nx.MultiDiGraph, a: str, b: str) -> str:
    keys = list(G.get_edge_data(a, b, default={})) + list(G.get_edge_data(b, a, default={}))
    return keys[0] if keys else ""


def _actions_of(G: nx.MultiDiGraph, node: str) -> set[str]:
    kind = G.nodes[node]["kind"]
    if kind == "Action":
        return {node}
    near = set(G.successors(node)) | set(G.predecessors(node))
    return {a for a in near if G.nodes[a]["kind"] == "Action" and _rel(G, a, node) in _ACTION_RELS}


# how strongly each relationship pulls its ends together in the layout (plan membership: not at all)
_PULL = {
    "LEADS": 1.0,
    "DELIVERS": 1.0,
    "MEASURED_BY": 0.5,
    "DEPENDS_ON": 0.5,
    "CONTRIBUTES_TO": 0.25,
    "ADDRESSES": 0.3,
    "ACTS_FOR": 0.3,
}
# drawn in the data (counted, searchable) but not as lines: they would fan out from every plan
_UNDRAWN = {"PART_OF", "OF", "PARTNER_OF"}


# distance between neighbouring nodes, in the units of the font size below: measured on the two
# seeds, 200 leaves 3 of ~90 labels touching at 14 px (50 force iterations; 100 gave 3 and 7)
SPACING = 200.0
# label size in page pixels (the map keeps it whatever the zoom): normal, workshop (projector)
FONT = {False: 13, True: 20}
_LABEL_SCALE = {"Outcome": 1.3, "Need": 1.1, "Plan": 1.2, "Partnership": 1.2, "Action": 0.85}


def map_layout(H: nx.MultiDiGraph, *, seed: int = 7, workshop: bool = False) -> dict[str, tuple[float, float]]:
    """Positions for every node, computed once here so the map is still when it opens.

    Only what an action does pulls nodes together (leads, contributes, delivers, measures,
    addresses, depends, acts for), not plan membership. Each connected part is laid out on
    its own, the largest in the middle and the small ones (a statutory partner that leads
    nothing, an unaddressed need) in rows beneath it, where they stand out. With many plans
    the shared nodes form a hub and each plan's own nodes a cluster on a ring around it,
    so the cost grows with the number of plans, not with its square.
    """
    simple = nx.Graph()
    simple.add_nodes_from(H)
    for u, v, k in H.edges(keys=True):
        if k in _PULL:
            w = simple.get_edge_data(u, v, {}).get("weight", 0.0)
            simple.add_edge(u, v, weight=max(w, _PULL[k]))
    font = FONT[workshop]
    width = {n: max(1.0, 0.55 * font * len(_label(d, workshop)) / SPACING + 0.3) for n, d in H.nodes(data=True)}
    if H.number_of_nodes() <= 600:
        return _packed(simple, seed, width)
    shared = [v for v, d in H.nodes(data=True) if not d.get("plan")]
    plans = sorted({d["plan"] for _, d in H.nodes(data=True) if d.get("plan")})
    index = {n: k for k, n in enumerate(simple)}
    out = _packed(_part(simple, shared, index), seed, width)
    radius = SPACING * (2 * math.sqrt(len(plans)) + 0.7 * math.sqrt(len(shared)))
    by_plan: dict[str, list[str]] = {}
    for v, d in H.nodes(data=True):
        if d.get("plan"):
            by_plan.setdefault(d["plan"], []).append(v)
    for i, p in enumerate(plans):
        members = by_plan[p]
        angle = 2 * math.pi * i / len(plans)
        cx, cy = radius * math.cos(angle), radius * math.sin(angle)
        for k, (x, y) in _packed(_part(simple, members, index), seed, width, spacing=SPACING / 3).items():
            out[k] = (cx + x, cy + y)
    return out


def _packed(
    graph: nx.Graph, seed: int, widths: dict[str, float], *, spacing: float = SPACING
) -> dict[str, tuple[float, float]]:
    """Lay out each connected part with a force layout; small parts in rows below the largest
    (a lone node takes the room its label needs: ``widths`` are in units of ``spacing``)."""
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    out: dict[str, tuple[float, float]] = {}
    if not parts:
        return out
    main = parts[0]
    half = spacing * math.sqrt(len(main)) / 2
    if len(main) == 1:
        out[main[0]] = (0.0, 0.0)
    else:
        sub = _part(graph, main)
        pos = nx.spring_layout(sub, seed=seed, k=3.0 / math.sqrt(len(main)), iterations=50, scale=half, weight="weight")
        out.update({k: (float(v[0]), float(v[1])) for k, v in pos.items()})
    x, y = -half, half + spacing * 1.5
    for part in parts[1:]:
        width = spacing * (max(widths.get(part[0], 1.0), 1.0) if len(part) == 1 else 1 + math.sqrt(len(part)))
        if x + width > half and x > -half:
            x, y = -half, y + width
        if len(part) == 1:
            out[part[0]] = (x + width / 2, y)
        else:
            sub = _part(graph, part)
            pos = nx.spring_layout(sub, seed=seed, scale=width / 3)
            out.update({k: (x + width / 2 + float(v[0]), y + float(v[1])) for k, v in pos.items()})
        x += width
    return out


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
    """The map as one self-contained HTML page (see the module docstring)."""
    from pyvis.network import Network

    H, pos = _drawn(G, workshop=workshop, plan=plan, focus=focus, outcome=outcome, need=need)
    problem = map_size_problem(H)
    if problem:
        raise LimitError(f"{problem}; draw a part of it: --plan ID, --focus PARTNER, --outcome KEY or --need KEY.")
    shown = sorted({d["plan"] for _, d in H.nodes(data=True) if d.get("plan")})
    marks = _gap_marks(G, shown)
    loads = _loads(G, H, shown)
    titles = {p: plan_title(G, p) for p in plan_ids(G)}
    net = Network(directed=True, cdn_resources="in_line")
    for n, d in sorted(H.nodes(data=True)):
        style = NODE_STYLE[d["kind"]]
        gap = marks.get(n, "")
        size = 12.0
        if d["kind"] == "Partner":  # area in proportion to the actions it leads: the heaviest lead is the largest
            size = max(6.0, 7 * math.sqrt(loads.get(n, {}).get("led", 0)))
        elif d["kind"] == "Outcome":
            size = 26
        fontsize = FONT[workshop] * _LABEL_SCALE.get(d["kind"], 1.0)
        if d["kind"] == "Partner":  # the heavier the load, the larger the name: the hub must stand out
            fontsize = FONT[workshop] * min(1.6, 1 + 0.15 * math.sqrt(loads.get(n, {}).get("led", 0)))
        border = _ring(d, gap, str(style["color"]))
        x, y = pos[n]
        net.add_node(
            n,
            label=_label(d, workshop),
            shape=style["shape"],
            size=min(size, 60.0),
            x=round(x, 1),
            y=round(y, 1),
            color={
                "background": style["color"],
                "border": border,
                "highlight": {"background": style["color"], "border": "#000000"},
                "hover": {"background": style["color"], "border": "#000000"},
            },
            importance=_importance(d, gap, int(loads.get(n, {}).get("led", 0))),
            led=int(loads.get(n, {}).get("led", 0)),
            borderWidth=5 if gap else 1,
            kind=d["kind"],
            fontsize=round(fontsize, 1),
            plan=d.get("plan", ""),
            framework=d.get("framework", ""),  # a plan's, an outcome's: the plan filter keeps its outcomes
            gap=gap,
            tip=_tip(H, n, d, loads.get(n, {}), gap, titles),
            find=_search_words(d),
            panel=_panel(H, n, d, gap, titles),
        )
    areas = _areas(G, shown)
    for node in net.nodes:  # pyvis puts the id where a label is empty; indicators have none on purpose
        d = H.nodes[node["id"]]
        node["label"] = titles[d["plan"]] if d["kind"] == "Plan" else _label(d, workshop, areas)
    data = {
        "nodes": net.nodes,
        # an edge is (from, to, type): its look comes from its type, given once, not per edge. Written
        # here, not through pyvis's add_edge, which looks for both ends in a list of every node
        # (22,000 edges of 32 plans: 0.7 s)
        "edges": [{"from": u, "to": v, "type": k} for u, v, k in sorted(H.edges(keys=True))],
        "edge_style": {k: {**e, "hidden": k in _UNDRAWN} for k, e in EDGE_STYLE.items()},
        "legend": {
            "nodes": [[k, s["label"], s["color"], s["shape"]] for k, s in NODE_STYLE.items()],
            "edges": [[k, e["label"], e["color"], e["dashes"]] for k, e in EDGE_STYLE.items()],
            "gap": GAP_COLOUR,
            "collective": COLLECTIVE_COLOUR,
        },
        "workshop": workshop,
        "font": FONT[workshop],
    }
    about = focus or (f"outcome {outcome}" if outcome else f"need {need}" if need else "")
    return _page(title or _title([titles[p] for p in shown], about), data, workshop)


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


def map_svg(G: nx.MultiDiGraph, *, width: int = 1600, height: int = 1000) -> str:
    """The whole map as a still picture (SVG) for a paper, a slide or the printed pack: the same
    layout, nodes and lines, and the labels that fit without overlapping (most important first:
    gaps, partners by load, outcomes, plans, needs; the rest are in ``map.html``).

    >>> from cjgraph.examples import tiny_graph
    >>> map_svg(tiny_graph()).startswith("<svg")
    True
    """
    from cjgraph.visualisations.charts import Svg

    H, pos = _drawn(G, plan=None, focus=None, outcome=None, need=None)
    problem = map_size_problem(H)
    if problem:
        raise LimitError(f"{problem}; draw a part of it: --plan ID, --focus PARTNER, --outcome KEY or --need KEY.")
    shown = sorted({d["plan"] for _, d in H.nodes(data=True) if d.get("plan")})
    areas = _areas(G, shown)
    marks, loads = _gap_marks(G, shown), _loads(G, H, shown)
    titles = {p: plan_title(G, p) for p in plan_ids(G)}
    xs, ys = [x for x, _ in pos.values()] or [0.0], [y for _, y in pos.values()] or [0.0]
    margin, top = 40.0, 40.0
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    sx, sy = (width - 2 * margin) / span_x, (height - top - 2 * margin) / span_y
    sx = min(sx, 2.5 * sy)  # widened to the picture's shape, not stretched past recognition
    sy = min(sy, sx)

    x0, y0 = min(xs), min(ys)  # once: for every end of every line they were 26% of a big pack

    def at(n: str) -> tuple[float, float]:
        x, y = pos[n]
        return margin + (x - x0) * sx, top + margin + (y - y0) * sy

    svg = Svg(width, height, _title([titles[p] for p in shown], ""))
    svg.text(margin, 24, _title([titles[p] for p in shown], ""), size=16, bold=True)
    for u, v, k in sorted(H.edges(keys=True)):
        if k not in _UNDRAWN:
            svg.line(*at(u), *at(v), str(EDGE_STYLE[k]["color"]), opacity=0.35)
    radius: dict[str, float] = {}
    for n, d in sorted(H.nodes(data=True)):
        style = NODE_STYLE[d["kind"]]
        gap = marks.get(n, "")
        r = {"Outcome": 9.0, "Plan": 7.0, "Partnership": 7.0, "Need": 6.0}.get(d["kind"], 3.5)
        if d["kind"] == "Partner":
            r = max(3.0, 2.4 * math.sqrt(loads.get(n, {}).get("led", 0)))
        radius[n] = r
        ring = _ring(d, gap, "#ffffff")
        tip = titles.get(d.get("plan", ""), "") if d["kind"] == "Plan" else str(d.get("name") or _label(d))
        svg.circle(*at(n), r, style["color"], ring, 3.0 if gap else 0.8, tip)
    kept: list[tuple[float, float, float, float]] = []
    led = {n: int(loads.get(n, {}).get("led", 0)) for n in H}
    order = sorted(
        (n for n, d in H.nodes(data=True) if _label(d)),
        key=lambda n: (_importance(H.nodes[n], marks.get(n, ""), led[n]), -led[n], -radius[n], n),
    )
    must = set(order[: sum(1 for n in order if _importance(H.nodes[n], marks.get(n, ""), led[n]) == 0) + 5])
    for n in order:
        d = H.nodes[n]
        words = titles.get(d.get("plan", ""), "") if d["kind"] == "Plan" else _label(d, areas=areas)
        px = 13.0 if d["kind"] in ("Outcome", "Partner") and radius[n] > 6 else 11.0
        w, h = 0.55 * px * len(words) + 4, px * 1.25
        x, y = at(n)
        x = min(max(x, w / 2 + 2), width - w / 2 - 2)  # inside the picture
        # under the node; a gap's or a heavy lead's label, where that is taken, above it or further out
        tops = [y + radius[n] + 1] + (_further(y, radius[n], h) if n in must else [])
        box = next((b for b in ((x - w / 2, t, w, h) for t in tops) if not _collides(b, kept)), None)
        if box is None:
            continue
        kept.append(box)
        svg.text(x, box[1] + px, words, anchor="middle", size=px)
    return svg.render()


def _further(y: float, r: float, h: float) -> list[float]:
    """Other tops for a label a picture must show: above its node, then further out each way."""
    out = []
    for k in range(1, 7):
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


def _label(d: dict[str, Any], workshop: bool = False, areas: dict[str, str] | None = None) -> str:
    kind = d["kind"]
    if kind == "Partner" and areas and d.get("plan") in areas:
        return f"{d.get('name', '')} — {areas[d['plan']]}"
    if kind == "Action":
        return "" if workshop else str(d["ref"])  # on a projector refs crowd out the names
    if kind == "Outcome":  # its title, shortened (the whole of it in the tooltip and the panel)
        return textwrap.shorten(str(d.get("name") or d["key"]), 36, placeholder="…")
    if kind == "Indicator":
        return ""  # many and long: shown in the tooltip, not as a label
    if kind == "Plan":
        return str(d["id"])
    return str(d.get("name", ""))


def _title(plans: list[str], about: str) -> str:
    names = ", ".join(plans[:3]) + (f" and {len(plans) - 3} more" if len(plans) > 3 else "")
    return f"cjgraph map: {about} in {names}" if about else f"cjgraph map: {names}"


def _gap_marks(G: nx.MultiDiGraph, plans: list[str]) -> dict[str, str]:
    marks: dict[str, list[str]] = {}
    wanted = ["outcome-unmeasured", "outcome-only-qualitative", "need-unaddressed", "collective-lead"]
    for pid in plans:
        for g in find_gaps(G, plan=pid, reasons=wanted):
            marks.setdefault(g.node, []).append(f"{g.reason} ({pid})" if len(plans) > 1 else g.reason)
        for s in single_points_of_failure(G, plan=pid):  # what breaks if this partner steps back
            marks.setdefault(s.node, []).append(f"{_SPOF} ({pid})" if len(plans) > 1 else _SPOF)
    return {k: "; ".join(v) for k, v in marks.items() if k}


_SPOF = "single-point-of-failure"


def _ring(d: dict[str, Any], gap: str, plain: str) -> str:
    """The colour of a node's border: vermillion for a gap (and for a partner whose withdrawal
    leaves an outcome or need with no action), yellow for a collective lead, else ``plain``."""
    if not gap:
        return plain
    if d["kind"] != "Partner" or _SPOF in gap:
        return GAP_COLOUR
    return COLLECTIVE_COLOUR


def _loads(G: nx.MultiDiGraph, H: nx.MultiDiGraph, shown: list[str]) -> dict[str, dict[str, Any]]:
    plans = set(shown)
    out: dict[str, dict[str, Any]] = {}
    for r in lead_load(G):
        if r.plan not in plans and not (r.plan == ALL_PLANS and len(plans) > 1):
            continue
        if r.node not in H:
            continue
        if r.plan == ALL_PLANS or r.node not in out:
            out[r.node] = {"led": r.led, "sole": r.sole, "weighted": r.weighted, "contributed": r.contributed}
    return out


def _names(H: nx.MultiDiGraph, node: str, rel: str, *, incoming: bool) -> str:
    edges = H.in_edges(node, keys=True) if incoming else H.out_edges(node, keys=True)
    ends = sorted({(u if incoming else v) for u, v, k in edges if k == rel})
    return ", ".join(
        str(H.nodes[e].get("name") if H.nodes[e]["kind"] != "Outcome" else H.nodes[e]["key"]) for e in ends
    )


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


def _panel(H: nx.MultiDiGraph, n: str, d: dict[str, Any], gap: str, titles: dict[str, str]) -> list[list[Any]]:
    """What the side panel lists when a node is clicked, in words: [heading, [line, ...]] each."""

    def action(a: str) -> str:
        x = H.nodes[a]
        due = x["due"] or "no due date"
        where = titles.get(x["plan"], x["plan"])
        return f"{x['ref']}: {x['text']} ({where}; due {due}; {x.get('status') or 'not reported'})"

    def near(rel: str, incoming: bool, kind: str) -> list[str]:
        edges = H.in_edges(n, keys=True) if incoming else H.out_edges(n, keys=True)
        ends = sorted(
            {(u if incoming else v) for u, v, k in edges if k == rel and H.nodes[u if incoming else v]["kind"] == kind}
        )
        return [action(e) if kind == "Action" else str(H.nodes[e].get("name", "")) for e in ends]

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
        parts.append(["Gaps", [_gap_words(g, titles) for g in gap.split("; ")]])
    return [p for p in parts if p[1]]


def _gap_words(mark: str, titles: dict[str, str]) -> str:
    for pid, title in titles.items():
        mark = mark.replace(f"({pid})", f"({title})")
    return mark.replace("-", " ")


def _tip(
    H: nx.MultiDiGraph, n: str, d: dict[str, Any], load: dict[str, Any], gap: str, titles: dict[str, str]
) -> list[list[str]]:
    kind = d["kind"]
    rows: list[list[str]] = [[kind, str(d.get("name", ""))]]
    where = titles.get(d.get("plan", ""), "")
    if kind == "Action":
        rows = [
            ["Action", f"{d['ref']} ({where})"],
            ["", d["text"]],
            ["Leads", _names(H, n, "LEADS", incoming=True) or "none named"],
            ["Contributors", _names(H, n, "CONTRIBUTES_TO", incoming=True)],
            ["Outcome", _names(H, n, "DELIVERS", incoming=False)],
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
