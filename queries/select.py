"""The graph selectors every question starts from (public: a new question, or an analyst's
notebook, uses them too): the plans of a graph, one plan's view (its actions and what each
leads, delivers, addresses and is measured by, its framework and title), partners by name,
nodes by what a person calls them, refs in their printed order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from cjgraph.contract import need_id, outcome_ids, plan_id, validate_graph
from cjgraph.errors import GraphError
from cjgraph.names import did_you_mean, fold

__all__ = [
    "plan_ids",
    "PlanView",
    "plan_view",
    "plan_views",
    "sources",
    "find_partners",
    "plan_partners",
    "ref_order",
    "resolve_nodes",
]


def plan_ids(G: nx.MultiDiGraph, plan: str | None = None) -> list[str]:
    """The plan ids to answer for: all, or the one asked (an error naming the known ones). Every
    question starts here, so a graph that breaks the contract is refused here, once."""
    validate_graph(G)
    ids = _plan_ids(G)
    if plan is None:
        return list(ids)
    if plan not in ids:
        raise GraphError(f"no plan {plan!r} in the graph; the plans are {', '.join(ids) or 'none'}.")
    return [plan]


def _plan_ids(G: nx.MultiDiGraph) -> tuple[str, ...]:
    """The plan ids of ``G``, found once per graph (every question asks, the board pack of 100
    plans thousands of times): kept in ``G``'s networkx cache, emptied when a node is added."""
    cache = getattr(G, "__networkx_cache__", None)
    ids = cache.get("cjgraph_plan_ids") if cache is not None else None
    if ids is None:
        ids = tuple(sorted(d["id"] for _, d in G.nodes(data=True) if d.get("kind") == "Plan"))
        if cache is not None:
            cache["cjgraph_plan_ids"] = ids
    return ids


@dataclass
class PlanView:
    """One plan's actions and, per action, its partners, outcomes, needs and indicators; the
    framework it is written against."""

    plan: str
    framework: str
    title: str  # as a board names it: its partnership and period ("Midlothian 2017–2020")
    actions: list[str]
    ref: dict[str, str]
    leads: dict[str, list[str]]
    contributors: dict[str, list[str]]
    delivers: dict[str, list[str]]
    addresses: dict[str, list[str]]
    measured_by: dict[str, list[str]]
    indicators: list[str]


def plan_view(G: nx.MultiDiGraph, plan: str) -> PlanView:
    """One plan's neighbourhood (the questions' common starting point); see :func:`plan_views`."""
    views = plan_views(G)
    if plan not in views:
        plan_ids(G, plan)  # raises, naming the plans
    return views[plan]


_CACHE_KEY = "cjgraph_plan_views"


def plan_views(G: nx.MultiDiGraph) -> dict[str, PlanView]:
    """Every plan's view, read in one pass over the edges.

    The result is kept in ``G.__networkx_cache__``, which networkx empties whenever a node or
    an edge is added or removed; a changed attribute value is not noticed (the views hold
    node ids, refs and edges only).
    """
    validate_graph(G)
    cache = getattr(G, "__networkx_cache__", None)
    if cache is not None and _CACHE_KEY in cache:
        return cache[_CACHE_KEY]  # type: ignore[no-any-return]
    nodes = G.nodes
    kinds = dict(G.nodes(data="kind"))
    plans = [d["id"] for _, d in G.nodes(data=True) if d.get("kind") == "Plan"]
    acts: dict[str, list[str]] = {p: [] for p in plans}
    inds: dict[str, list[str]] = {p: [] for p in plans}
    rels = ("LEADS", "CONTRIBUTES_TO", "DELIVERS", "ADDRESSES", "MEASURED_BY")
    table: dict[str, dict[str, list[str]]] = {r: {} for r in rels}
    for u, v, k in G.edges(keys=True):
        if k == "PART_OF":
            owner = acts if kinds[u] == "Action" else inds if kinds[u] == "Indicator" else None
            if owner is not None and nodes[v].get("id") in owner:
                owner[nodes[v]["id"]].append(u)
        elif k in ("LEADS", "CONTRIBUTES_TO"):
            table[k].setdefault(v, []).append(u)
        elif k in ("DELIVERS", "ADDRESSES") or (k == "MEASURED_BY" and kinds[u] == "Action"):
            table[k].setdefault(u, []).append(v)
    views = {}
    for p in plans:
        ordered = sorted(acts[p], key=lambda n: ref_order(nodes[n]["ref"]))

        def per(rel: str, ordered: list[str] = ordered) -> dict[str, list[str]]:
            return {a: sorted(set(table[rel].get(a, ()))) for a in ordered}

        views[p] = PlanView(
            plan=p,
            framework=str(nodes[plan_id(p)].get("framework", "")),
            title=_title(nodes[plan_id(p)], p),
            actions=ordered,
            ref={a: nodes[a]["ref"] for a in ordered},
            leads=per("LEADS"),
            contributors=per("CONTRIBUTES_TO"),
            delivers=per("DELIVERS"),
            addresses=per("ADDRESSES"),
            measured_by=per("MEASURED_BY"),
            indicators=sorted(inds[p]),
        )
    if cache is not None:
        cache[_CACHE_KEY] = views
    return views


