"""The graph of one or many plans (DESIGN §5)."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from cjgraph.contract import HISTORY_LABELS, LABELS, RELATIONSHIPS
from cjgraph.graph import graph_from_plans
from cjgraph.loaders.extract import extract_plan
from cjgraph.loading import load
from cjgraph.workbook import write_plan

from conftest import SEEDS


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load(SEEDS["midlothian"], SEEDS["north-lanarkshire"])


def test_labels_and_relationship_types(G: nx.MultiDiGraph) -> None:
    # every label but the 2023 strategy's priority actions, which 2016 plans do not have, and a
    # plan's history, which the seeds (plans as published) do not have
    assert {d["kind"] for _, d in G.nodes(data=True)} == set(LABELS) - {"PriorityAction", *HISTORY_LABELS}
    assert {k for _, _, k in G.edges(keys=True)} <= set(RELATIONSHIPS)
    kinds = Counter(d["kind"] for _, d in G.nodes(data=True))
    assert kinds["Action"] == 95 and kinds["Plan"] == 2 and kinds["Outcome"] == 7 and kinds["Need"] == 9


def test_plans_meet_at_shared_nodes(G: nx.MultiDiGraph) -> None:
    police = "partner:police-scotland"
    plans = {G.nodes[a]["plan"] for _, a, k in G.out_edges(police, keys=True) if k == "LEADS"}
    assert plans == {"midlothian-2017-2020", "north-lanarkshire-2017-2020"}
    delivering = {
        G.nodes[a]["plan"] for a, _, k in G.in_edges("outcome:opif-2016:access", keys=True) if k == "DELIVERS"
    }
    assert len(delivering) == 2
    # local bodies of the same name stay apart
    assert "partner:midlothian-2017-2020:criminal-justice-social-work" in G
    assert "partner:north-lanarkshire-2017-2020:criminal-justice-social-work" in G


def test_plan_scoped_nodes_carry_their_plan(G: nx.MultiDiGraph) -> None:
    for _, d in G.nodes(data=True):
        if d["kind"] in ("Action", "Indicator", "Plan"):
            assert d["plan"]
        if d["kind"] in ("Outcome", "Need", "Partnership"):
            assert d["plan"] == ""


def test_no_none_values(G: nx.MultiDiGraph) -> None:
    for _, d in G.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values()), d
    for _, _, d in G.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values()), d


def test_workbook_and_document_give_the_same_graph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan = extract_plan(SEEDS["midlothian"]).plan
    write_plan(plan, tmp_path / "m.xlsx")
    a = graph_from_plans([plan])
    b = load(tmp_path / "m.xlsx")
    assert nx.utils.edges_equal(list(a.edges(keys=True, data=True)), list(b.edges(keys=True, data=True)))
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))


def test_the_same_plan_twice_is_an_error() -> None:
    plan = extract_plan(SEEDS["midlothian"]).plan
    with pytest.raises(ValueError, match="given twice"):
        graph_from_plans([plan, plan])


def test_statutory_partners_attached(G: nx.MultiDiGraph) -> None:
    statutory = {
        G.nodes[u]["name"]
        for u, _, k, d in G.in_edges("plan:midlothian-2017-2020", keys=True, data=True)
        if k == "PARTNER_OF" and d["statutory"]
    }
    assert statutory == {
        "Midlothian Council",
        "NHS Lothian",
        "Midlothian Health and Social Care Partnership",
        "Police Scotland",
        "Scottish Fire and Rescue Service",
        "Skills Development Scotland",
        "Scottish Courts and Tribunals Service",
        "Scottish Prison Service",
        "Crown Office and Procurator Fiscal Service",
    }
