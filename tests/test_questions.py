"""The questions on the two seeds, checked against the hand-checked answer keys."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date

import networkx as nx
import pytest

from cjgraph.loading import load
from cjgraph.output import to_frame
from cjgraph.queries import (
    ALL_PLANS,
    chains,
    compare_plans,
    find_gaps,
    impact,
    lead_load,
    partner_network,
    single_points_of_failure,
    timeline,
)

from conftest import GOLD, SEEDS

PLANS = {"midlothian": "midlothian-2017-2020", "north-lanarkshire": "north-lanarkshire-2017-2020"}


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load(SEEDS["midlothian"], SEEDS["north-lanarkshire"])


def _aliases() -> dict[str, str]:
    out = {}
    with (GOLD / "partners.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            for name in [r["canonical"], *r["aliases"].split(" | ")]:
                out[name.strip().lower()] = r["canonical"]
    return out


def _gold_lead_load(name: str) -> dict[str, tuple[int, int, float]]:
    aliases = _aliases()
    led: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    with (GOLD / name / "actions.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            leads = [aliases.get(x.strip().lower(), x.strip()) for x in r["leads"].split("|") if x.strip()]
            for p in leads:
                led[p][0] += 1
                led[p][1] += len(leads) == 1
                led[p][2] += 1 / len(leads)
    return {p: (int(v[0]), int(v[1]), round(v[2], 2)) for p, v in led.items()}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_lead_load_equals_the_answer_key(G: nx.MultiDiGraph, name: str) -> None:
    aliases = _aliases()
    ours = {
        aliases.get(r.partner.lower(), r.partner): (r.led, r.sole, r.weighted)
        for r in lead_load(G, plan=PLANS[name])
        if r.led
    }
    assert ours == _gold_lead_load(name)


def test_lead_load_figures_of_the_issue(G: nx.MultiDiGraph) -> None:
    rows = {(r.plan, r.partner): r for r in lead_load(G)}
    co = rows[("north-lanarkshire-2017-2020", "Community Justice Co-ordinator")]
    assert (co.led, co.sole, co.weighted) == (17, 9, 12.83)
    cjsw = rows[("midlothian-2017-2020", "Criminal Justice Social Work")]
    assert (cjsw.led, cjsw.sole, cjsw.weighted) == (10, 8, 8.83)
    sps = rows[(ALL_PLANS, "Scottish Prison Service")]
    assert (
        sps.led
        == rows[("midlothian-2017-2020", "Scottish Prison Service")].led
        + rows[("north-lanarkshire-2017-2020", "Scottish Prison Service")].led
    )
    scts = rows[("midlothian-2017-2020", "Scottish Courts and Tribunals Service")]
    assert scts.led == 0  # statutory partners leading nothing are listed too


def test_gaps_of_the_issue(G: nx.MultiDiGraph) -> None:
    gaps = find_gaps(G)
    by = defaultdict(list)
    for g in gaps:
        by[(g.plan[:4], g.reason)].append(g)
    for plan in ("midl", "nort"):
        leads_nothing = {g.subject for g in by[(plan, "statutory-partner-leads-nothing")]}
        assert {"Scottish Courts and Tribunals Service", "Crown Office and Procurator Fiscal Service"} <= leads_nothing
    assert [g.subject for g in by[("nort", "action-without-indicator")]] == ["SO1.8", "SO3.7"]
    assert len(by[("midl", "action-without-indicator")]) == 48
    collective = {g.subject: g.refs for g in by[("nort", "collective-lead")]}
    assert set(collective["All Partners"]) == {"SO2.3", "SO2.4", "SO4.4", "PCO2.1", "PCO3.1", "PCO3.2"}
    assert collective["All North Lanarkshire Community Justice Partnership organisations"] == ("SO1.8",)
    assert {g.subject: g.refs for g in by[("midl", "collective-lead")]} == {"All Strategic Partners": ("SO2.9",)}
    qualitative = {g.subject for g in by[("nort", "outcome-only-qualitative")]}
    assert {"life-chances", "relationships", "resilience"} <= qualitative
    for g in by[("nort", "need-unaddressed")]:
        assert g.evidence.startswith("no action text mentions any of: ")
    assert {g.subject for g in by[("nort", "action-without-date")]} == {
        "SO1.5",
        "SO1.8",
        "SO2.2",
        "SO2.5",
        "SO2.9",
        "SO4.1",
        "SO4.4",
        "PCO3.1",
        "PCO3.2",
    }


def test_gap_reason_filter_and_unknown_reason(G: nx.MultiDiGraph) -> None:
    assert {g.reason for g in find_gaps(G, reasons=["collective-lead"])} == {"collective-lead"}
    with pytest.raises(ValueError, match="unknown gap reason"):
        find_gaps(G, reasons=["nonsense"])


def test_timeline_as_of(G: nx.MultiDiGraph) -> None:
    items = timeline(G, as_of=date(2018, 4, 1))
    overdue = defaultdict(int)
    for i in items:
        overdue[i.plan] += i.overdue
    assert overdue == {"midlothian-2017-2020": 20, "north-lanarkshire-2017-2020": 18}
    assert len([i for i in items if i.plan.startswith("north") and i.vague]) == 9


def test_status_overlay(G: nx.MultiDiGraph) -> None:
    H = G.copy()
    H.nodes["action:midlothian-2017-2020:SO1.1"]["status"] = "complete"
    items = {(i.plan, i.ref): i for i in timeline(H, as_of=date(2018, 4, 1))}
    assert not items[("midlothian-2017-2020", "SO1.1")].overdue
    assert items[("midlothian-2017-2020", "SO1.1")].status == "complete"


def test_impact_of_the_coordinator(G: nx.MultiDiGraph) -> None:
    items = impact(G, "Community Justice Co-ordinator", plan="north-lanarkshire-2017-2020")
    alone = sorted(i.subject for i in items if i.effect == "action-left-without-lead")
    assert alone == sorted(["SO1.7", "SO2.1", "SO2.2", "SO2.6", "SO2.8", "SO2.10", "SO2.11", "SO2.12", "SO4.3"])


def test_single_points_of_failure(G: nx.MultiDiGraph) -> None:
    spof = {(s.plan[:4], s.partner): s for s in single_points_of_failure(G)}
    # "All Partners" alone leads North Lanarkshire's resilience actions, but a collective cannot
    # withdraw: that is the collective-lead gap (no accountable owner), not a single point of failure
    assert ("nort", "All Partners") not in spof and spof
    lone = {g.subject for g in find_gaps(G, plan="north-lanarkshire-2017-2020", reasons=["collective-lead"])}
    assert "All Partners" in lone


def test_chains_through_a_need(G: nx.MultiDiGraph) -> None:
    cs = chains(G, "need:housing", plan="midlothian-2017-2020")
    assert cs and all(c.target == "housing" and c.target_kind == "Need" for c in cs)
    assert ("SO2.3", "Scottish Prison Service") in {(c.ref, c.partner) for c in cs}


def test_network_and_compare(G: nx.MultiDiGraph) -> None:
    net = {(r.plan[:4], r.partner): r for r in partner_network(G)}
    assert net[("nort", "North Lanarkshire Community Justice Partnership")].degree == 21
    assert all(0.0 <= r.betweenness <= 1.0 for r in net.values())
    rows = {(c.outcome, c.plan[:4]): c for c in compare_plans(G)}
    assert rows[("communities", "midl")].actions == 5 and rows[("communities", "nort")].actions == 8


def test_records_to_frame(G: nx.MultiDiGraph) -> None:
    frame = to_frame(lead_load(G))
    assert list(frame.columns)[:3] == ["plan", "partner", "partner_kind"]
    assert len(frame) == len(lead_load(G))


def test_each_gap_reason_has_one_check_and_only_asked_checks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reason code is found by exactly one check, and ``--reason`` works out only its own."""
    from cjgraph.examples import tiny_graph
    from cjgraph.queries import gaps

    made = [r for reasons, _ in gaps._CHECKS for r in reasons]
    assert sorted(made) == sorted(gaps.REASONS) and len(made) == len(set(made))
    ran: list[str] = []
    checks = tuple(
        (reasons, lambda f, c=check, r=reasons: (ran.append(r[0]), c(f))[1]) for reasons, check in gaps._CHECKS
    )
    monkeypatch.setattr(gaps, "_CHECKS", checks)
    G = tiny_graph()
    found = gaps.find_gaps(G, reasons=["need-unaddressed"])
    assert ran == ["need-unaddressed"] and {g.reason for g in found} <= {"need-unaddressed"}


