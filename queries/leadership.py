"""Lead-load: how many actions each partner leads, alone or shared, and contributes to.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.graph import load
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

from cjgraph.queries._select import actions, plan_ids, plan_partners, sources

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


@dataclass(frozen=True)
class Concentration:
    """How concentrated a plan's leadership is."""

    plan: str
    actions: int
    lead_partners: int
    top_partner: str
    top_share: float  # the top partner's weighted share of the actions
    hhi: float  # Herfindahl-Hirschman index of weighted shares (1 = one partner leads everything)


def lead_load(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[LeadLoad]:
    """Lead-load per partner and plan, heaviest first (partners of the plan leading nothing
    included); with several plans, also national bodies across all plans (``"(all plans)"``)."""
    out: list[LeadLoad] = []
    totals: dict[str, list[LeadLoad]] = defaultdict(list)
    ids = plan_ids(G, plan)
    for pid in ids:
        acts = actions(G, pid)
        stats: dict[str, dict[str, object]] = {}

        def entry(partner: str, stats: dict[str, dict[str, object]] = stats) -> dict[str, object]:
            return stats.setdefault(partner, {"led": 0, "sole": 0, "w": 0.0, "contrib": 0, "years": defaultdict(int)})

        for p, _ in plan_partners(G, pid):  # partners leading nothing are listed too, with zeros
            entry(p)
        for a in acts:
            leads = sources(G, a, "LEADS")
            year = G.nodes[a]["due"][:4] or "no date"
            for p in leads:
                e = entry(p)
                e["led"] = int(e["led"]) + 1  # type: ignore[call-overload]
                e["sole"] = int(e["sole"]) + (len(leads) == 1)  # type: ignore[call-overload]
                e["w"] = float(e["w"]) + 1 / len(leads)  # type: ignore[arg-type]
                e["years"][year] += 1  # type: ignore[index]
            for p in sources(G, a, "CONTRIBUTES_TO"):
                e = entry(p)
                e["contrib"] = int(e["contrib"]) + 1  # type: ignore[call-overload]
        for p, e in stats.items():
            d = G.nodes[p]
            led, sole, w = int(e["led"]), int(e["sole"]), float(e["w"])  # type: ignore[call-overload, arg-type]
            rec = LeadLoad(
                plan=pid,
                partner=d["name"],
                partner_kind=d.get("partner_kind", ""),
                scope=d.get("scope", ""),
                led=led,
                sole=sole,
                shared=led - sole,
                weighted=round(w, 2),
                contributed=int(e["contrib"]),  # type: ignore[call-overload]
                share=round(w / len(acts), 3) if acts else 0.0,
                by_year=_years(e["years"]),  # type: ignore[arg-type]
            )
            out.append(rec)
            if d.get("scope") == "national":
                totals[p].append(rec)
    if len(ids) > 1:
        n_actions = sum(len(actions(G, pid)) for pid in ids)
        for recs in totals.values():
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
                    weighted=round(w, 2),
                    contributed=sum(r.contributed for r in recs),
                    share=round(w / n_actions, 3) if n_actions else 0.0,
                    by_year=_years(years),
                )
            )
    return sorted(out, key=lambda r: (r.plan == ALL_PLANS, r.plan, -r.weighted, -r.led, r.partner))


def lead_concentration(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[Concentration]:
    """Per plan: the top lead's share and the Herfindahl-Hirschman index of weighted lead shares."""
    out = []
    by_plan: dict[str, list[LeadLoad]] = defaultdict(list)
    for r in lead_load(G, plan=plan):
        if r.plan != ALL_PLANS and r.led:
            by_plan[r.plan].append(r)
    for pid in plan_ids(G, plan):
        recs = by_plan.get(pid, [])
        n = len(actions(G, pid))
        top = max(recs, key=lambda r: (r.weighted, r.partner), default=None)
        hhi = sum((r.weighted / n) ** 2 for r in recs) if n else 0.0
        out.append(
            Concentration(
                plan=pid,
                actions=n,
                lead_partners=len(recs),
                top_partner=top.partner if top else "",
                top_share=top.share if top else 0.0,
                hhi=round(hhi, 3),
            )
        )
    return out


def _years(years: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(years.items(), key=lambda kv: (kv[0] == "no date", kv[0])))
