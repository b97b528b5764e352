"""Where a map's nodes go: the whole map (every action and indicator) and the accountability
overview (partners, outcomes and needs, an edge where a partner's actions serve an outcome or a
need), for all the plans drawn together and for each plan on its own.

Positions are computed here, once, with networkx, so the map is still the moment it opens; the
page only moves nodes between these layouts (and places a node's actions around it when it is
opened in the overview).
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np

__all__ = [
    "SPACING",
    "FONT",
    "OVERVIEW_KINDS",
    "map_layout",
    "overview_links",
    "overview_layouts",
    "spring_layout",
    "stress_layout",
    "label",
    "part",
]


def part(G: Any, nodes: Iterable[str], index: dict[str, int] | None = None) -> Any:
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

# distance between neighbouring nodes, in the units of the font size below: measured on the two
# seeds, 200 leaves 3 of ~90 labels touching at 14 px (50 force iterations; 100 gave 3 and 7)
SPACING = 200.0
# label size in page pixels (the map keeps it whatever the zoom): normal, workshop (projector)
FONT = {False: 13, True: 20}


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
    return _placed(simple, H, seed, _widths(H, workshop))


def _widths(H: nx.MultiDiGraph, workshop: bool) -> dict[str, float]:
    """The room each node's label needs, in units of :data:`SPACING`."""
    font = FONT[workshop]
    return {n: max(1.0, 0.55 * font * len(label(d, workshop)) / SPACING + 0.3) for n, d in H.nodes(data=True)}


def _placed(
    simple: nx.Graph, H: nx.MultiDiGraph, seed: int, width: dict[str, float], *, even: bool = False
) -> dict[str, tuple[float, float]]:
    """Positions for the nodes of ``simple`` (weighted pulls between nodes of ``H``): one force
    layout when small; with many plans, the shared nodes as a hub and each plan's own nodes as a
    cluster on a ring around it (the cost grows with the number of plans, not with its square)."""
    if simple.number_of_nodes() <= 600:
        return _packed(simple, seed, width, even=even and simple.number_of_nodes() <= 300)
    shared = [v for v in simple if not H.nodes[v].get("plan")]
    by_plan: dict[str, list[str]] = {}
    for v in simple:
        if H.nodes[v].get("plan"):
            by_plan.setdefault(H.nodes[v]["plan"], []).append(v)
    plans = sorted(by_plan)
    index = {n: k for k, n in enumerate(simple)}
    out = _packed(part(simple, shared, index), seed, width)
    radius = SPACING * (2 * math.sqrt(len(plans)) + 0.7 * math.sqrt(len(shared)))
    for i, p in enumerate(plans):
        angle = 2 * math.pi * i / len(plans)
        cx, cy = radius * math.cos(angle), radius * math.sin(angle)
        for k, (x, y) in _packed(part(simple, by_plan[p], index), seed, width, spacing=SPACING / 3).items():
            out[k] = (cx + x, cy + y)
    return out


# the kinds of node the accountability overview draws: who, towards what, for which need
OVERVIEW_KINDS = ("Partner", "Outcome", "Need")


def overview_links(H: nx.MultiDiGraph) -> list[tuple[str, str, str, str, int]]:
    """The overview's edges: (partner, outcome or need, "leads" or "contributes", plan, number
    of the plan's actions through which the partner serves it), in a repeatable order.

    >>> from cjgraph.examples import tiny_graph
    >>> for link in overview_links(tiny_graph()):
    ...     if link[0] == "partner:sacro":
    ...         print(link)
    ('partner:sacro', 'need:housing', 'leads', 'tiny-2018-2021', 1)
    ('partner:sacro', 'outcome:opif-2016:access', 'leads', 'tiny-2018-2021', 2)
    """
    count: Counter[tuple[str, str, str, str]] = Counter()
    for a, d in H.nodes(data=True):
        if d["kind"] != "Action":
            continue
        ends = [v for _, v, k in H.out_edges(a, keys=True) if k in ("DELIVERS", "ADDRESSES")]
        for u, _, k in H.in_edges(a, keys=True):
            role = {"LEADS": "leads", "CONTRIBUTES_TO": "contributes"}.get(k)
            if role:
                count.update((u, v, role, d["plan"]) for v in ends)
    return sorted((*key, n) for key, n in count.items())


