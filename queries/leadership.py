"""Lead-load: how many actions each partner leads, alone or shared, and contributes to.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("north-lanarkshire-2017-2020"))
>>> top = lead_load(G)[0]
>>> top.partner, top.led, top.sole, top.weighted
('Community Justice Co-ordinator', 17, 9, 12.83)
>>> c = lead_concentration(G)[0]
>>> c.top_partner, c.top_share
('Community Justice Co-ordinator', 0.273)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from cjgraph.contract import node_field
from cjgraph.numbers import round_half_up
from cjgraph.queries.select import plan_ids, plan_partners, plan_view

__all__ = ["LeadLoad", "Concentration", "lead_load", "lead_concentration", "ALL_PLANS"]

ALL_PLANS = "(all plans)"


@dataclass(frozen=True)
class LeadLoad:
    """One partner's load in one plan (or, for national bodies, across all plans)."""

    plan: str
    partner: str
    partner_kind: str
    scope: str
    led: int  # actions it leads
    sole: int  # ... alone
    shared: int  # ... with other leads
    weighted: float  # sum of 1 / number of leads
    contributed: int  # actions it contributes to
    share: float  # weighted / actions in the plan(s)
    by_year: tuple[tuple[str, int], ...]  # actions led, by year due ("no date" last)
    node: str = node_field()  # the partner


@dataclass(frozen=True)
class Concentration:
    """How concentrated a plan's leadership is."""

    plan: str
    actions: int
    lead_partners: int
    top_partner: str
    top_share: float  # the top partner's weighted share of the actions
    hhi: float  # Herfindahl-Hirschman index of weighted shares (1 = one partner leads everything)
    node: str = node_field()  # the top partner ("" when nobody leads)


def lead_load(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[LeadLoad]:
    """Lead-load per partner and plan, heaviest first (partners of the plan leading nothing
    included); with several plans, also national bodies across all plans (``"(all plans)"``).

    Parameters
    ----------
    G : a graph of plans (:func:`cjgraph.load`).
    plan : answer for this plan id only; all plans when None.

    Returns
    -------
    list of :class:`LeadLoad`: actions led (alone, shared, weighted by 1/number of leads),
    contributed to, the share of the plan and the actions led by year due.

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract (:func:`validate_graph`).

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(r.partner, r.led, r.sole, r.weighted) for r in lead_load(tiny_graph())][:2]
    [('Police Scotland', 2, 1, 1.5), ('Sacro', 2, 1, 1.5)]
    """
    out: list[LeadLoad] = []
    totals: dict[str, list[LeadLoad]] = defaultdict(list)
    ids = plan_ids(G, plan)
    for pid in ids:
        view = plan_view(G, pid)
        n_actions = len(view.actions)
        stats: dict[str, _Tally] = {p: _Tally() for p, _ in plan_partners(G, pid)}  # zeros listed too
        for a in view.actions:
            leads = view.leads[a]
            year = G.nodes[a]["due"][:4] or "no date"
            for p in leads:
                t = stats.setdefault(p, _Tally())
                t.led += 1
                t.sole += len(leads) == 1
                t.weighted += 1 / len(leads)
                t.years[year] += 1
            for p in view.contributors[a]:
                stats.setdefault(p, _Tally()).contributed += 1
        for p, t in stats.items():
            d = G.nodes[p]
            rec = LeadLoad(
                plan=pid,
                partner=d["name"],
                partner_kind=d.get("partner_kind", ""),
                scope=d.get("scope", ""),
                led=t.led,
                sole=t.sole,
                shared=t.led - t.sole,
                weighted=round_half_up(t.weighted, 2),
                contributed=t.contributed,
                share=round_half_up(t.weighted / n_actions, 3) if n_actions else 0.0,
                by_year=_years(t.years),
                node=p,
            )
            out.append(rec)
            if d.get("scope") == "national":
                totals[p].append(rec)
    if len(ids) > 1:
        n_all = sum(len(plan_view(G, pid).actions) for pid in ids)
        for node, recs in totals.items():
            years: dict[str, int] = defaultdict(int)
            for r in recs:
                for y, n in r.by_year:
                    years[y] += n
            w = sum(r.weighted for r in recs)
            out.append(
                LeadLoad(
                    plan=ALL_PLANS,
                    partner=recs[0].partner,
                    partner_kind=recs[0].partner_kind,
                    scope="national",
                    led=sum(r.led for r in recs),
                    sole=sum(r.sole for r in recs),
                    shared=sum(r.shared for r in recs),
                    weighted=round_half_up(w, 2),
                    contributed=sum(r.contributed for r in recs),
                    share=round_half_up(w / n_all, 3) if n_all else 0.0,
                    by_year=_years(years),
                    node=node,
                )
            )
    return sorted(out, key=lambda r: (r.plan == ALL_PLANS, r.plan, -r.weighted, -r.led, r.partner))


class _Tally:
    """Running counts for one partner in one plan."""

    __slots__ = ("led", "sole", "weighted", "contributed", "years")

    def __init__(self) -> None:
        self.led = self.sole = self.contributed = 0
        self.weighted = 0.0
        self.years: dict[str, int] = defaultdict(int)


def lead_concentration(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[Concentration]:
    """Each plan's top lead and the Herfindahl-Hirschman index of its lead shares.

    Parameters
    ----------
    G : a graph of plans.
    plan : one plan id, or None for all.

    Returns
    -------
    list of :class:`Concentration`, one per plan.

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> [(c.plan, c.top_partner, c.hhi) for c in lead_concentration(tiny_graph())]
    [('tiny-2018-2021', 'Sacro', 0.5)]
    """
    out = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        n = len(view.actions)
        weighted: dict[str, float] = defaultdict(float)
        for a in view.actions:
            for p in view.leads[a]:
                weighted[p] += 1 / len(view.leads[a])
        top = max(weighted, key=lambda p: (weighted[p], G.nodes[p]["name"]), default=None)
        out.append(
            Concentration(
                plan=pid,
                actions=n,
                lead_partners=len(weighted),
                top_partner=G.nodes[top]["name"] if top else "",
                top_share=round_half_up(weighted[top] / n, 3) if top and n else 0.0,
                hhi=round_half_up(sum((w / n) ** 2 for w in weighted.values()), 3) if n else 0.0,
                node=top or "",
            )
        )
    return out


def _years(years: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(years.items(), key=lambda kv: (kv[0] == "no date", kv[0])))