def _node_values(record: object) -> list[str]:
    from dataclasses import fields

    from cjgraph.contract import is_node_field

    out: list[str] = []
    for f in fields(record):  # type: ignore[arg-type]
        if is_node_field(f):
            value = getattr(record, f.name)
            out += [v for v in value if v] if isinstance(value, tuple) else [value]
    return out


def test_every_record_carries_the_nodes_it_is_about() -> None:
    """Each question's records name the graph's nodes they are about (the map and the pack draw
    from G.nodes[record.node]); the names they print are those nodes' names."""
    from cjgraph.examples import example_path
    from cjgraph.queries import (
        as_of_dates,
        chains,
        compare_plans,
        find_gaps,
        impact,
        lead_concentration,
        lead_load,
        partner_links,
        partner_network,
        single_points_of_failure,
        timeline,
    )

    G = load(example_path("midlothian-2017-2020"), example_path("north-lanarkshire-2017-2020"))
    answers = {
        "lead_load": lead_load(G),
        "lead_concentration": lead_concentration(G),
        "find_gaps": find_gaps(G),
        "chains": chains(G),
        "impact": impact(G, "Police Scotland"),
        "single_points_of_failure": single_points_of_failure(G),
        "timeline": timeline(G),
        "as_of_dates": as_of_dates(G),
        "partner_network": partner_network(G),
        "partner_links": partner_links(G),
        "compare_plans": compare_plans(G),
    }
    for name, records in answers.items():
        assert records, name  # never a check of nothing
        for r in records:
            nodes = _node_values(r)
            assert nodes and all(n in G for n in nodes), (name, r)
    assert all(G.nodes[r.node]["name"] == r.partner for r in answers["lead_load"])
    assert all(G.nodes[r.node]["ref"] == r.ref for r in answers["timeline"])
    for g in answers["find_gaps"]:
        d = G.nodes[g.node]
        assert g.subject in (d.get("key"), d.get("ref"), d.get("name")), g
    for c in answers["chains"]:
        partner, action = c.nodes[:2]
        assert G.nodes[action]["ref"] == c.ref and (not partner or G.nodes[partner]["name"] == c.partner)


def test_a_plan_naming_no_period_is_judged_today_and_says_why() -> None:
    """A national plan (the delivery plan names no period) is judged at today, and the pack says
    the plan names no period, not that its period runs."""
    from dataclasses import replace

    from cjgraph.examples import tiny_plan
    from cjgraph.graph import graph_from_plans
    from cjgraph.queries import as_of_dates

    plan = tiny_plan()
    national = replace(plan, info=replace(plan.info, partnership="", period_start="", period_end=""))
    (when,) = as_of_dates(graph_from_plans([national]))
    assert (when.as_of, when.why) == (date.today().isoformat(), "no period")