def overview_layouts(
    H: nx.MultiDiGraph, links: list[tuple[str, str, str, str, int]], *, seed: int = 7, workshop: bool = False
) -> dict[str, dict[str, tuple[float, float]]]:
    """Overview positions of the partners, outcomes and needs of ``H``: under "" all the plans
    drawn together, under each plan's id that plan alone (its own partners, the national bodies
    it works with, its framework's outcomes and every need, so that a need no action addresses
    stays in view). A partner is pulled towards what it leads for, the more actions the harder;
    a contribution pulls lightly; a node linked to nothing sits in the rows beneath."""
    width = _widths(H, workshop)
    members = _members(H, links)
    acts_for = [(u, v) for u, v, k in H.edges(keys=True) if k == "ACTS_FOR"]
    by_plan: dict[str, list[tuple[str, str, str, str, int]]] = {}
    for link in links:
        by_plan.setdefault(link[3], []).append(link)
    plans = sorted(members)
    out = {p: _placed(_pulls(by_plan.get(p, []), members[p], acts_for), H, seed, width, even=True) for p in plans}
    everyone = [n for n, d in H.nodes(data=True) if d["kind"] in OVERVIEW_KINDS]
    out[""] = (
        out[plans[0]] if len(plans) == 1 else _placed(_pulls(links, everyone, acts_for), H, seed, width, even=True)
    )
    return out


def _members(H: nx.MultiDiGraph, links: list[tuple[str, str, str, str, int]]) -> dict[str, list[str]]:
    """Each plan's overview nodes (see :func:`overview_layouts`), found in one pass over ``H``."""
    frameworks = {str(d["id"]): d.get("framework") for _, d in H.nodes(data=True) if d["kind"] == "Plan"}
    plans = set(frameworks) | {str(d["plan"]) for _, d in H.nodes(data=True) if d["kind"] == "Action"}
    own: dict[str, set[str]] = {p: set() for p in plans}
    for u, v, _, p, _ in links:
        own[p] |= {u, v}
    for n, d in H.nodes(data=True):
        if d["kind"] == "Partner" and d.get("plan") in own:
            own[d["plan"]].add(n)
        if d["kind"] == "Partner":  # a national body: a partner of each plan it is named in
            for v in H.successors(n):
                if H.nodes[v]["kind"] == "Plan" and H.nodes[v]["id"] in own:
                    own[H.nodes[v]["id"]].add(n)
    by_framework: dict[Any, list[str]] = {}
    for n, d in H.nodes(data=True):
        if d["kind"] == "Outcome":
            by_framework.setdefault(d.get("framework"), []).append(n)
    needs = [n for n, d in H.nodes(data=True) if d["kind"] == "Need"]
    order = {n: k for k, n in enumerate(H)}
    return {
        p: sorted(own[p] | set(by_framework.get(frameworks.get(p), [])) | set(needs), key=order.__getitem__)
        for p in plans
    }


def _pulls(links: list[tuple[str, str, str, str, int]], nodes: list[str], acts_for: list[tuple[str, str]]) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from(((u, v) for u, v in acts_for if u in simple and v in simple), weight=0.3)
    for u, v, role, _, n in links:
        pull = min(1.0, 0.4 + 0.2 * n) if role == "leads" else 0.2
        simple.add_edge(u, v, weight=max(pull, simple.get_edge_data(u, v, {}).get("weight", 0.0)))
    return simple


def _packed(
    graph: nx.Graph, seed: int, widths: dict[str, float], *, spacing: float = SPACING, even: bool = False
) -> dict[str, tuple[float, float]]:
    """Lay out each connected part with a force layout; small parts in rows below the largest
    (a lone node takes the room its label needs: ``widths`` are in units of ``spacing``).
    ``even``: the largest part by graph distance (:func:`stress_layout`, for a small graph of hubs
    such as the overview, which a force layout draws as a knot in the middle and a fringe around it)."""
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    out: dict[str, tuple[float, float]] = {}
    if not parts:
        return out
    main = parts[0]
    half = spacing * math.sqrt(len(main)) / 2
    if len(main) == 1:
        out[main[0]] = (0.0, 0.0)
    else:
        sub = part(graph, main)
        if even:
            pos = stress_layout(sub, scale=half, seed=seed)
        else:
            pos = spring_layout(sub, seed=seed, k=3.0 / math.sqrt(len(main)), scale=half)
        out.update({k: (float(v[0]), float(v[1])) for k, v in pos.items()})
    # the small parts in rows right beneath the largest (an even layout leaves it flatter than its square)
    x, y = -half, max((p[1] for p in out.values()), default=0.0) + spacing
    for piece in parts[1:]:
        width = spacing * (max(widths.get(piece[0], 1.0), 1.0) if len(piece) == 1 else 1 + math.sqrt(len(piece)))
        if x + width > half and x > -half:
            x, y = -half, y + width
        if len(piece) == 1:
            out[piece[0]] = (x + width / 2, y)
        else:
            sub = part(graph, piece)
            pos = spring_layout(sub, seed=seed, scale=width / 3)
            out.update({k: (x + width / 2 + float(v[0]), y + float(v[1])) for k, v in pos.items()})
        x += width
    return out


