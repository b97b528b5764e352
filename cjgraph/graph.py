"""The accountability graph: plans as one networkx ``MultiDiGraph`` (DESIGN §5).

Node attribute ``kind`` is the Neo4j label; the edge key is the relationship type. National
outcomes, needs, national-scope partners and partnerships are shared nodes, so several
plans meet at them; plan-scoped nodes (``Plan``, ``Action``, ``Indicator``, local
``Partner``) carry ``plan``. Every attribute is a string, number or boolean (never None), so
the graph exports to GraphML and GEXF as it is.

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
area's partnership).

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
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.errors import GraphError
from cjgraph.framework import (
    DEFAULT_FRAMEWORK,
    is_quantitative,
    load_framework,
    load_needs,
    registry_entry,
    statutory_partners,
)
from cjgraph.model import Issue, Plan
from cjgraph.numbers import round_half_up

__all__ = [
    "LABELS",
    "PROPERTIES",
    "RELATIONSHIPS",
    "ENDS",
    "PlanGraph",
    "graph_from_plans",
    "load",
    "load_plan",
    "slug",
    "outcome_node",
    "outcome_nodes",
    "validate_graph",
    "action_id",
    "partner_id",
    "plans_in",
]

LABELS = ("Partnership", "Plan", "Outcome", "PriorityAction", "Need", "Partner", "Action", "Indicator")
FRAMEWORK_LABELS = ("PriorityAction",)  # only some frameworks have them (2023: the strategy's priority actions)
RELATIONSHIPS = (
    "LEADS",
    "CONTRIBUTES_TO",
    "DELIVERS",
    "MEASURED_BY",
    "ADDRESSES",
    "DEPENDS_ON",
    "ENABLES",
    "PART_OF",
    "OF",
    "PARTNER_OF",
    "ACTS_FOR",
    "ALIGNED_TO",
)
# the properties of each label besides ``id`` (so an engine with a schema declares them even for a
# label this graph has no node of: a plan without indicators can still be asked about them)
_TEXT = ("name", "plan")
PROPERTIES: dict[str, dict[str, type]] = {
    "Partnership": dict.fromkeys((*_TEXT, "area"), str),
    "Plan": dict.fromkeys((*_TEXT, "area", "framework", "partnership", "period_end", "period_start", "source"), str),
    "Outcome": {**dict.fromkeys((*_TEXT, "framework", "key", "type"), str), "measured_centrally": bool},
    "PriorityAction": {**dict.fromkeys((*_TEXT, "framework", "key", "aim"), str), "verified": bool},
    "Need": dict.fromkeys((*_TEXT, "key"), str),
    "Partner": dict.fromkeys((*_TEXT, "aliases", "partner_kind", "scope"), str),
    "Action": dict.fromkeys(
        (*_TEXT, "due", "notes", "outcome", "ref", "status", "status_date", "text", "timescale"), str
    ),
    "Indicator": {**dict.fromkeys((*_TEXT, "indicator_kind", "outcome"), str), "quantitative": bool},
}
# the labels each relationship type joins (so an engine with a schema can declare even an empty type)
ENDS: dict[str, tuple[tuple[str, str], ...]] = {
    "LEADS": (("Partner", "Action"),),
    "CONTRIBUTES_TO": (("Partner", "Action"),),
    "DELIVERS": (("Action", "Outcome"),),
    "MEASURED_BY": (("Outcome", "Indicator"), ("Action", "Indicator")),
    "ADDRESSES": (("Action", "Need"),),
    "DEPENDS_ON": (("Action", "Action"),),
    "ENABLES": (("Outcome", "Outcome"),),
    "PART_OF": (("Action", "Plan"), ("Indicator", "Plan")),
    "OF": (("Plan", "Partnership"),),
    "PARTNER_OF": (("Partner", "Plan"),),
    "ACTS_FOR": (("Partner", "Partner"),),
    "ALIGNED_TO": (("Outcome", "PriorityAction"),),
}


class PlanGraph(nx.MultiDiGraph):  # type: ignore[misc]
    """A ``MultiDiGraph`` of plans with a readable ``repr``."""

    def __repr__(self) -> str:
        plans = plans_in(self)
        counts: dict[str, int] = {label: 0 for label in LABELS}
        for _, kind in self.nodes(data="kind"):
            counts[kind] = counts.get(kind, 0) + 1
        shown = ", ".join(plans[:3]) + (", ..." if len(plans) > 3 else "")
        by_kind = ", ".join(f"{counts[k]} {k}" for k in sorted(counts) if counts[k] or k not in FRAMEWORK_LABELS)
        return f"<PlanGraph: {len(plans)} plan{'s' if len(plans) != 1 else ''} ({shown}); {by_kind}>"


def slug(text: str) -> str:
    """A lower-case, dash-separated id part: ``slug("Children & Families")`` is ``children-and-families``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", " and ").replace("'", "")).strip("-")