def _title(d: dict[str, Any], plan: str) -> str:
    start, end = str(d.get("period_start", ""))[:4], str(d.get("period_end", ""))[:4]
    who = d.get("partnership") or d.get("area") or d.get("name") or plan
    return f"{who} {start}–{end}" if start and end else str(who)


def sources(G: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Nodes with a ``rel`` edge into ``node``."""
    return sorted({u for u, _, k in G.in_edges(node, keys=True) if k == rel})


def plan_partners(G: nx.MultiDiGraph, plan: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(partner node, PARTNER_OF edge data) for every partner of a plan."""
    for u, _, k, d in G.in_edges(plan_id(plan), keys=True, data=True):
        if k == "PARTNER_OF":
            yield u, d


def find_partners(G: nx.MultiDiGraph, name: str, plan: str | None = None) -> list[str]:
    """Partner nodes named ``name`` (or with it as an alias, or, through the registry of Scottish
    bodies, an abbreviation such as "SPS"), case-insensitively; an error saying the name meant
    when nothing matches."""
    from cjgraph.framework import registry_entry

    validate_graph(G)
    body = registry_entry(name)
    wants = {fold(name)} | ({fold(body.canonical)} if body else set())
    found, known = [], []
    for n, d in G.nodes(data=True):
        if d.get("kind") != "Partner" or (plan is not None and d.get("plan") not in ("", plan)):
            continue
        names = [d.get("name", ""), *d.get("aliases", "").split(" | ")]
        known.append(d.get("name", ""))
        if any(fold(x) in wants for x in names if x):
            found.append(n)
    if not found:
        hint = did_you_mean(name, known)
        raise GraphError(f"no partner named {name!r} in the graph{hint}; `cjgraph lead-load` lists the partners.")
    return sorted(found)


def ref_order(ref: str) -> tuple[Any, ...]:
    """A sort key putting refs in their printed order: ``SO2.9`` before ``SO2.10``."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", ref))


def resolve_nodes(G: nx.MultiDiGraph, text: str, plan: str | None = None) -> list[str]:
    """Nodes a user means by ``text``: a node id, an outcome or need key, an action ref, or a
    partner name; an error when nothing matches."""
    if text in G:
        return [text]
    framework = G.nodes[plan_id(plan)].get("framework") if plan and plan_id(plan) in G else None
    outcomes = outcome_ids(G, text.removeprefix("outcome:"), framework)
    if outcomes:
        return outcomes
    if need_id(text) in G:
        return [need_id(text)]
    refs = [
        n
        for n, d in G.nodes(data=True)
        if d.get("kind") == "Action" and d.get("ref") == text and (plan is None or d.get("plan") == plan)
    ]
    if refs:
        return sorted(refs)
    try:
        return find_partners(G, text, plan)
    except GraphError as e:
        hint = str(e).partition(" in the graph")[2].partition(";")[0]  # "(did you mean …?)", if any
        raise GraphError(
            f"{text!r} names no partner{hint}, action ref, outcome key or need key in the graph."
        ) from None