def spring_layout(
    graph: nx.Graph, *, seed: int, scale: float, k: float | None = None, iterations: int = 50
) -> dict[str, Any]:
    """networkx's ``spring_layout(graph, seed=seed, k=k, iterations=iterations, scale=scale,
    weight="weight")`` (Fruchterman-Reingold from the same random start, the same steps), its
    arithmetic done on the two coordinates apart rather than on pairs of vectors: the same
    positions, three times faster on the hundred-node parts of a many-plan map. From 500 nodes
    on, networkx's own (its sparse method).

    >>> g = nx.karate_club_graph()
    >>> ours, theirs = spring_layout(g, seed=7, scale=1.0), nx.spring_layout(g, seed=7, weight="weight")
    >>> bool(max(abs(ours[n][i] - theirs[n][i]) for n in g for i in (0, 1)) < 1e-9)
    True
    """
    n = len(graph)
    if n >= 500 or n < 2:
        return dict(nx.spring_layout(graph, seed=seed, k=k, iterations=iterations, scale=scale, weight="weight"))
    A = nx.to_numpy_array(graph, weight="weight")
    x, y = np.random.RandomState(seed).rand(n, 2).astype(A.dtype).T.copy()
    k = math.sqrt(1.0 / n) if k is None else k
    t = max(x.max() - x.min(), y.max() - y.min()) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        distance = np.sqrt(dx * dx + dy * dy)
        np.clip(distance, 0.01, None, out=distance)
        force = k * k / distance**2 - A * distance / k
        mx, my = (dx * force).sum(axis=1), (dy * force).sum(axis=1)
        step = t / np.clip(np.sqrt(mx * mx + my * my), 0.01, None)
        mx, my = mx * step, my * step
        x, y = x + mx, y + my
        t -= dt
        if math.sqrt(float((mx * mx).sum() + (my * my).sum())) / n < 1e-4:
            break
    x, y = x - x.mean(), y - y.mean()
    grow = scale / max(float(np.abs(x).max()), float(np.abs(y).max()), 1e-12)
    return {v: (float(x[i] * grow), float(y[i] * grow)) for i, v in enumerate(graph)}


def stress_layout(
    graph: nx.Graph, *, scale: float, seed: int = 7, iterations: int = 200, tol: float = 1e-4
) -> dict[str, Any]:
    """Positions of a connected ``graph`` whose distances follow the graph distances: the
    Kamada-Kawai energy (the stress, each pair weighted by its distance to the power -2),
    minimised by stress majorization (Gansner, Koren and North, "Graph drawing by stress
    majorization", 2004) from a short force layout (seeded by ``seed``), as networkx's
    ``kamada_kawai_layout`` started from before: pictures as even (as close a pair of nodes,
    within 2% of its stress) in about half the time on overviews of 40 nodes, as each step is
    two small matrix products where scipy's general optimiser took many steps. Turned to lie widest across, and scaled
    so that the farthest coordinate from the centre is ``scale``.

    >>> pos = stress_layout(nx.path_graph(3), scale=1.0)
    >>> [round(abs(pos[n][0]) + abs(pos[n][1]), 1) for n in range(3)]
    [1.0, 0.0, 1.0]
    >>> wide = stress_layout(nx.path_graph(5), scale=1.0)
    >>> max(abs(x) for x, _ in wide.values()) > max(abs(y) for _, y in wide.values())
    True
    >>> star = stress_layout(nx.star_graph(6), scale=1.0)  # the leaves of one hub, each in its own place
    >>> len({(round(x, 2), round(y, 2)) for x, y in star.values()})
    7
    """
    nodes = list(graph)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    dist = np.zeros((n, n))
    for source, lengths in nx.all_pairs_shortest_path_length(graph):
        for target, d in lengths.items():
            dist[index[source], index[target]] = d
    weight = np.divide(1.0, dist**2, out=np.zeros_like(dist), where=dist > 0)
    start = spring_layout(graph, seed=seed, scale=math.sqrt(n), iterations=20)
    X = np.array([start[v] for v in nodes])
    laplacian = np.diag(weight.sum(axis=1)) - weight
    inverse = np.linalg.pinv(laplacian)
    pull = weight * dist
    before = np.inf
    for _ in range(iterations):
        apart = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
        stress = float((weight * (apart - dist) ** 2).sum())
        if before - stress < tol * stress:
            break
        before = stress
        B = np.divide(-pull, apart, out=np.zeros_like(apart), where=apart > 0)
        np.fill_diagonal(B, 0.0)
        np.fill_diagonal(B, -B.sum(axis=1))
        X = inverse @ (B @ X)
    X = X - X.mean(axis=0)
    X = X @ np.linalg.eigh(X.T @ X)[1][:, ::-1]  # turned to lie widest across (a screen, a page)
    X *= scale / max(float(np.abs(X).max()), 1e-12)
    return {v: (float(X[i, 0]), float(X[i, 1])) for i, v in enumerate(nodes)}


def label(d: dict[str, Any], workshop: bool = False, areas: dict[str, str] | None = None) -> str:
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
