"""The contract of a graph of plans (DESIGN §5): its labels, relationship types, properties and
ends, the id of every kind of node, and :func:`validate_graph`, which checks a graph keeps them.

This is the ground floor every other module stands on: the builder (:mod:`cjgraph.graph`), the
questions, the map, both Cypher engines and Neo4j's rows read their names from here, and no id
is put together anywhere else.

Node ids (one style, ``<kind>:<scope>:<key>``):

>>> plan_id("fife-2019-2022"), action_id("fife-2019-2022", "A1"), update_id("fife-2019-2022", "A1", 2)
('plan:fife-2019-2022', 'action:fife-2019-2022:A1', 'update:fife-2019-2022:A1:2')
>>> measurement_id("fife-2019-2022", 3, "2023-24 Q2"), assessment_id("fife-2019-2022", "access", "2023-24")
('measurement:fife-2019-2022:3:2023-24-q2', 'assessment:fife-2019-2022:access:2023-24')
>>> partner_id("NHS Fife", plan="fife-2019-2022"), partner_id("Police Scotland", scope="national")
('partner:fife-2019-2022:nhs-fife', 'partner:police-scotland')
>>> outcome_id("opif-2016", "access"), need_id("health"), partnership_id("Perth & Kinross")
('outcome:opif-2016:access', 'need:health', 'partnership:perth-and-kinross')
"""

from __future__ import annotations

from dataclasses import Field, field
from typing import Any

import networkx as nx

from cjgraph.errors import GraphError
from cjgraph.names import slug

__all__ = [
    "LABELS",
    "FRAMEWORK_LABELS",
    "PROPERTIES",
    "REL_PROPERTIES",
    "KEYS",
    "RELATIONSHIPS",
    "ENDS",
    "validate_graph",
    "plans_in",
    "plan_id",
    "partnership_id",
    "cypher_id",
    "graph_id",
    "outcome_id",
    "outcome_ids",
    "priority_id",
    "need_id",
    "partner_id",
    "action_id",
    "indicator_id",
    "update_id",
    "measurement_id",
    "assessment_id",
    "HISTORY_LABELS",
    "node_field",
    "is_node_field",
]

# a plan's history: its progress reports on actions, its indicators' values, its self-assessments
HISTORY_LABELS = ("Update", "Measurement", "Assessment")
LABELS = ("Partnership", "Plan", "Outcome", "PriorityAction", "Need", "Partner", "Action", "Indicator", *HISTORY_LABELS)
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
    "UPDATED",
    "VALUE",
    "ASSESSED",
)
# the properties of each label besides ``id`` (so an engine with a schema declares them even for a
# label this graph has no node of: a plan without indicators can still be asked about them)
_TEXT = ("name", "plan")
PROPERTIES: dict[str, dict[str, type]] = {
    "Partnership": dict.fromkeys((*_TEXT, "area"), str),
    "Plan": dict.fromkeys(
        (*_TEXT, "area", "framework", "partnership", "period_end", "period_start", "source", "history_note"), str
    ),
    "Outcome": {**dict.fromkeys((*_TEXT, "framework", "key", "type"), str), "measured_centrally": bool},
    "PriorityAction": {**dict.fromkeys((*_TEXT, "framework", "key", "aim"), str), "verified": bool},
    "Need": dict.fromkeys((*_TEXT, "key"), str),
    "Partner": dict.fromkeys((*_TEXT, "aliases", "partner_kind", "scope"), str),
    "Action": dict.fromkeys(
        (*_TEXT, "due", "notes", "outcome", "ref", "status", "status_date", "text", "timescale"), str
    ),
    "Indicator": {**dict.fromkeys((*_TEXT, "better", "indicator_kind", "outcome"), str), "quantitative": bool},
    "Update": {
        **dict.fromkeys((*_TEXT, "ref", "date", "status", "revised_due", "reason", "note", "reported_by"), str),
        "number": int,  # the action's reports numbered 1, 2, … in date order
        "quarter": str,  # the quarter of the reporting year it falls in ("2018-19 Q2")
        "quarter_end": str,  # that quarter's last day
        "row": int,  # its row on the progress sheet of the plan's workbook (the row a figure traces to)
    },
    "Measurement": {
        **dict.fromkeys((*_TEXT, "period", "span", "unit", "source", "note"), str),
        "value": float,
        "row": int,  # on the indicator_values sheet
    },
    "Assessment": {
        **dict.fromkeys((*_TEXT, "outcome", "year", "scale", "evidence"), str),
        "score": float,
        "row": int,  # on the self_assessment sheet
    },
}
# the properties that tell the nodes of a label apart, besides ``id`` (unique on every label): a
# partner's name is unique only within its plan, so a count by name alone merges two plans' partners
KEYS: dict[str, tuple[str, ...]] = {
    "Partnership": ("name",),
    "Outcome": ("framework", "key"),
    "PriorityAction": ("framework", "key"),
    "Need": ("key",),
    "Partner": ("plan", "name"),
    "Action": ("plan", "ref"),
    "Update": ("plan", "ref", "number"),
    "Assessment": ("plan", "outcome", "year"),
}
# the properties every relationship of a type has (so an engine with a schema declares them, and a
# graph read back from one has each, '' where the engine held null)
REL_PROPERTIES: dict[str, dict[str, type]] = {
    "LEADS": {"share": float},
    "DELIVERS": {"local_code": str},
    "ADDRESSES": {"evidence": str},
    "PARTNER_OF": {"statutory": bool, "category": str},
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
    "PART_OF": (("Action", "Plan"), ("Indicator", "Plan"), ("Assessment", "Plan")),
    "OF": (("Plan", "Partnership"),),
    "PARTNER_OF": (("Partner", "Plan"),),
    "ACTS_FOR": (("Partner", "Partner"),),
    "ALIGNED_TO": (("Outcome", "PriorityAction"),),
    "UPDATED": (("Action", "Update"),),
    "VALUE": (("Indicator", "Measurement"),),
    "ASSESSED": (("Outcome", "Assessment"),),
}