def action_id(plan: str, ref: str) -> str:
    """The node id of an action."""
    return f"action:{plan}:{ref}"


def partner_id(name: str, *, plan: str = "", scope: str = "local") -> str:
    """The node id of a partner: shared for national bodies, per plan for local ones."""
    return f"partner:{slug(name)}" if scope == "national" or not plan else f"partner:{plan}:{slug(name)}"


def plans_in(G: nx.MultiDiGraph) -> list[str]:
    """The ids of the plans in a graph, sorted."""
    return sorted(d["id"] for _, d in G.nodes(data=True) if d.get("kind") == "Plan")


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
        G.add_node(f"need:{need.key}", kind="Need", key=need.key, name=need.label, plan="")
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


_CHECKED = "cjgraph_contract_checked"  # set on a graph once it is known to keep the contract


def validate_graph(G: Any) -> None:
    """Check that ``G`` keeps the contract of a graph of plans, as cjgraph builds one: a networkx
    ``MultiDiGraph`` whose nodes have a ``kind`` among :data:`LABELS` and the properties of
    :data:`PROPERTIES`, whose edge keys are :data:`RELATIONSHIPS` joining the kinds of :data:`ENDS`,
    and whose plan-scoped nodes belong to a plan of the graph. Every problem is collected and one
    :class:`GraphError` lists them (in the manner of osmnx); a graph found sound is marked, so the
    check runs once where a graph enters the questions, the map and the Neo4j rows.

    Parameters
    ----------
    G : the graph to check (built by :func:`graph_from_plans`, by another tool, or by hand).

    Raises
    ------
    GraphError : naming each node or edge that breaks the contract (the first 20, and how many more).

    Examples
    --------
    >>> H = nx.MultiDiGraph()
    >>> H.add_node("plan:p", kind="Plan")
    >>> H.add_node("x", kind="Widget")
    >>> validate_graph(H)
    Traceback (most recent call last):
    ...
    cjgraph.errors.GraphError: the graph breaks the contract of a graph of plans in 2 places:
      node 'plan:p' (Plan) has no area, framework, name, partnership, period_end, period_start, plan, source
      node 'x' has kind 'Widget', not one of Partnership, Plan, Outcome, PriorityAction, Need, ...
    """
    if not isinstance(G, nx.MultiDiGraph):
        raise GraphError(
            f"a graph of plans is a networkx MultiDiGraph (cjgraph.load builds one); got {type(G).__name__}."
        )
    if G.graph.get(_CHECKED):
        return
    problems: list[str] = []
    plans = {d.get("plan") for _, d in G.nodes(data=True) if d.get("kind") == "Plan"}
    for n, d in G.nodes(data=True):
        kind = d.get("kind")
        if kind not in PROPERTIES:
            problems.append(f"node {n!r} has kind {kind!r}, not one of {', '.join(LABELS)}")
            continue
        missing = sorted(p for p in PROPERTIES[kind] if p not in d)
        if missing:
            problems.append(f"node {n!r} ({kind}) has no {', '.join(missing)}")
        elif kind in ("Action", "Indicator") and d["plan"] not in plans:
            problems.append(f"node {n!r} ({kind}) belongs to plan {d['plan']!r}, which the graph does not hold")
    for u, v, k in G.edges(keys=True):
        if k not in ENDS:
            problems.append(f"edge {u!r} -> {v!r} has type {k!r}, not one of {', '.join(RELATIONSHIPS)}")
            continue
        pair = (G.nodes[u].get("kind"), G.nodes[v].get("kind"))
        if pair not in ENDS[k]:
            allowed = " or ".join(f"{a} to {b}" for a, b in ENDS[k])
            problems.append(f"edge {u!r} -[{k}]-> {v!r} joins {pair[0]} to {pair[1]}; {k} joins {allowed}")
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise GraphError(
            f"the graph breaks the contract of a graph of plans in {len(problems)} places:\n  {shown}{more}"
        )
    G.graph[_CHECKED] = True


