"""Impact: what happens if one partner withdraws; and the partners whose withdrawal would
leave an outcome or a need with no action (single points of failure).

When a partner withdraws, the actions it leads alone are left with no lead; an outcome or a
need is left uncovered when every action of the plan that delivers or addresses it is one
of those.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.graph import load
>>> G = load(example_path("north-lanarkshire-2017-2020"))
>>> lost = [i for i in impact(G, "Community Justice Co-ordinator") if i.effect == "action-left-without-lead"]
>>> len(lost), lost[0].subject
(9, 'SO1.7')
>>> for s in single_points_of_failure(G)[:2]:
...     print(s.partner, s.outcomes, s.needs)
All Partners ('resilience',) ()
North Lanarkshire Council Enterprise and Housing Resources () ('housing',)
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from cjgraph.framework import load_needs
from cjgraph.queries._select import actions, find_partners, plan_ids, sources, targets

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


@dataclass(frozen=True)
class SinglePointOfFailure:
    """A partner whose withdrawal leaves outcomes or needs of a plan with no action."""

    plan: str
    partner: str
    sole_led: int
    outcomes: tuple[str, ...]
    needs: tuple[str, ...]


def impact(G: nx.MultiDiGraph, partner: str, *, plan: str | None = None) -> list[ImpactItem]:
    """What the withdrawal of ``partner`` (a name, alias or node id) means for each plan."""
    nodes = [partner] if partner in G and G.nodes[partner].get("kind") == "Partner" else find_partners(G, partner)
    out: list[ImpactItem] = []
    for pid in plan_ids(G, plan):
        for node in nodes:
            out.extend(_impact(G, node, pid))
    order = {e: i for i, e in enumerate(EFFECTS)}
    return sorted(out, key=lambda i: (i.plan, i.partner, order[i.effect]))


def _impact(G: nx.MultiDiGraph, node: str, pid: str) -> list[ImpactItem]:
    name = G.nodes[node]["name"]
    acts = actions(G, pid)
    out: list[ImpactItem] = []
    lost: set[str] = set()
    for a in acts:
        leads = sources(G, a, "LEADS")
        ref = G.nodes[a]["ref"]
        if node in leads:
            if len(leads) == 1:
                lost.add(a)
                out.append(ImpactItem(pid, name, "action-left-without-lead", ref, (ref,)))
            else:
                out.append(ImpactItem(pid, name, "action-loses-a-lead", ref, (ref,)))
        elif node in sources(G, a, "CONTRIBUTES_TO"):
            out.append(ImpactItem(pid, name, "action-loses-a-contributor", ref, (ref,)))
    if not lost:
        return out
    for label, rel, keys in (
        ("outcome", "DELIVERS", sorted({o for a in acts for o in targets(G, a, "DELIVERS")})),
        ("need", "ADDRESSES", [f"need:{n.key}" for n in load_needs()]),
    ):
        for target in keys:
            covering = [a for a in acts if target in targets(G, a, rel)]
            if covering and all(a in lost for a in covering):
                out.append(
                    ImpactItem(
                        pid,
                        name,
                        f"{label}-left-without-action",
                        G.nodes[target]["key"],
                        tuple(G.nodes[a]["ref"] for a in covering),
                    )
                )
    return out


def single_points_of_failure(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[SinglePointOfFailure]:
    """Partners whose withdrawal would leave an outcome or a need of a plan with no action."""
    out = []
    for pid in plan_ids(G, plan):
        leaders = sorted({p for a in actions(G, pid) for p in sources(G, a, "LEADS")})
        for p in leaders:
            items = _impact(G, p, pid)
            outcomes = tuple(i.subject for i in items if i.effect == "outcome-left-without-action")
            needs = tuple(i.subject for i in items if i.effect == "need-left-without-action")
            if outcomes or needs:
                sole = sum(i.effect == "action-left-without-lead" for i in items)
                out.append(SinglePointOfFailure(pid, G.nodes[p]["name"], sole, outcomes, needs))
    return sorted(out, key=lambda s: (s.plan, -len(s.outcomes) - len(s.needs), -s.sole_led, s.partner))
