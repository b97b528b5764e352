"""The Cypher query library on the embedded engine gives the networkx answers (parity)."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from cjgraph.cypher_engine import EmbeddedCypher, list_queries, load_query
from cjgraph.graph import graph_from_plans, load
from cjgraph.model import Action, Partner, Plan, PlanInfo
from cjgraph.queries import ALL_PLANS, find_gaps, impact, lead_load, timeline

from conftest import SEEDS


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load(SEEDS["midlothian"], SEEDS["north-lanarkshire"])


@pytest.fixture(scope="module")
def engine(G: nx.MultiDiGraph) -> EmbeddedCypher:
    return EmbeddedCypher(G)


def _run(engine: EmbeddedCypher, name: str, **params: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in engine.run(load_query(name).embedded_text, {"plan": "", **params}).rows]


def test_every_query_says_what_it_answers() -> None:
    queries = list_queries()
    assert len(queries) >= 6
    for q in queries:
        assert q.description and q.params.startswith("$plan"), q.name
        assert q.text.lstrip().startswith(f"// {q.name}:")


@pytest.mark.parametrize("plan", ["", "midlothian-2017-2020", "north-lanarkshire-2017-2020"])
def test_lead_load_parity(G: nx.MultiDiGraph, engine: EmbeddedCypher, plan: str) -> None:
    ours = _run(engine, "lead_load", plan=plan)
    expected = [
        (r.plan, r.partner, r.led, r.sole, r.weighted)
        for r in lead_load(G, plan=plan or None)
        if r.led and r.plan != ALL_PLANS
    ]
    assert sorted(ours) == sorted(expected)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("action_without_indicator", "action-without-indicator"),
        ("action_without_date", "action-without-date"),
        ("statutory_partner_leads_nothing", "statutory-partner-leads-nothing"),
        ("action_without_lead", "action-without-lead"),
        ("need_unaddressed", "need-unaddressed"),
        ("outcome_without_action", "outcome-without-action"),
        ("outcome_unmeasured", "outcome-unmeasured"),
        ("indicator_without_action", "indicator-without-action"),
        ("collective_lead", "collective-lead"),
    ],
)
def test_gap_parity(G: nx.MultiDiGraph, engine: EmbeddedCypher, name: str, reason: str) -> None:
    rows = _run(engine, name)
    ours = [(r[0], r[1], r[2]) for r in rows]
    expected = [(g.plan, g.reason, g.subject) for g in find_gaps(G, reasons=[reason])]
    assert sorted(ours) == sorted(expected)
    if reason == "collective-lead":  # and the refs each collective leads
        assert {(r[0], r[2]): sorted(r[3]) for r in rows} == {
            (g.plan, g.subject): sorted(g.refs) for g in find_gaps(G, reasons=[reason])
        }


def test_overdue_parity(G: nx.MultiDiGraph, engine: EmbeddedCypher) -> None:
    ours = _run(engine, "overdue", as_of="2018-04-01")
    expected = [(i.plan, i.ref, i.due) for i in timeline(G, as_of=date(2018, 4, 1)) if i.overdue]
    assert sorted(ours) == sorted(expected) and len(ours) == 38


@pytest.mark.parametrize("partner", ["Community Justice Co-ordinator", "Scottish Prison Service", "All Partners"])
def test_impact_parity(G: nx.MultiDiGraph, engine: EmbeddedCypher, partner: str) -> None:
    ours = [(r[0], r[1], r[3]) for r in _run(engine, "impact", partner=partner)]
    expected = [(i.plan, i.partner, i.subject) for i in impact(G, partner) if i.effect == "action-left-without-lead"]
    assert sorted(ours) == sorted(expected) and ours


def test_hostile_values_come_back_unchanged() -> None:
    names = ['O\'Brien "Trust"', "`tick` {brace} $money", "line\nbreak", "Comhairle nan Eilean Siar — café"]
    plan = Plan(
        PlanInfo(id="odd-2020-2023", partnership="Fife"),
        actions=tuple(Action(f"A{i}", "access", f"Text {n}", leads=(n,)) for i, n in enumerate(names, 1)),
        partners=tuple(Partner(n) for n in names),
    )
    engine = EmbeddedCypher(graph_from_plans([plan]))
    got = engine.run("MATCH (p:Partner)-[:LEADS]->(a:Action) RETURN p.name, a.text ORDER BY a.ref").rows
    assert got == [[n, f"Text {n}"] for n in names]
    found = engine.run("MATCH (p:Partner {name: $name}) RETURN count(p)", {"name": names[1]}).rows
    assert found == [[1]]


def test_errors_are_one_sentence(engine: EmbeddedCypher) -> None:
    with pytest.raises(ValueError, match=r"needs parameter \$as_of"):
        engine.run(load_query("overdue").text, {"plan": ""})
    with pytest.raises(ValueError, match="could not run the query"):
        engine.run("MATCH (n:Nothing) RETURN n")
    with pytest.raises(Exception, match="no query 'nope'"):
        load_query("nope")


GAP_QUERIES = [
    "action_without_indicator",
    "action_without_date",
    "statutory_partner_leads_nothing",
    "action_without_lead",
    "need_unaddressed",
    "outcome_without_action",
    "outcome_unmeasured",
    "indicator_without_action",
    "collective_lead",
]


def test_gap_parity_where_every_gap_occurs() -> None:
    from cjgraph.model import Indicator
    from cjgraph.synthetic import synthetic_plans

    gappy = Plan(
        PlanInfo(id="gappy-2020-2023", partnership="Angus"),
        actions=(
            Action("G1", "access", "Find a home for everyone leaving custody.", leads=(), needs=("housing",)),
            Action("G2", "access", "Talk to people.", leads=("All Partners",), timescale="Ongoing"),
        ),
        indicators=(Indicator("access", "local", "Number of people housed"),),
        partners=(Partner("All Partners", kind="collective"),),
    )
    H = graph_from_plans([*synthetic_plans(3, seed=11), gappy])
    engine = EmbeddedCypher(H)
    found = set()
    for name in GAP_QUERIES:
        rows = engine.run(load_query(name).embedded_text, {"plan": ""}).rows
        reason = name.replace("_", "-")
        expected = sorted((g.plan, g.reason, g.subject) for g in find_gaps(H, reasons=[reason]))
        assert sorted((r[0], r[1], r[2]) for r in rows) == expected, name
        if any(p == "gappy-2020-2023" for p, _, _ in expected):
            found.add(reason)
    assert found >= {
        "action-without-lead",
        "action-without-date",
        "need-unaddressed",
        "outcome-without-action",
        "outcome-unmeasured",
        "indicator-without-action",
        "collective-lead",
        "action-without-indicator",
    }