def outcome_node(framework: str, key: str) -> str:
    """The node id of an outcome: scoped by its framework, so that two frameworks' outcomes never
    meet in one graph (``outcome:opif-2016:access``)."""
    return f"outcome:{framework}:{key}"


def outcome_nodes(G: nx.MultiDiGraph, key: str, framework: str | None = None) -> list[str]:
    """The outcome nodes with this key (of ``framework`` only, when given)."""
    return sorted(
        n
        for n, d in G.nodes(data=True)
        if d.get("kind") == "Outcome" and d.get("key") == key and (framework is None or d.get("framework") == framework)
    )


def _add_framework(G: PlanGraph, framework_id: str) -> None:
    fw = load_framework(framework_id)
    for o in fw.outcomes:
        G.add_node(
            outcome_node(fw.id, o.key),
            kind="Outcome",
            key=o.key,
            name=o.title,
            type=o.type,
            framework=fw.id,
            measured_centrally=fw.indicators_sourced_centrally,
            plan="",
        )
    for a, b in fw.enables:
        G.add_edge(outcome_node(fw.id, a), outcome_node(fw.id, b), key="ENABLES")
    for p in fw.priority_actions:  # the strategy's priority actions the outcomes are aligned to
        node = f"priority:{fw.id}:{p.key}"
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
            G.add_edge(outcome_node(fw.id, o.key), f"priority:{fw.id}:{k}", key="ALIGNED_TO")


