"""Gaps: what is not measured, not addressed, not led — each with a reason code.

Reason codes: ``outcome-without-action``, ``outcome-unmeasured``, ``outcome-only-qualitative``,
``priority-action-unserved`` (a priority action of the strategy whose aligned outcomes no action
of the plan delivers; frameworks without priority actions have none), ``indicator-without-action``,
``action-without-indicator``, ``action-without-lead``, ``action-without-date``, ``need-unaddressed``,
``statutory-partner-leads-nothing``, ``collective-lead``.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("north-lanarkshire-2017-2020"))
>>> [g.subject for g in find_gaps(G, reasons=["action-without-indicator"])]
['SO1.8', 'SO3.7']
>>> [g.subject for g in find_gaps(G, reasons=["statutory-partner-leads-nothing"])]
['Crown Office and Procurator Fiscal Service', 'Scottish Courts and Tribunals Service']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import networkx as nx

from cjgraph.contract import need_id, node_field, outcome_id, priority_id
from cjgraph.errors import GraphError
from cjgraph.framework import Framework, load_framework, load_needs
from cjgraph.queries.select import PlanView, plan_ids, plan_partners, plan_view, sources

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
    node: str = node_field()  # the outcome, priority action, indicator, action, need or partner


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
    checks = [check for made, check in _CHECKS if wanted & set(made)]  # only what was asked is worked out
    out: list[Gap] = []
    for pid in plan_ids(G, plan):
        facts = _Facts.of(G, pid)
        out.extend(g for check in checks for g in check(facts) if g.reason in wanted)
    order = {r: i for i, r in enumerate(REASONS)}
    return sorted(out, key=lambda g: (g.plan, order[g.reason], g.subject))


@dataclass(frozen=True)
class _Facts:
    """What the checks of one plan share: its view, framework, and which nodes its actions reach."""

    G: nx.MultiDiGraph
    pid: str
    view: PlanView
    framework: Framework
    linked: frozenset[str]  # indicators some action is linked to
    delivered: frozenset[str]  # outcomes some action delivers

    @classmethod
    def of(cls, G: nx.MultiDiGraph, pid: str) -> _Facts:
        view = plan_view(G, pid)
        return cls(
            G,
            pid,
            view,
            load_framework(view.framework),
            frozenset(i for a in view.actions for i in view.measured_by[a]),
            frozenset(o for a in view.actions for o in view.delivers[a]),
        )

    @property
    def no_links_note(self) -> str:
        return "" if self.linked else " (the plan prints no indicator links)"


def _outcome_gaps(f: _Facts) -> Iterator[Gap]:
    by_outcome: dict[str, list[str]] = {}
    for i in f.view.indicators:
        by_outcome.setdefault(outcome_id(f.framework.id, f.G.nodes[i]["outcome"]), []).append(i)
    for o in f.framework.outcomes:
        node = outcome_id(f.framework.id, o.key)
        if node not in f.delivered:
            said = f"no action of the plan delivers {o.title!r}"
            yield Gap(f.pid, "outcome-without-action", o.key, detail=said, node=node)
        measured = by_outcome.get(node, [])
        if f.framework.indicators_sourced_centrally:
            continue  # its national indicators are sourced centrally: a plan need not list any
        if not measured:
            said = "the plan lists no indicator for this outcome"
            yield Gap(f.pid, "outcome-unmeasured", o.key, detail=said, node=node)
        elif not any(f.G.nodes[i]["quantitative"] for i in measured):
            yield Gap(
                f.pid,
                "outcome-only-qualitative",
                o.key,
                detail=f"all {_count(len(measured), 'indicator')} qualitative (none counts or measures anything)",
                evidence=" | ".join(f.G.nodes[i]["name"] for i in measured),
                node=node,
            )


def _priority_gaps(f: _Facts) -> Iterator[Gap]:
    for p in f.framework.priority_actions:
        aligned = [o for o in f.framework.outcomes if p.key in o.aligned_to]
        if aligned and not any(outcome_id(f.framework.id, o.key) in f.delivered for o in aligned):
            keys = ", ".join(o.key for o in aligned)
            said = f"{p.title}; no action delivers {keys}"
            yield Gap(f.pid, "priority-action-unserved", p.key, detail=said, node=priority_id(f.framework.id, p.key))


def _indicator_gaps(f: _Facts) -> Iterator[Gap]:
    for i in f.view.indicators:
        if i not in f.linked:
            d = f.G.nodes[i]
            detail = f"{d['indicator_kind']} indicator of {d['outcome']}; no action is linked to it{f.no_links_note}"
            yield Gap(f.pid, "indicator-without-action", d["name"], detail=detail, node=i)


def _action_gaps(f: _Facts) -> Iterator[Gap]:
    view = f.view
    for a in view.actions:
        d, ref = f.G.nodes[a], view.ref[a]
        if not view.measured_by[a]:
            said = f"no indicator is linked to it{f.no_links_note}"
            yield Gap(f.pid, "action-without-indicator", ref, (ref,), detail=said, node=a)
        if not view.leads[a]:
            yield Gap(f.pid, "action-without-lead", ref, (ref,), detail="no lead is named", node=a)
        if not d["due"]:
            printed = f"timescale printed: {d['timescale']!r}" if d["timescale"] else "no timescale printed"
            yield Gap(f.pid, "action-without-date", ref, (ref,), detail="no due date", evidence=printed, node=a)


def _need_gaps(f: _Facts) -> Iterator[Gap]:
    addressed = {n for a in f.view.actions for n in f.view.addresses[a]}
    for need in load_needs():
        if need_id(need.key) not in addressed:
            yield Gap(
                f.pid,
                "need-unaddressed",
                need.key,
                detail=f"no action addresses {need.label!r}",
                evidence="no action text mentions any of: " + ", ".join(need.words),
                node=need_id(need.key),
            )


def _statutory_gaps(f: _Facts) -> Iterator[Gap]:
    view = f.view
    leaders = {p for a in view.actions for p in view.leads[a]}
    for partner, edge in plan_partners(f.G, f.pid):
        if not edge.get("statutory"):
            continue
        if partner in leaders or any(s in leaders for s in sources(f.G, partner, "ACTS_FOR")):
            continue
        contributes = [a for a in view.actions if partner in view.contributors[a]]
        yield Gap(
            f.pid,
            "statutory-partner-leads-nothing",
            f.G.nodes[partner]["name"],
            tuple(view.ref[a] for a in contributes),
            detail=f"statutory partner ({edge.get('category', '')}) leads no action"
            + (f"; contributes to {_count(len(contributes), 'action')}" if contributes else ""),
            node=partner,
        )


def _collective_gaps(f: _Facts) -> Iterator[Gap]:
    view = f.view
    for partner, _ in plan_partners(f.G, f.pid):
        if f.G.nodes[partner].get("partner_kind") != "collective":
            continue
        led = [a for a in view.actions if partner in view.leads[a]]
        if led:
            alone = [a for a in led if len(view.leads[a]) == 1]
            yield Gap(
                f.pid,
                "collective-lead",
                f.G.nodes[partner]["name"],
                tuple(view.ref[a] for a in led),
                detail=f"a collective leads {_count(len(led), 'action')}, {len(alone)} of them with no other lead: "
                "no single accountable owner",
                node=partner,
            )


# each check and the reasons it finds (together, every reason of REASONS once)
_CHECKS: tuple[tuple[tuple[str, ...], Callable[[_Facts], Iterator[Gap]]], ...] = (
    (("outcome-without-action", "outcome-unmeasured", "outcome-only-qualitative"), _outcome_gaps),
    (("priority-action-unserved",), _priority_gaps),
    (("indicator-without-action",), _indicator_gaps),
    (("action-without-indicator", "action-without-lead", "action-without-date"), _action_gaps),
    (("need-unaddressed",), _need_gaps),
    (("statutory-partner-leads-nothing",), _statutory_gaps),
    (("collective-lead",), _collective_gaps),
)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
