"""Chains: the paths partner → action → outcome → indicator / need, from any node.

Each :class:`Chain` is one path through one action: a partner (leading or contributing),
the action, the outcome it delivers, and one indicator measuring it or one need it
addresses (``target_kind`` says which; an action with neither gives one chain with no
target). :func:`chains` returns every chain through a start node — a partner, action,
outcome, indicator or need.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("north-lanarkshire-2017-2020"))
>>> cs = chains(G, "action:north-lanarkshire-2017-2020:SO3.7")
>>> sorted({(c.partner, c.role) for c in cs})
[('North Lanarkshire Community Justice Partnership', 'contributes'), \
('North Lanarkshire Council Financial Inclusion', 'leads'), ('Third Sector Endorsed Networks', 'contributes')]
>>> sorted({(c.target_kind, c.target) for c in cs})
[('Need', 'finance')]
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from cjgraph.contract import node_field
from cjgraph.queries.select import PlanView, plan_ids, plan_view

__all__ = ["Chain", "chains"]


@dataclass(frozen=True)
class Chain:
    """partner -[role]-> action -> outcome -> target (an indicator or a need)."""

    plan: str
    partner: str
    role: str  # "leads" or "contributes"
    ref: str
    outcome: str
    target_kind: str  # "Indicator", "Need" or ""
    target: str
    nodes: tuple[str, ...] = node_field(())  # partner, action, outcome, target ("" where a chain stops short)


def chains(G: nx.MultiDiGraph, start: str | None = None, *, plan: str | None = None) -> list[Chain]:
    """Every chain partner -> action -> outcome -> indicator / need of the plan(s), or only those
    passing through ``start``: a node id, or what a person calls it (a partner's name or
    abbreviation, an action ref, an outcome or need key).

    Parameters
    ----------
    G : a graph of plans.
    start : a node id, name, ref or key; None for every chain.
    plan : one plan id, or None for all.

    Returns
    -------
    list of :class:`Chain`.

    Raises
    ------
    GraphError : ``start`` names nothing in the graph (with the name meant, if close), an
        unknown plan, or a graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(c.role, c.ref, c.target_kind, c.target) for c in chains(tiny_graph(), "Sacro")][:2]
    [('leads', 'A1', 'Indicator', 'Number of people housed on release'), ('leads', 'A1', 'Need', 'housing')]
    """
    if start is not None and start not in G:
        from cjgraph.queries.select import resolve_nodes

        return [c for node in resolve_nodes(G, start, plan) for c in chains(G, node, plan=plan)]
    out: list[Chain] = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        for a in view.actions:
            out.extend(_through(G, view, a, start))
    return out


def _through(G: nx.MultiDiGraph, view: PlanView, a: str, start: str | None) -> list[Chain]:
    pid = view.plan
    partners = [(p, "leads") for p in view.leads[a]] + [(p, "contributes") for p in view.contributors[a]]
    outcomes = view.delivers[a] or [""]
    ends = [(t, "Indicator") for t in view.measured_by[a]] + [(t, "Need") for t in view.addresses[a]]
    ends = ends or [("", "")]
    ref = view.ref[a]
    out = []
    for p, role in partners or [("", "")]:
        for o in outcomes:
            for t, tkind in ends:
                if start is not None and start not in (p, a, o, t):
                    continue
                out.append(
                    Chain(
                        plan=pid,
                        partner=G.nodes[p]["name"] if p else "",
                        role=role,
                        ref=ref,
                        outcome=G.nodes[o]["key"] if o else "",
                        target_kind=tkind,
                        target=(G.nodes[t].get("key") or G.nodes[t]["name"]) if t else "",
                        nodes=(p or "", a, o or "", t or ""),
                    )
                )
    return out
