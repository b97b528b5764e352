"""Compare plans side by side per national outcome; diff two versions of one plan.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("midlothian-2017-2020"), example_path("north-lanarkshire-2017-2020"))
>>> [(c.plan[:10], c.actions, c.indicators) for c in compare_plans(G) if c.outcome == "access"]
[('midlothian', 10, 16), ('north-lana', 7, 6)]

>>> from dataclasses import replace
>>> from cjgraph.model import Plan, PlanInfo, Action
>>> old = Plan(PlanInfo(id="x"), actions=(Action("A1", "access", "Do it.", leads=("Police Scotland",)),
...                                     Action("A2", "access", "Do more.")))
>>> new = replace(old, actions=(replace(old.actions[0], leads=("Scottish Prison Service",)),))
>>> [(c.ref, c.change) for c in diff_plans(old, new)]
[('A1', 're-led'), ('A2', 'dropped')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from cjgraph.contract import node_field, outcome_id
from cjgraph.framework import Crosswalk, load_crosswalk, load_framework
from cjgraph.model import Action, Indicator, Plan
from cjgraph.queries.select import plan_ids, plan_view, ref_order

__all__ = ["OutcomeComparison", "Change", "compare_plans", "diff_plans", "CHANGES"]

CHANGES = (
    "added",
    "dropped",
    "renumbered",
    "moved",
    "crosswalked",  # a plan under a new framework: the outcome's counterpart by the crosswalk
    "reworded",
    "re-led",
    "contributors-changed",
    "re-dated",
    "status-changed",  # a quarterly update: the status, its date, the notes
    "status-dated",
    "notes-changed",
    "indicator-added",  # an indicator (its ref is "indicator: <outcome>: <words>")
    "indicator-dropped",
    "indicator-relinked",  # the actions it measures
    "indicator-kind",  # national or local
    "indicator-better",  # which way is better
    "value-added",  # a value for a period (indicator_values)
    "value-changed",
    "value-dropped",
)


@dataclass(frozen=True)
class OutcomeComparison:
    """One plan's provision for one national outcome."""

    outcome: str
    plan: str
    actions: int
    lead_partners: int
    indicators: int
    linked_indicators: int  # indicators with at least one linked action
    needs: tuple[str, ...]  # needs addressed by the outcome's actions
    via: str = ""  # for a plan of another framework: the outcomes of its own counted, by the crosswalk
    nodes: tuple[str, ...] = node_field(())  # the plan's outcome nodes counted


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a plan."""

    ref: str
    change: str
    old: str = ""
    new: str = ""


def compare_plans(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[OutcomeComparison]:
    """Every plan's (or one plan's) actions, leads, indicators and needs per national outcome of
    its framework, and, through a crosswalk, a plan of another framework beside each outcome
    (``via`` says so).

    Parameters
    ----------
    G : a graph of plans.
    plan : one plan id, or None for all.

    Returns
    -------
    list of :class:`OutcomeComparison`.

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(c.outcome, c.actions, c.indicators) for c in compare_plans(tiny_graph())][:2]
    [('communities', 1, 0), ('partnership', 0, 0)]
    """
    if plan is not None:
        plan_ids(G, plan)  # an unknown plan is named
        return [c for c in compare_plans(G) if c.plan == plan]
    out = []
    ids = plan_ids(G)
    views = {pid: plan_view(G, pid) for pid in ids}
    framework_of = {pid: views[pid].framework for pid in ids}
    frameworks = sorted(set(framework_of.values()))
    for fw in frameworks:
        for o in load_framework(fw).outcomes:
            for pid in sorted(ids, key=lambda p: (framework_of[p] != fw, p)):  # the outcome's own plans first
                view = views[pid]
                if framework_of[pid] == fw:
                    out.append(_provision(G, view, o.key, pid, {outcome_id(fw, o.key)}, (o.key,)))
                    continue
                # a plan of another framework, through the crosswalk between the two, if any
                walk = load_crosswalk(fw, framework_of[pid])
                if walk is None or walk.source != fw:
                    continue
                keys = walk.counterparts(o.key)
                nodes = {outcome_id(framework_of[pid], k) for k in keys}
                via = f"crosswalk: {', '.join(keys)}" if keys else "crosswalk: no counterpart"
                out.append(_provision(G, view, o.key, pid, nodes, keys, via))
    return out


def _provision(
    G: nx.MultiDiGraph, view: Any, outcome: str, pid: str, nodes: set[str], keys: tuple[str, ...], via: str = ""
) -> OutcomeComparison:
    acts = [a for a in view.actions if nodes & set(view.delivers[a])]
    inds = [i for i in view.indicators if G.nodes[i]["outcome"] in keys]
    linked = {i for a in view.actions for i in view.measured_by[a]}
    leads = {p for a in acts for p in view.leads[a]}
    needs = sorted({G.nodes[n]["key"] for a in acts for n in view.addresses[a]})
    return OutcomeComparison(
        outcome,
        pid,
        len(acts),
        len(leads),
        len(inds),
        sum(i in linked for i in inds),
        tuple(needs),
        via,
        tuple(sorted(nodes)),
    )


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """What changed from ``old`` to ``new``: actions added, dropped, renumbered, moved to another
    outcome (or "crosswalked" to its counterpart in a new framework), re-worded, re-led, with
    other contributors, re-dated, and, for a quarterly update, status, status date and notes.

    Parameters
    ----------
    old, new : two versions of a plan.

    Returns
    -------
    list of :class:`Change`, in ref order.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from cjgraph.examples import tiny_plan
    >>> p = tiny_plan()
    >>> q = replace(p, actions=(replace(p.actions[0], status="complete"), p.actions[1]))
    >>> [(c.ref, c.change) for c in diff_plans(p, q)]
    [('A1', 'status-changed'), ('A3', 'dropped')]
    """
    before = {a.ref: a for a in old.actions}
    after = {a.ref: a for a in new.actions}
    walk = None
    if old.info.framework != new.info.framework:
        walk = load_crosswalk(old.info.framework, new.info.framework)
    out: list[Change] = []
    dropped = [r for r in before if r not in after]
    added = [r for r in after if r not in before]
    by_text = {_fold(after[r].text): r for r in added}
    for r in list(dropped):
        match = by_text.get(_fold(before[r].text))
        if match:
            out.append(Change(match, "renumbered", r, match))
            out.extend(_field_changes(match, before[r], after[match], walk))
            dropped.remove(r)
            added.remove(match)
    out.extend(Change(r, "dropped", before[r].text, "") for r in dropped)
    out.extend(Change(r, "added", "", after[r].text) for r in added)
    for r in before:
        if r in after:
            out.extend(_field_changes(r, before[r], after[r], walk))
    order = {c: i for i, c in enumerate(CHANGES)}
    ordered = sorted(out, key=lambda c: (ref_order(c.ref), order[c.change]))
    return ordered + _indicator_changes(old, new)


def _indicator_name(outcome: str, text: str) -> str:
    return f"indicator: {outcome}: {text}"


def _indicator_changes(old: Plan, new: Plan) -> list[Change]:
    """The indicators added, dropped, relinked, of another kind or way of being better, and
    their values added, changed or dropped (:func:`_value_changes`), each named
    "indicator: <outcome>: <words>"."""

    def indicators(p: Plan) -> dict[tuple[str, str], Indicator]:
        return {(i.outcome, _fold(i.indicator)): i for i in p.indicators}

    def links(p: Plan) -> dict[tuple[str, str], str]:
        return {(k.outcome, _fold(k.indicator)): " | ".join(k.linked_actions) for k in p.indicator_links}

    a, b = indicators(old), indicators(new)
    out = [
        Change(_indicator_name(o, a[o, t].indicator), "indicator-dropped", a[o, t].indicator)
        for o, t in a
        if (o, t) not in b
    ]
    out += [
        Change(_indicator_name(o, b[o, t].indicator), "indicator-added", "", b[o, t].indicator)
        for o, t in b
        if (o, t) not in a
    ]
    la, lb = links(old), links(new)
    for key in (key for key in a if key in b):
        said = _indicator_name(key[0], b[key].indicator)
        for change, before, after in (
            ("indicator-relinked", la.get(key, ""), lb.get(key, "")),
            ("indicator-kind", a[key].kind, b[key].kind),
            ("indicator-better", a[key].better, b[key].better),
        ):
            if before != after:
                out.append(Change(said, change, before, after))
    texts = {key: i.indicator for key, i in (*a.items(), *b.items())}
    return out + _value_changes(old, new, texts)


def _value_changes(old: Plan, new: Plan, texts: dict[tuple[str, str], str]) -> list[Change]:
    """The indicators' values added, changed or dropped, period by period."""

    def values(p: Plan) -> dict[tuple[str, str, str], str]:
        return {
            (v.outcome, _fold(v.indicator), v.period): "" if v.value is None else f"{v.value:g}"
            for v in p.indicator_values
        }

    va, vb = values(old), values(new)
    out = []
    for outcome, text, period in sorted(set(va) | set(vb)):
        key = (outcome, text, period)
        said = f"{_indicator_name(outcome, texts.get((outcome, text), text))} ({period})"
        if key not in vb:
            out.append(Change(said, "value-dropped", va[key], ""))
        elif key not in va:
            out.append(Change(said, "value-added", "", vb[key]))
        elif va[key] != vb[key]:
            out.append(Change(said, "value-changed", va[key], vb[key]))
    return out


