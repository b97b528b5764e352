"""Gaps: what is not measured, not addressed, not led — each with a reason code.

Reason codes: ``outcome-without-action``, ``outcome-unmeasured``, ``outcome-only-qualitative``,
``indicator-without-action``, ``action-without-indicator``, ``action-without-lead``,
``action-without-date``, ``need-unaddressed``, ``statutory-partner-leads-nothing``,
``collective-lead``.

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

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import networkx as nx

from cjgraph.errors import CjgraphError
from cjgraph.framework import load_framework, load_needs
from cjgraph.queries._select import actions, nodes_of, plan_ids, plan_partners, sources, targets

__all__ = ["REASONS", "Gap", "find_gaps", "is_quantitative"]

REASONS = (
    "outcome-without-action",
    "outcome-unmeasured",
    "outcome-only-qualitative",
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


@cache
def _quantitative_words() -> tuple[str, ...]:
    text = resources.files("cjgraph").joinpath("data", "indicator_rules.toml").read_text(encoding="utf-8")
    return tuple(tomllib.loads(text)["quantitative"])


def is_quantitative(indicator: str) -> bool:
    """True when an indicator names something counted or measured (``indicator_rules.toml``).

    >>> is_quantitative("Number of referrals to services for women"), is_quantitative("Feedback from users")
    (True, False)
    """
    low = indicator.lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in _quantitative_words())


def find_gaps(G: nx.MultiDiGraph, *, plan: str | None = None, reasons: list[str] | None = None) -> list[Gap]:
    """Every gap of every plan (or one plan), in plan, reason and subject order."""
    unknown = [r for r in reasons or [] if r not in REASONS]
    if unknown:
        raise CjgraphError(f"unknown gap reason {unknown[0]!r}; the reasons are {', '.join(REASONS)}.")
    wanted = set(reasons or REASONS)
    out: list[Gap] = []
    for pid in plan_ids(G, plan):
        out.extend(g for g in _plan_gaps(G, pid) if g.reason in wanted)
    order = {r: i for i, r in enumerate(REASONS)}
    return sorted(out, key=lambda g: (g.plan, order[g.reason], g.subject))


def _plan_gaps(G: nx.MultiDiGraph, pid: str) -> list[Gap]:
    out: list[Gap] = []
    acts = actions(G, pid)
    ref = {a: G.nodes[a]["ref"] for a in acts}
    framework = load_framework(G.nodes[f"plan:{pid}"].get("framework") or "opif-2016")
    indicators = nodes_of(G, "Indicator", pid)
    has_links = any(G.nodes[u]["kind"] == "Action" for i in indicators for u in sources(G, i, "MEASURED_BY"))
    for o in framework.outcomes:
        node = f"outcome:{o.key}"
        delivering = [a for a in acts if node in targets(G, a, "DELIVERS")]
        if not delivering:
            out.append(Gap(pid, "outcome-without-action", o.key, detail=f"no action of the plan delivers {o.title!r}"))
        measured = [i for i in targets(G, node, "MEASURED_BY") if G.nodes[i].get("plan") == pid]
        if not measured:
            out.append(Gap(pid, "outcome-unmeasured", o.key, detail="the plan lists no indicator for this outcome"))
        elif not any(is_quantitative(G.nodes[i]["name"]) for i in measured):
            out.append(
                Gap(
                    pid,
                    "outcome-only-qualitative",
                    o.key,
                    detail=f"all {len(measured)} indicators are qualitative (none counts or measures anything)",
                    evidence=" | ".join(G.nodes[i]["name"] for i in measured),
                )
            )
    for i in indicators:
        if not any(G.nodes[s]["kind"] == "Action" for s in sources(G, i, "MEASURED_BY")):
            d = G.nodes[i]
            out.append(
                Gap(
                    pid,
                    "indicator-without-action",
                    d["name"],
                    detail=f"{d['indicator_kind']} indicator of {d['outcome']}; no action is linked to it"
                    + ("" if has_links else " (the plan prints no indicator links)"),
                )
            )
    for a in acts:
        d = G.nodes[a]
        if not targets(G, a, "MEASURED_BY"):
            out.append(
                Gap(
                    pid,
                    "action-without-indicator",
                    ref[a],
                    (ref[a],),
                    detail="no indicator is linked to it"
                    + ("" if has_links else " (the plan prints no indicator links)"),
                )
            )
        if not sources(G, a, "LEADS"):
            out.append(Gap(pid, "action-without-lead", ref[a], (ref[a],), detail="no lead is named"))
        if not d["due"]:
            out.append(
                Gap(
                    pid,
                    "action-without-date",
                    ref[a],
                    (ref[a],),
                    detail="no due date",
                    evidence=f"timescale printed: {d['timescale']!r}" if d["timescale"] else "no timescale printed",
                )
            )
    for need in load_needs():
        node = f"need:{need.key}"
        if not any(node in targets(G, a, "ADDRESSES") for a in acts):
            out.append(
                Gap(
                    pid,
                    "need-unaddressed",
                    need.key,
                    detail=f"no action addresses {need.label!r}",
                    evidence="no action text mentions any of: " + ", ".join(need.words),
                )
            )
    for partner, edge in plan_partners(G, pid):
        if not edge.get("statutory"):
            continue
        stand_ins = sources(G, partner, "ACTS_FOR")
        if _leads_in(G, partner, pid) or any(_leads_in(G, s, pid) for s in stand_ins):
            continue
        contributes = [a for a in sources(G, partner, "CONTRIBUTES_TO") if G.nodes[a].get("plan") == pid]
        out.append(
            Gap(
                pid,
                "statutory-partner-leads-nothing",
                G.nodes[partner]["name"],
                tuple(G.nodes[a]["ref"] for a in contributes),
                detail=f"statutory partner ({edge.get('category', '')}) leads no action"
                + (f"; contributes to {len(contributes)}" if contributes else ""),
            )
        )
    for partner, _ in plan_partners(G, pid):
        if G.nodes[partner].get("partner_kind") != "collective":
            continue
        led = [a for a in acts if partner in sources(G, a, "LEADS")]
        if led:
            alone = [a for a in led if len(sources(G, a, "LEADS")) == 1]
            out.append(
                Gap(
                    pid,
                    "collective-lead",
                    G.nodes[partner]["name"],
                    tuple(G.nodes[a]["ref"] for a in led),
                    detail=f"a collective leads {_count(len(led), 'action')}, {len(alone)} of them with no other lead: "
                    "no single accountable owner",
                )
            )
    return out


def _leads_in(G: nx.MultiDiGraph, partner: str, pid: str) -> bool:
    return any(k == "LEADS" and G.nodes[a].get("plan") == pid for _, a, k in G.out_edges(partner, keys=True))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
