"""Impact: what happens if one partner withdraws; and the partners whose withdrawal would
leave an outcome or a need with no action (single points of failure).

When a partner withdraws, the actions it leads alone are left with no lead; an outcome or a
need is left uncovered when every action of the plan that delivers or addresses it is one
of those.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("north-lanarkshire-2017-2020"))
>>> lost = [i for i in impact(G, "Community Justice Co-ordinator") if i.effect == "action-left-without-lead"]
>>> len(lost), lost[0].subject
(9, 'SO1.7')
>>> for s in single_points_of_failure(G)[:2]:
...     print(s.partner, s.outcomes, s.needs)
North Lanarkshire Council Enterprise and Housing Resources () ('housing',)
North Lanarkshire Council Financial Inclusion () ('finance',)
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from cjgraph.contract import node_field
from cjgraph.queries.select import PlanView, find_partners, plan_ids, plan_view

__all__ = ["ImpactItem", "SinglePointOfFailure", "impact", "single_points_of_failure", "EFFECTS"]

EFFECTS = (
    "action-left-without-lead",
    "action-loses-a-lead",
    "action-loses-a-contributor",
    "outcome-left-without-action",
    "need-left-without-action",
)


@dataclass(frozen=True)
class ImpactItem:
    """One consequence of a partner's withdrawal."""

    plan: str
    partner: str
    effect: str
    subject: str
    refs: tuple[str, ...] = ()
    nodes: tuple[str, ...] = node_field(())  # the partner, and the action, outcome or need


@dataclass(frozen=True)
class SinglePointOfFailure:
    """A partner whose withdrawal leaves outcomes or needs of a plan with no action."""

    plan: str
    partner: str
    sole_led: int
    outcomes: tuple[str, ...]
    needs: tuple[str, ...]
    node: str = node_field()  # the partner


def impact(G: nx.MultiDiGraph, partner: str, *, plan: str | None = None) -> list[ImpactItem]:
    """What the withdrawal of ``partner`` means for each plan: actions left without a lead or
    losing one, outcomes and needs left with no action.

    Parameters
    ----------
    G : a graph of plans.
    partner : a name, alias, registry abbreviation ("SPS") or node id.
    plan : one plan id, or None for all.

    Returns
    -------
    list of :class:`ImpactItem`.

    Raises
    ------
    GraphError : no partner of that name (with the name meant, if close), an unknown plan, or a
        graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(i.effect, i.subject) for i in impact(tiny_graph(), "Sacro")]
    [('action-left-without-lead', 'A2'), ('action-loses-a-lead', 'A1')]
    """
    nodes = [partner] if partner in G and G.nodes[partner].get("kind") == "Partner" else find_partners(G, partner)
    out: list[ImpactItem] = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        for node in nodes:
            out.extend(_impact(G, view, node))
    order = {e: i for i, e in enumerate(EFFECTS)}
    return sorted(out, key=lambda i: (i.plan, i.partner, order[i.effect]))


def _impact(G: nx.MultiDiGraph, view: PlanView, node: str) -> list[ImpactItem]:
    name = G.nodes[node]["name"]
    pid = view.plan
    out: list[ImpactItem] = []
    lost: set[str] = set()
    for a in view.actions:
        ref = view.ref[a]
        if node in view.leads[a]:
            if len(view.leads[a]) == 1:
                lost.add(a)
                out.append(ImpactItem(pid, name, "action-left-without-lead", ref, (ref,), (node, a)))
            else:
                out.append(ImpactItem(pid, name, "action-loses-a-lead", ref, (ref,), (node, a)))
        elif node in view.contributors[a]:
            out.append(ImpactItem(pid, name, "action-loses-a-contributor", ref, (ref,), (node, a)))
    if lost:
        out.extend(_uncovered(G, view, node, lost, _covering(view)))
    return out


def _covering(view: PlanView) -> list[tuple[str, str, list[str]]]:
    """(label, outcome or need node, the actions covering it) for one plan."""
    out = []
    for label, table in (("outcome", view.delivers), ("need", view.addresses)):
        covering: dict[str, list[str]] = {}
        for a in view.actions:
            for target in table[a]:
                covering.setdefault(target, []).append(a)
        out += [(label, target, covering[target]) for target in sorted(covering)]
    return out


def _uncovered(
    G: nx.MultiDiGraph, view: PlanView, partner: str, lost: set[str], covering: list[tuple[str, str, list[str]]]
) -> list[ImpactItem]:
    """Outcomes and needs every covering action of which is in ``lost`` (the actions ``partner``
    alone leads)."""
    name = G.nodes[partner]["name"]
    return [
        ImpactItem(
            view.plan,
            name,
            f"{label}-left-without-action",
            G.nodes[target]["key"],
            tuple(view.ref[a] for a in acts),
            (partner, target),
        )
        for label, target, acts in covering
        if all(a in lost for a in acts)
    ]


def single_points_of_failure(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[SinglePointOfFailure]:
    """Partners whose withdrawal would leave an outcome or a need of a plan with no action.

    A collective ("All Partners") is not one: it cannot withdraw, and what it alone leads has no
    accountable owner, the gap ``collective-lead`` of :func:`~cjgraph.queries.find_gaps`.

    Parameters
    ----------
    G : a graph of plans.
    plan : one plan id, or None for all.

    Returns
    -------
    list of :class:`SinglePointOfFailure`: the partner and the outcomes and needs it alone serves.

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(s.partner, s.outcomes, s.needs) for s in single_points_of_failure(tiny_graph())]
    [('Police Scotland', ('communities',), ())]
    """
    out = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        sole: dict[str, set[str]] = {}
        for a in view.actions:
            if len(view.leads[a]) == 1 and G.nodes[view.leads[a][0]].get("partner_kind") != "collective":
                sole.setdefault(view.leads[a][0], set()).add(a)
        covering = _covering(view)
        for p in sorted(sole):
            items = _uncovered(G, view, p, sole[p], covering)
            outcomes = tuple(i.subject for i in items if i.effect == "outcome-left-without-action")
            needs = tuple(i.subject for i in items if i.effect == "need-left-without-action")
            if outcomes or needs:
                out.append(SinglePointOfFailure(pid, G.nodes[p]["name"], len(sole[p]), outcomes, needs, p))
    return sorted(out, key=lambda s: (s.plan, -len(s.outcomes) - len(s.needs), -s.sole_led, s.partner))