def _field_changes(ref: str, a: Action, b: Action, walk: Crosswalk | None = None) -> list[Change]:
    out = []
    if a.outcome != b.outcome:
        carried = walk is not None and walk.links(a.outcome, b.outcome)
        out.append(Change(ref, "crosswalked" if carried else "moved", a.outcome, b.outcome))
    if _fold(a.text) != _fold(b.text):
        out.append(Change(ref, "reworded", a.text, b.text))
    if set(a.leads) != set(b.leads):
        out.append(Change(ref, "re-led", " | ".join(a.leads), " | ".join(b.leads)))
    if set(a.contributors) != set(b.contributors):
        out.append(Change(ref, "contributors-changed", " | ".join(a.contributors), " | ".join(b.contributors)))
    if a.due != b.due:
        out.append(Change(ref, "re-dated", a.due.isoformat() if a.due else "", b.due.isoformat() if b.due else ""))
    if a.status != b.status:
        out.append(Change(ref, "status-changed", a.status, b.status))
    if a.status_date != b.status_date:
        old, new = (d.isoformat() if d else "" for d in (a.status_date, b.status_date))
        out.append(Change(ref, "status-dated", old, new))
    if " ".join(a.notes.split()) != " ".join(b.notes.split()):
        out.append(Change(ref, "notes-changed", a.notes, b.notes))
    return out


def _fold(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")
