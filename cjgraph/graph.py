"""The accountability graph: plans as one networkx ``MultiDiGraph`` (DESIGN §5).

Node attribute ``kind`` is the Neo4j label; the edge key is the relationship type. National
outcomes, needs, national-scope partners and partnerships are shared nodes, so several
plans meet at them; plan-scoped nodes (``Plan``, ``Action``, ``Indicator``, local
``Partner``, and the history's ``Update``, ``Measurement`` and ``Assessment``) carry
``plan``. Every attribute is a string, number or boolean (never None), so the graph exports to
GraphML and GEXF as it is.

Relationships: ``(Partner)-[:LEADS {share}]->(Action)``, ``(Partner)-[:CONTRIBUTES_TO]->(Action)``,
``(Action)-[:DELIVERS {local_code}]->(Outcome)``, ``(Outcome)-[:MEASURED_BY]->(Indicator)``,
``(Action)-[:MEASURED_BY]->(Indicator)``, ``(Action)-[:ADDRESSES {evidence}]->(Need)``,
``(Action)-[:DEPENDS_ON]->(Action)``, ``(Outcome)-[:ENABLES]->(Outcome)`` (2016),
``(Outcome)-[:ALIGNED_TO]->(PriorityAction)`` (2023: the strategy's priority action it serves),
``(Action)-[:PART_OF]->(Plan)``, ``(Indicator)-[:PART_OF]->(Plan)``, ``(Plan)-[:OF]->(Partnership)``,
and, for the partners of a
plan, ``(Partner)-[:PARTNER_OF {statutory, category}]->(Plan)`` (every statutory partner of
the plan's area is one, named in the plan or not) and ``(Partner)-[:ACTS_FOR]->(Partner)``
(a council service for its council, a plan's "Health and Social Care Partnership" for the
area's partnership). A plan's history: ``(Action)-[:UPDATED]->(Update)`` per progress report,
``(Indicator)-[:VALUE]->(Measurement)`` per period, ``(Outcome)-[:ASSESSED]->(Assessment)``
with ``(Assessment)-[:PART_OF]->(Plan)``.

Examples
--------
>>> from cjgraph.model import Issue, Plan, PlanInfo, Action, Partner
>>> plan = Plan(PlanInfo(id="fife-2019-2022", partnership="Fife"),
...             actions=(Action("A1", "access", "Improve access to GP services.",
...                             leads=("NHS Fife", "Police Scotland"), needs=("health",)),),
...             partners=(Partner("NHS Fife", kind="statutory"), Partner("Police Scotland", kind="statutory",
...                                                                      scope="national")))
>>> G = graph_from_plans([plan])
>>> G
<PlanGraph: 1 plan (fife-2019-2022); 1 Action, 0 Indicator, 9 Need, 7 Outcome, 9 Partner, 1 Partnership, 1 Plan>
>>> sorted(k for _, _, k in G.out_edges("partner:fife-2019-2022:nhs-fife", keys=True))
['LEADS', 'PARTNER_OF']
>>> G.edges["partner:fife-2019-2022:nhs-fife", "action:fife-2019-2022:A1", "LEADS"]["share"]
0.5
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import networkx as nx

from cjgraph.contract import (
    FRAMEWORK_LABELS,
    HISTORY_LABELS,
    LABELS,
    action_id,
    assessment_id,
    indicator_id,
    measurement_id,
    need_id,
    outcome_id,
    partner_id,
    partnership_id,
    plan_id,
    plans_in,
    priority_id,
    update_id,
    validate_graph,
)
from cjgraph.errors import GraphError
from cjgraph.framework import (
    DEFAULT_FRAMEWORK,
    is_quantitative,
    load_framework,
    load_needs,
    registry_entry,
    statutory_partners,
)
from cjgraph.model import Plan, Update
from cjgraph.names import fold
from cjgraph.numbers import round_half_up
from cjgraph.progress import reporting_quarter

__all__ = ["PlanGraph", "graph_from_plans"]


class PlanGraph(nx.MultiDiGraph):  # type: ignore[misc]
    """A ``MultiDiGraph`` of plans with a readable ``repr``."""

    def __repr__(self) -> str:
        plans = plans_in(self)
        counts: dict[str, int] = {label: 0 for label in LABELS}
        for _, kind in self.nodes(data="kind"):
            counts[kind] = counts.get(kind, 0) + 1
        shown = ", ".join(plans[:3]) + (", ..." if len(plans) > 3 else "")
        optional = (*FRAMEWORK_LABELS, *HISTORY_LABELS)  # said when the graph has some
        by_kind = ", ".join(f"{counts[k]} {k}" for k in sorted(counts) if counts[k] or k not in optional)
        return f"<PlanGraph: {len(plans)} plan{'s' if len(plans) != 1 else ''} ({shown}); {by_kind}>"


def graph_from_plans(plans: Iterable[Plan]) -> PlanGraph:
    """Build the graph of one or many plans (see the module docstring).

    Parameters
    ----------
    plans : :class:`~cjgraph.model.Plan` objects (each plan id once), of any frameworks.

    Returns
    -------
    PlanGraph : a networkx ``MultiDiGraph`` keeping the contract of :func:`validate_graph`.

    Raises
    ------
    GraphError : a plan given twice.
    FrameworkError : a plan of a framework cjgraph does not have.

    Examples
    --------
    >>> from cjgraph.examples import tiny_plan
    >>> graph_from_plans([tiny_plan()])
    <PlanGraph: 1 plan (tiny-2018-2021); 3 Action, 1 Indicator, 9 Need, 7 Outcome, 10 Partner, 1 Partnership, 1 Plan>
    """
    G = PlanGraph()
    needs = load_needs()
    for need in needs:
        G.add_node(need_id(need.key), kind="Need", key=need.key, name=need.label, plan="")
    frameworks: set[str] = set()
    seen: set[str] = set()
    for plan in plans:
        if plan.info.id in seen:
            raise GraphError(f"plan {plan.info.id!r} is given twice; give each plan once.")
        seen.add(plan.info.id)
        framework = plan.info.framework or DEFAULT_FRAMEWORK
        if framework not in frameworks:
            frameworks.add(framework)
            _add_framework(G, framework)
        _add_plan(G, plan)
    validate_graph(G)  # cheap, once: the contract the questions rely on, proved on what was built
    return G


def _add_framework(G: PlanGraph, framework_id: str) -> None:
    fw = load_framework(framework_id)
    for o in fw.outcomes:
        G.add_node(
            outcome_id(fw.id, o.key),
            kind="Outcome",
            key=o.key,
            name=o.title,
            type=o.type,
            framework=fw.id,
            measured_centrally=fw.indicators_sourced_centrally,
            plan="",
        )
    for a, b in fw.enables:
        G.add_edge(outcome_id(fw.id, a), outcome_id(fw.id, b), key="ENABLES")
    for p in fw.priority_actions:  # the strategy's priority actions the outcomes are aligned to
        node = priority_id(fw.id, p.key)
        G.add_node(
            node,
            kind="PriorityAction",
            key=p.key,
            name=p.title,
            aim=p.aim,
            verified=p.verified,
            framework=fw.id,
            plan="",
        )
    for o in fw.outcomes:
        for k in o.aligned_to:
            G.add_edge(outcome_id(fw.id, o.key), priority_id(fw.id, k), key="ALIGNED_TO")


def _add_plan(G: PlanGraph, plan: Plan) -> None:
    """A plan's nodes and edges, one kind of node at a time."""
    build = _PlanBuilder(G, plan)
    build.plan_node()
    for name in build.partners:
        build.partner(name)
    _add_statutory(G, plan, build.partner)
    indicators = build.indicators()
    build.actions()
    build.dependencies()
    build.indicator_links(indicators)
    build.updates()
    build.measurements(indicators)
    build.assessments()