def plan_id(plan: str) -> str:
    """The node id of a plan."""
    return f"plan:{plan}"


def cypher_id(node: str, data: dict[str, Any]) -> str:
    """The ``id`` a node has on a Cypher engine: its node id, but for a plan its key, the
    ``plan`` every node of the plan carries (so ``WHERE a.plan = pl.id`` joins as it reads).

    >>> cypher_id("plan:fife-2019-2022", {"kind": "Plan", "id": "fife-2019-2022"})
    'fife-2019-2022'
    """
    return str(data["id"]) if data.get("kind") == "Plan" else node


def graph_id(label: str, cypher: str) -> str:
    """The node id of a node of ``label`` whose ``id`` on a Cypher engine is ``cypher`` (the
    inverse of :func:`cypher_id`)."""
    return plan_id(cypher) if label == "Plan" else cypher


def partnership_id(area: str) -> str:
    """The node id of the partnership of an area (shared by the area's plans)."""
    return f"partnership:{slug(area)}"


def outcome_id(framework: str, key: str) -> str:
    """The node id of an outcome: scoped by its framework, so that two frameworks' outcomes never
    meet in one graph (``outcome:opif-2016:access``)."""
    return f"outcome:{framework}:{key}"


def priority_id(framework: str, key: str) -> str:
    """The node id of one of a framework's priority actions (the 2023 strategy's)."""
    return f"priority:{framework}:{key}"


def need_id(key: str) -> str:
    """The node id of a criminogenic need (shared by every plan)."""
    return f"need:{key}"


def partner_id(name: str, *, plan: str = "", scope: str = "local") -> str:
    """The node id of a partner: shared for national bodies, per plan for local ones."""
    return f"partner:{slug(name)}" if scope == "national" or not plan else f"partner:{plan}:{slug(name)}"


def action_id(plan: str, ref: str) -> str:
    """The node id of an action."""
    return f"action:{plan}:{ref}"


def indicator_id(plan: str, number: int) -> str:
    """The node id of a plan's indicator (numbered in the plan's order)."""
    return f"indicator:{plan}:{number}"


def update_id(plan: str, ref: str, number: int) -> str:
    """The node id of a progress report on an action (numbered in date order, from 1)."""
    return f"update:{plan}:{ref}:{number}"


def measurement_id(plan: str, indicator: int, period: str) -> str:
    """The node id of an indicator's value for a period (the indicator numbered as in
    :func:`indicator_id`)."""
    return f"measurement:{plan}:{indicator}:{slug(period)}"


def assessment_id(plan: str, outcome: str, year: str) -> str:
    """The node id of a plan's self-assessment of an outcome for a reporting year."""
    return f"assessment:{plan}:{outcome}:{year}"


def node_field(default: Any = "") -> Any:
    """The field of a question's record that holds the id of the node it is about (or, as a tuple,
    the nodes of a chain or link): the map and the board pack draw from ``G.nodes[record.node]``
    and never look a name up again. Machine formats (CSV, JSON, a DataFrame) carry it; a table or
    sheet for people leaves it out.

    >>> from dataclasses import dataclass, fields
    >>> @dataclass(frozen=True)
    ... class Led:
    ...     partner: str
    ...     node: str = node_field()
    >>> [f.name for f in fields(Led) if is_node_field(f)]
    ['node']
    """
    return field(default=default, repr=False, metadata={_NODE_ID: True})


def is_node_field(f: Field[Any]) -> bool:
    """Whether a record's field is its :func:`node_field`."""
    return bool(f.metadata.get(_NODE_ID))


_NODE_ID = "cjgraph-node-id"


def plans_in(G: nx.MultiDiGraph) -> list[str]:
    """The ids of the plans in a graph, sorted."""
    return sorted(d["id"] for _, d in G.nodes(data=True) if d.get("kind") == "Plan")


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
      node 'plan:p' (Plan) has no area, framework, history_note, name, partnership, period_end, period_start, ...
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
        elif kind in ("Action", "Indicator", *HISTORY_LABELS) and d["plan"] not in plans:
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


def outcome_ids(G: nx.MultiDiGraph, key: str, framework: str | None = None) -> list[str]:
    """The outcome nodes with this key (of ``framework`` only, when given)."""
    return sorted(
        n
        for n, d in G.nodes(data=True)
        if d.get("kind") == "Outcome" and d.get("key") == key and (framework is None or d.get("framework") == framework)
    )
