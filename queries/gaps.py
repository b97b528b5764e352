"""Gaps: what is not measured, not addressed, not led — each with a reason code.

Reason codes: ``outcome-without-action``, ``outcome-unmeasured``, ``outcome-only-qualitative``,
``priority-action-unserved`` (a priority action of the strategy whose aligned outcomes no action
of the plan delivers; frameworks without priority actions have none), ``indicator-without-action``,
``action-without-indicator``, ``action-without-lead``, ``action-without-date``, ``need-unaddressed``,
``statutory-partner-leads-nothing``, ``collective-lead``.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.graph import load
>>> G = load(example_path("north-lanarkshire-2017-2020"))
>>> [g.subject for g in find_gaps(G, reasons=["action-without-indicator"])]
['SO1.8', 'SO3.7']
>>> [g.subject for g in find_gaps(G, reasons=["statutory-partner-leads-nothing"])]
['Crown Office and Procurator Fiscal Service', 'Scottish Courts and Tribunals Service']
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from cjgraph.errors import GraphError
from cjgraph.framework import load_framework, load_needs
from cjgraph.graph import outcome_node
from cjgraph.queries._select import plan_ids, plan_partners, plan_view, sources

__all__ = ["REASONS", "Gap", "find_gaps"]

REASONS = (
    "outcome-without-action",
    "outcome-unmeasured",
    "outcome-only-qualitative",
    "priority-action-unserved",
    "indicator-without-action",
    "action-without-indicator",
    "action-without-lead",
    "action-without-date",
    "need-unaddressed",
    "statutory-partner-leads-nothing",
    "collective-lead",
)


@dataclass(frozen=True)
class Gap:
    """One gap: its plan, reason code, what it is about, the refs involved, and why."""

    plan: str
    reason: str
    subject: str
    refs: tuple[str, ...] = ()
    detail: str = ""
    evidence: str = ""


def find_gaps(G: nx.MultiDiGraph, *, plan: str | None = None, reasons: list[str] | None = None) -> list[Gap]:
    """Every gap of every plan (or one plan), in plan, reason and subject order.

    Parameters
    ----------
    G : a graph of plans.
    plan : one plan id, or None for all.
    reasons : only these reason codes (:data:`REASONS`); all when None.

    Returns
    -------
    list of :class:`Gap`: plan, reason, subject, the refs concerned, a detail and the evidence.

    Raises
    ------
    GraphError : an unknown plan or reason, or a graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(g.reason, g.subject) for g in find_gaps(tiny_graph(), reasons=["action-without-indicator"])]
    [('action-without-indicator', 'A2'), ('action-without-indicator', 'A3')]
    """
    unknown = [r for r in reasons or [] if r not in REASONS]
    if unknown:
        raise GraphError(f"unknown gap reason {unknown[0]!r}; the reasons are {', '.join(REASONS)}.")
    wanted = set(reasons or REASONS)
    out: list[Gap] = []
    for pid in plan_ids(G, plan):
        out.extend(g for g in _plan_gaps(G, pid) if g.reason in wanted)
    order = {r: i for i, r in enumerate(REASONS)}
    return sorted(out, key=lambda g: (g.plan, order[g.reason], g.subject))


def _plan_gaps(G: nx.MultiDiGraph, pid: str) -> list[Gap]:
    view = plan_view(G, pid)
    out: list[Gap] = []
    framework = load_framework(G.nodes[f"plan:{pid}"]["framework"])
    linked = {i for a in view.actions for i in view.measured_by[a]}
    has_links = bool(linked)
    note = "" if has_links else " (the plan prints no indicator links)"
    by_outcome: dict[str, list[str]] = {}
    for i in view.indicators:
        by_outcome.setdefault(outcome_node(framework.id, G.nodes[i]["outcome"]), []).append(i)
    delivered = {o for a in view.actions for o in view.delivers[a]}
    for o in framework.outcomes:
        node = outcome_node(framework.id, o.key)
        if node not in delivered:
            out.append(Gap(pid, "outcome-without-action", o.key, detail=f"no action of the plan delivers {o.title!r}"))
        measured = by_outcome.get(node, [])
        if framework.indicators_sourced_centrally:
            continue  # its national indicators are sourced centrally: a plan need not list any
        if not measured:
            out.append(Gap(pid, "outcome-unmeasured", o.key, detail="the plan lists no indicator for this outcome"))
        elif not any(G.nodes[i]["quantitative"] for i in measured):
            out.append(
                Gap(
                    pid,
                    "outcome-only-qualitative",
                    o.key,
                    detail=f"all {_count(len(measured), 'indicator')} qualitative (none counts or measures anything)",
                    evidence=" | ".join(G.nodes[i]["name"] for i in measured),
                )
            )
    for p in framework.priority_actions:
        aligned = [o for o in framework.outcomes if p.key in o.aligned_to]
        if aligned and not any(outcome_node(framework.id, o.key) in delivered for o in aligned):
            keys = ", ".join(o.key for o in aligned)
            out.append(Gap(pid, "priority-action-unserved", p.key, detail=f"{p.title}; no action delivers {keys}"))
    for i in view.indicators:
        if i not in linked:
            d = G.nodes[i]
            out.append(
                Gap(
                    pid,
                    "indicator-without-action",
                    d["name"],
                    detail=f"{d['indicator_kind']} indicator of {d['outcome']}; no action is linked to it{note}",
                )
            )
    for a in view.actions:
        d, ref = G.nodes[a], view.ref[a]
        if not view.measured_by[a]:
            out.append(Gap(pid, "action-without-indicator", ref, (ref,), detail=f"no indicator is linked to it{note}"))
        if not view.leads[a]:
            out.append(Gap(pid, "action-without-lead", ref, (ref,), detail="no lead is named"))
        if not d["due"]:
            printed = f"timescale printed: {d['timescale']!r}" if d["timescale"] else "no timescale printed"
            out.append(Gap(pid, "action-without-date", ref, (ref,), detail="no due date", evidence=printed))
    addressed = {n for a in view.actions for n in view.addresses[a]}
    for need in load_needs():
        if f"need:{need.key}" not in addressed:
            out.append(
                Gap(
                    pid,
                    "need-unaddressed",
                    need.key,
                    detail=f"no action addresses {need.label!r}",
                    evidence="no action text mentions any of: " + ", ".join(need.words),
                )
            )
    leaders = {p for a in view.actions for p in view.leads[a]}
    for partner, edge in plan_partners(G, pid):
        if not edge.get("statutory"):
            continue
        if partner in leaders or any(s in leaders for s in sources(G, partner, "ACTS_FOR")):
            continue
        contributes = [a for a in view.actions if partner in view.contributors[a]]
        out.append(
            Gap(
                pid,
                "statutory-partner-leads-nothing",
                G.nodes[partner]["name"],
                tuple(view.ref[a] for a in contributes),
                detail=f"statutory partner ({edge.get('category', '')}) leads no action"
                + (f"; contributes to {_count(len(contributes), 'action')}" if contributes else ""),
            )
        )
    for partner, _ in plan_partners(G, pid):
        if G.nodes[partner].get("partner_kind") != "collective":
            continue
        led = [a for a in view.actions if partner in view.leads[a]]
        if led:
            alone = [a for a in led if len(view.leads[a]) == 1]
            out.append(
                Gap(
                    pid,
                    "collective-lead",
                    G.nodes[partner]["name"],
                    tuple(view.ref[a] for a in led),
                    detail=f"a collective leads {_count(len(led), 'action')}, {len(alone)} of them with no other lead: "
                    "no single accountable owner",
                )
            )
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