def _add_plan(G: PlanGraph, plan: Plan) -> None:
    info = plan.info
    pid = info.id
    framework = info.framework or DEFAULT_FRAMEWORK
    plan_node = f"plan:{pid}"
    area = info.partnership
    G.add_node(
        plan_node,
        kind="Plan",
        id=pid,
        name=info.title or pid,
        plan=pid,
        partnership=area,
        area=area,
        period_start=info.period_start,
        period_end=info.period_end,
        framework=framework,
        source=info.source,
    )
    if area:
        ship = f"partnership:{slug(area)}"
        G.add_node(ship, kind="Partnership", name=area, area=area, plan="")
        G.add_edge(plan_node, ship, key="OF")
    partners = {p.canonical: p for p in plan.partners}

    def partner_node(name: str) -> str:
        p = partners.get(name)
        body = registry_entry(name)
        scope = p.scope if p else (body.scope if body else "local")
        kind = p.kind if p else (body.kind if body else "")
        node = partner_id(name, plan=pid, scope=scope)
        if node not in G:
            G.add_node(
                node,
                kind="Partner",
                name=name,
                partner_kind=kind,
                scope=scope,
                plan="" if scope == "national" else pid,
                aliases=" | ".join(p.aliases) if p else "",
            )
        if not G.has_edge(node, plan_node, "PARTNER_OF"):
            G.add_edge(node, plan_node, key="PARTNER_OF", statutory=False, category="")
        return node

    for name in partners:
        partner_node(name)
    _add_statutory(G, plan, partner_node)

    indicator_nodes: dict[tuple[str, str], str] = {}
    for n, ind in enumerate(plan.indicators, start=1):
        node = f"indicator:{pid}:{n}"
        indicator_nodes[(ind.outcome, _fold(ind.indicator))] = node
        G.add_node(
            node,
            kind="Indicator",
            plan=pid,
            outcome=ind.outcome,
            indicator_kind=ind.kind,
            name=ind.indicator,
            quantitative=is_quantitative(ind.indicator),
        )
        G.add_edge(node, plan_node, key="PART_OF")
        if outcome_node(framework, ind.outcome) in G:
            G.add_edge(outcome_node(framework, ind.outcome), node, key="MEASURED_BY")

    need_keys = {n.key for n in load_needs()}
    for a in plan.actions:
        node = action_id(pid, a.ref)
        G.add_node(
            node,
            kind="Action",
            plan=pid,
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
        G.add_edge(node, plan_node, key="PART_OF")
        if outcome_node(framework, a.outcome) in G:
            G.add_edge(
                node, outcome_node(framework, a.outcome), key="DELIVERS", local_code=re.sub(r"\.\d+$", "", a.ref)
            )
        for lead in a.leads:
            G.add_edge(partner_node(lead), node, key="LEADS", share=round_half_up(1 / len(a.leads), 6))
        for c in a.contributors:
            G.add_edge(partner_node(c), node, key="CONTRIBUTES_TO")
        evidence = _evidence(a.needs_evidence)
        for need in a.needs:
            if need in need_keys:
                G.add_edge(node, f"need:{need}", key="ADDRESSES", evidence=evidence.get(need, ""))
    for a in plan.actions:
        for dep in a.depends_on:
            if action_id(pid, dep) in G:
                G.add_edge(action_id(pid, a.ref), action_id(pid, dep), key="DEPENDS_ON")
    for link in plan.indicator_links:
        target = indicator_nodes.get((link.outcome, _fold(link.indicator)))
        if target is None:
            continue
        for ref in link.linked_actions:
            if action_id(pid, ref) in G:
                G.add_edge(action_id(pid, ref), target, key="MEASURED_BY")


def _add_statutory(G: PlanGraph, plan: Plan, partner_node: Any) -> None:
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
        G.add_edge(node, f"plan:{pid}", key="PARTNER_OF", statutory=True, category=category.category)
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


def _fold(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9%]+", text.lower()))


def load_plan(
    source: str | Path, *, strict: bool = False, notify: Callable[[Path, list[Issue]], None] | None = None
) -> Plan:
    """A plan from a document (extracted on the fly) or a workbook (folder of CSVs or ``.xlsx``).

    A workbook is checked as ``cjgraph validate`` checks it and read as ``extract`` reads names
    and statuses (:func:`cjgraph.validate.load_checked`): its errors (and, with ``strict``, its
    warnings) raise :class:`PlanFormatError` listing each; ``notify`` is given its warnings and
    notes to show once."""
    path = Path(source)
    if path.is_dir() or path.suffix.lower() == ".xlsx":
        from cjgraph.validate import load_checked

        plan, said = load_checked(path, strict=strict)
        if notify is not None and said:
            notify(path, said)
        return plan
    from cjgraph.loaders.extract import extract_plan

    return extract_plan(path).plan


def load(
    *sources: str | Path, strict: bool = False, notify: Callable[[Path, list[Issue]], None] | None = None
) -> PlanGraph:
    """The graph of plans given as documents or workbooks (each read by :func:`load_plan`).

    Parameters
    ----------
    sources : plan documents (.txt, .docx, .pdf: extracted on the fly) or workbooks (a folder of
        CSVs or an .xlsx, checked and settled as ``cjgraph validate`` does).
    strict : a workbook's warnings stop the loading as its errors do.
    notify : called with a workbook's path and its warnings and notes, to show them once.

    Returns
    -------
    PlanGraph

    Raises
    ------
    PlanFormatError : a workbook with errors (each listed with sheet and row).
    DocumentError : a document that cannot be read or holds no plan.
    GraphError : the same plan given twice.

    Examples
    --------
    >>> from cjgraph.examples import example_path
    >>> load(example_path("midlothian-2017-2020"), example_path("north-lanarkshire-2017-2020"))
    <PlanGraph: 2 plans (midlothian-2017-2020, north-lanarkshire-2017-2020); 95 Action, 110 Indicator, ...>
    """
    return graph_from_plans(load_plan(s, strict=strict, notify=notify) for s in sources)
