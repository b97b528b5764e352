"""The partner network: partners linked through the actions they share (as leads or
contributors), with degree and betweenness centrality.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("north-lanarkshire-2017-2020"))
>>> hub = partner_network(G)[0]
>>> hub.partner, hub.degree
('North Lanarkshire Community Justice Partnership', 21)
>>> partner_links(G)[0].shared
15
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from cjgraph.contract import node_field
from cjgraph.numbers import round_half_up
from cjgraph.queries.select import plan_ids, plan_view

__all__ = ["NetworkPartner", "NetworkLink", "partner_network", "partner_links", "projection"]


@dataclass(frozen=True)
class NetworkPartner:
    """A partner in one plan's network."""

    plan: str
    partner: str
    actions: int  # actions it leads or contributes to
    degree: int  # partners it shares an action with
    weighted_degree: int  # shared actions, summed over those partners
    betweenness: float  # normalised betweenness centrality (0..1)
    node: str = node_field()  # the partner


@dataclass(frozen=True)
class NetworkLink:
    """Two partners of a plan and the actions they share."""

    plan: str
    partner_a: str
    partner_b: str
    shared: int
    refs: tuple[str, ...]
    nodes: tuple[str, ...] = node_field(())  # the two partners, as partner_a and partner_b


def projection(G: nx.MultiDiGraph, pid: str) -> nx.Graph:
    """The partner-partner graph of one plan; edge ``refs`` = the actions the two share.

    Kept in ``G.__networkx_cache__`` like the plan views (emptied when the graph changes).
    """
    cache = getattr(G, "__networkx_cache__", None)
    memo = cache.setdefault("cjgraph_projections", {}) if cache is not None else {}
    if pid in memo:
        return memo[pid]
    H = nx.Graph()
    view = plan_view(G, pid)
    for a in view.actions:
        involved = sorted(set(view.leads[a]) | set(view.contributors[a]))
        for p in involved:
            H.add_node(p, name=G.nodes[p]["name"])
            H.nodes[p]["actions"] = H.nodes[p].get("actions", 0) + 1
        for p, q in combinations(involved, 2):
            if H.has_edge(p, q):
                H.edges[p, q]["refs"].append(view.ref[a])
            else:
                H.add_edge(p, q, refs=[view.ref[a]])
    memo[pid] = H
    return H


def partner_network(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[NetworkPartner]:
    """Each partner's place in its plan's network (partners joined by the actions they share),
    most connected first.

    Parameters
    ----------
    G : a graph of plans.
    plan : one plan id, or None for all.

    Returns
    -------
    list of :class:`NetworkPartner`: actions, degree, weighted degree and betweenness.

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(r.partner, r.actions, r.degree) for r in partner_network(tiny_graph())][:2]
    [('Police Scotland', 2, 1), ('Sacro', 2, 1)]
    """
    out = []
    for pid in plan_ids(G, plan):
        H = projection(G, pid)
        between = nx.betweenness_centrality(H, normalized=True) if H.number_of_nodes() > 2 else {}
        for p in H.nodes:
            out.append(
                NetworkPartner(
                    plan=pid,
                    partner=H.nodes[p]["name"],
                    actions=H.nodes[p]["actions"],
                    degree=H.degree(p),
                    weighted_degree=sum(len(d["refs"]) for _, _, d in H.edges(p, data=True)),
                    betweenness=round_half_up(between.get(p, 0.0), 4),
                    node=p,
                )
            )
    return sorted(out, key=lambda r: (r.plan, -r.degree, -r.weighted_degree, r.partner))


def partner_links(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[NetworkLink]:
    """Every pair of partners sharing actions, most shared first.

    Parameters
    ----------
    G : a graph of plans.
    plan : one plan id, or None for all.

    Returns
    -------
    list of :class:`NetworkLink`: the two partners, how many actions they share and their refs.

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(r.partner_a, r.partner_b, r.shared) for r in partner_links(tiny_graph())]
    [('Police Scotland', 'Sacro', 1)]
    """
    out = []
    for pid in plan_ids(G, plan):
        H = projection(G, pid)
        for p, q, d in H.edges(data=True):
            (a, na), (b, nb) = sorted(((H.nodes[p]["name"], p), (H.nodes[q]["name"], q)))
            out.append(NetworkLink(pid, a, b, len(d["refs"]), tuple(d["refs"]), (na, nb)))
    return sorted(out, key=lambda r: (r.plan, -r.shared, r.partner_a, r.partner_b))
