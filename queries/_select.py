"""Small graph selectors shared by the questions (plans, actions, partners, edges by type)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import networkx as nx

from cjgraph.errors import CjgraphError

__all__ = [
    "plan_ids",
    "actions",
    "nodes_of",
    "sources",
    "targets",
    "find_partners",
    "plan_partners",
    "ref_order",
    "resolve_nodes",
]


def plan_ids(G: nx.MultiDiGraph, plan: str | None = None) -> list[str]:
    """The plan ids to answer for: all, or the one asked (an error naming the known ones)."""
    ids = sorted(d["id"] for _, d in G.nodes(data=True) if d.get("kind") == "Plan")
    if plan is None:
        return ids
    if plan not in ids:
        raise CjgraphError(f"no plan {plan!r} in the graph; the plans are {', '.join(ids) or 'none'}.")
    return [plan]


def nodes_of(G: nx.MultiDiGraph, kind: str, plan: str | None = None) -> list[str]:
    """Node ids of one label, optionally of one plan, sorted."""
    return sorted(n for n, d in G.nodes(data=True) if d.get("kind") == kind and (plan is None or d.get("plan") == plan))


def actions(G: nx.MultiDiGraph, plan: str) -> list[str]:
    """The action nodes of a plan, in ref order."""
    return sorted(nodes_of(G, "Action", plan), key=lambda n: ref_order(G.nodes[n]["ref"]))


def sources(G: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Nodes with a ``rel`` edge into ``node``."""
    return sorted({u for u, _, k in G.in_edges(node, keys=True) if k == rel})


def targets(G: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Nodes a ``rel`` edge of ``node`` points to."""
    return sorted({v for _, v, k in G.out_edges(node, keys=True) if k == rel})


def plan_partners(G: nx.MultiDiGraph, plan: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(partner node, PARTNER_OF edge data) for every partner of a plan."""
    for u, _, k, d in G.in_edges(f"plan:{plan}", keys=True, data=True):
        if k == "PARTNER_OF":
            yield u, d


def find_partners(G: nx.MultiDiGraph, name: str, plan: str | None = None) -> list[str]:
    """Partner nodes named ``name`` (or with it as an alias), case-insensitively."""
    want = " ".join(name.lower().replace("&", "and").split())
    found = []
    for n, d in G.nodes(data=True):
        if d.get("kind") != "Partner":
            continue
        names = [d.get("name", ""), *d.get("aliases", "").split(" | ")]
        if any(" ".join(x.lower().replace("&", "and").split()) == want for x in names if x):
            if plan is None or d.get("plan") in ("", plan):
                found.append(n)
    if not found:
        raise CjgraphError(f"no partner named {name!r} in the graph; `cjgraph lead-load` lists the partners.")
    return sorted(found)


def ref_order(ref: str) -> tuple[Any, ...]:
    """A sort key putting refs in their printed order: ``SO2.9`` before ``SO2.10``."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", ref))


def resolve_nodes(G: nx.MultiDiGraph, text: str, plan: str | None = None) -> list[str]:
    """Nodes a user means by ``text``: a node id, an outcome or need key, an action ref, or a
    partner name; an error when nothing matches."""
    if text in G:
        return [text]
    for prefix in ("outcome:", "need:"):
        if f"{prefix}{text}" in G:
            return [f"{prefix}{text}"]
    refs = [
        n
        for n, d in G.nodes(data=True)
        if d.get("kind") == "Action" and d.get("ref") == text and (plan is None or d.get("plan") == plan)
    ]
    if refs:
        return sorted(refs)
    try:
        return find_partners(G, text, plan)
    except CjgraphError:
        raise CjgraphError(f"{text!r} names no partner, action ref, outcome key or need key in the graph.") from None