class _PlanBuilder:
    """Adds one plan to the graph (see :func:`_add_plan`)."""

    def __init__(self, G: PlanGraph, plan: Plan) -> None:
        self.G, self.plan, self.pid = G, plan, plan.info.id
        self.framework = plan.info.framework or DEFAULT_FRAMEWORK
        self.node = plan_id(self.pid)
        self.partners = {p.canonical: p for p in plan.partners}

    def plan_node(self) -> None:
        info, area = self.plan.info, self.plan.info.partnership
        self.G.add_node(
            self.node,
            kind="Plan",
            id=self.pid,
            name=info.title or self.pid,
            plan=self.pid,
            partnership=area,
            area=area,
            period_start=info.period_start,
            period_end=info.period_end,
            framework=self.framework,
            source=info.source,
            history_note=info.history_note,
        )
        if area:
            ship = partnership_id(area)
            self.G.add_node(ship, kind="Partnership", name=area, area=area, plan="")
            self.G.add_edge(self.node, ship, key="OF")

    def partner(self, name: str) -> str:
        """The node of a partner of the plan (made, and joined to the plan, on first mention)."""
        p = self.partners.get(name)
        body = registry_entry(name)
        scope = p.scope if p else (body.scope if body else "local")
        kind = p.kind if p else (body.kind if body else "")
        node = partner_id(name, plan=self.pid, scope=scope)
        if node not in self.G:
            self.G.add_node(
                node,
                kind="Partner",
                name=name,
                partner_kind=kind,
                scope=scope,
                plan="" if scope == "national" else self.pid,
                aliases=" | ".join(p.aliases) if p else "",
            )
        if not self.G.has_edge(node, self.node, "PARTNER_OF"):
            self.G.add_edge(node, self.node, key="PARTNER_OF", statutory=False, category="")
        return node

    def indicators(self) -> dict[tuple[str, str], str]:
        """The plan's indicators; returns each one's node by its outcome and folded text."""
        found: dict[tuple[str, str], str] = {}
        for n, ind in enumerate(self.plan.indicators, start=1):
            node = indicator_id(self.pid, n)
            found[(ind.outcome, fold(ind.indicator))] = node
            self.G.add_node(
                node,
                kind="Indicator",
                plan=self.pid,
                outcome=ind.outcome,
                indicator_kind=ind.kind,
                name=ind.indicator,
                better=ind.better,
                quantitative=is_quantitative(ind.indicator),
            )
            self.G.add_edge(node, self.node, key="PART_OF")
            if outcome_id(self.framework, ind.outcome) in self.G:
                self.G.add_edge(outcome_id(self.framework, ind.outcome), node, key="MEASURED_BY")
        return found

    def actions(self) -> None:
        need_keys = {n.key for n in load_needs()}
        for a in self.plan.actions:
            node = action_id(self.pid, a.ref)
            self.G.add_node(
                node,
                kind="Action",
                plan=self.pid,
                ref=a.ref,
                name=a.ref,
                text=a.text,
                outcome=a.outcome,
                timescale=a.timescale,
                due=a.due.isoformat() if a.due else "",
                status=a.status,
                status_date=a.status_date.isoformat() if a.status_date else "",
                notes=a.notes,
            )
            self.G.add_edge(node, self.node, key="PART_OF")
            outcome = outcome_id(self.framework, a.outcome)
            if outcome in self.G:
                self.G.add_edge(node, outcome, key="DELIVERS", local_code=re.sub(r"\.\d+$", "", a.ref))
            for lead in a.leads:
                self.G.add_edge(self.partner(lead), node, key="LEADS", share=round_half_up(1 / len(a.leads), 6))
            for c in a.contributors:
                self.G.add_edge(self.partner(c), node, key="CONTRIBUTES_TO")
            evidence = _evidence(a.needs_evidence)
            for need in a.needs:
                if need in need_keys:
                    self.G.add_edge(node, need_id(need), key="ADDRESSES", evidence=evidence.get(need, ""))

    def dependencies(self) -> None:
        for a in self.plan.actions:
            for dep in a.depends_on:
                if action_id(self.pid, dep) in self.G:
                    self.G.add_edge(action_id(self.pid, a.ref), action_id(self.pid, dep), key="DEPENDS_ON")

    def indicator_links(self, indicators: dict[tuple[str, str], str]) -> None:
        for link in self.plan.indicator_links:
            target = indicators.get((link.outcome, fold(link.indicator)))
            if target is None:
                continue
            for ref in link.linked_actions:
                if action_id(self.pid, ref) in self.G:
                    self.G.add_edge(action_id(self.pid, ref), target, key="MEASURED_BY")

    def updates(self) -> None:
        """Each action's progress reports, numbered in date order (a report on no action of the
        plan, or without a date, is refused: :func:`cjgraph.validate.check_plan` says which)."""
        mine: dict[str, list[tuple[int, Update]]] = {}
        for row, u in enumerate(self.plan.updates, start=2):
            if action_id(self.pid, u.ref) not in self.G or u.date is None:
                raise GraphError(f"plan {self.pid!r}: a progress report on {u.ref!r} has no date or no such action.")
            mine.setdefault(u.ref, []).append((row, u))
        for ref, reports in mine.items():
            for k, (row, u) in enumerate(sorted(reports, key=lambda r: r[1].date), start=1):  # type: ignore[arg-type,return-value]
                node = update_id(self.pid, ref, k)
                quarter, quarter_end = reporting_quarter(u.date)  # type: ignore[arg-type]
                self.G.add_node(
                    node,
                    kind="Update",
                    name=f"{ref} {u.date}",
                    plan=self.pid,
                    ref=ref,
                    number=k,
                    date=str(u.date),
                    status=u.status,
                    revised_due=u.revised_due.isoformat() if u.revised_due else "",
                    reason=u.reason,
                    note=u.note,
                    reported_by=u.reported_by,
                    row=row,
                    quarter=quarter,
                    quarter_end=quarter_end,
                )
                self.G.add_edge(action_id(self.pid, ref), node, key="UPDATED")

    def measurements(self, indicators: dict[tuple[str, str], str]) -> None:
        """Each indicator's values, one node per period."""
        for row, v in enumerate(self.plan.indicator_values, start=2):
            found = [n for (o, text), n in indicators.items() if text == fold(v.indicator) and v.outcome in ("", o)]
            if len(found) != 1 or v.value is None:
                raise GraphError(
                    f"plan {self.pid!r}: the value of {v.indicator[:60]!r} for {v.period} is missing, or the "
                    "indicator is not (once) on the indicators sheet."
                )
            number = int(found[0].rsplit(":", 1)[1])
            node = measurement_id(self.pid, number, v.period)
            self.G.add_node(
                node,
                kind="Measurement",
                name=f"{v.indicator[:40]} {v.period}",
                plan=self.pid,
                period=v.period,
                span="quarter" if " Q" in v.period else "year",  # a quarter's value is compared with quarters
                value=float(v.value),
                unit=v.unit,
                source=v.source,
                note=v.note,
                row=row,
            )
            self.G.add_edge(found[0], node, key="VALUE")

    def assessments(self) -> None:
        """The plan's self-assessment of each outcome per reporting year."""
        for row, a in enumerate(self.plan.assessments, start=2):
            outcome = outcome_id(self.framework, a.outcome)
            if outcome not in self.G or a.score is None:
                said = f"the self-assessment of {a.outcome!r} for {a.year} has no score or no such outcome"
                raise GraphError(f"plan {self.pid!r}: {said}.")
            node = assessment_id(self.pid, a.outcome, a.year)
            self.G.add_node(
                node,
                kind="Assessment",
                name=f"{a.outcome} {a.year}",
                plan=self.pid,
                outcome=a.outcome,
                year=a.year,
                score=float(a.score),
                scale=a.scale,
                evidence=a.evidence,
                row=row,
            )
            self.G.add_edge(outcome, node, key="ASSESSED")
            self.G.add_edge(node, self.node, key="PART_OF")


def _add_statutory(G: PlanGraph, plan: Plan, partner_node: Callable[[str], str]) -> None:
    """Attach the area's statutory partners to the plan, and the plan partners that act for them."""
    pid = plan.info.id
    for category, body in statutory_partners(plan.info.partnership):
        node = partner_id(body.canonical, plan=pid, scope=body.scope)
        if node not in G:
            G.add_node(
                node,
                kind="Partner",
                name=body.canonical,
                partner_kind=body.kind,
                scope=body.scope,
                plan="" if body.scope == "national" else pid,
                aliases=" | ".join(body.aliases),
            )
        G.add_edge(node, plan_id(pid), key="PARTNER_OF", statutory=True, category=category.category)
        for p in plan.partners:
            entry = registry_entry(p.canonical)
            stands_in = (body.type == "council" and p.kind == "local-authority-service") or (
                entry is not None and entry.type == body.type and not entry.areas and entry.canonical != body.canonical
            )
            if stands_in:
                G.add_edge(partner_node(p.canonical), node, key="ACTS_FOR")


def _evidence(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        k, _, words = part.partition(":")
        if k.strip():
            out[k.strip()] = words.strip()
    return out
