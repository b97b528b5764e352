"""A graph made by hand or by another tool that breaks the contract of a graph of plans is refused
with one GraphError listing every problem, wherever it enters: never a KeyError (issue 12)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from cjgraph.contract import validate_graph
from cjgraph.cypher.rows import rows_for_neo4j
from cjgraph.errors import GraphError, MissingDependencyError
from cjgraph.loading import load
from cjgraph.queries import (
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
from cjgraph.visualisations.maps import map_graph

from conftest import SEEDS


def _broken() -> nx.MultiDiGraph:
    """A plan graph as a hand might write one: a plan without its properties, an action of a plan
    that is not there, a partner without a name, an edge of an unknown type and one joining the
    wrong kinds."""
    G = nx.MultiDiGraph()
    G.add_node("plan:p", kind="Plan", plan="p", name="P")
    G.add_node("action:q:A1", kind="Action", plan="q", ref="A1", name="A1", text="Do", due="", notes="",
               outcome="", status="", status_date="", timescale="")  # fmt: skip
    G.add_node("partner:x", kind="Partner")
    G.add_edge("partner:x", "action:q:A1", key="RUNS")
    G.add_edge("action:q:A1", "partner:x", key="LEADS")
    return G


QUESTIONS: list[tuple[str, Any]] = [
    ("lead_load", lambda G: lead_load(G)),
    ("lead_concentration", lambda G: lead_concentration(G)),
    ("find_gaps", lambda G: find_gaps(G)),
    ("chains", lambda G: chains(G)),
    ("impact", lambda G: impact(G, "Police Scotland")),
    ("timeline", lambda G: timeline(G, as_of=date(2020, 1, 1))),
    ("partner_network", lambda G: partner_network(G)),
    ("partner_links", lambda G: partner_links(G)),
    ("compare_plans", lambda G: compare_plans(G)),
    ("single_points_of_failure", lambda G: single_points_of_failure(G)),
    ("map_graph", lambda G: map_graph(G)),
    ("rows_for_neo4j", lambda G: rows_for_neo4j(G)),
]


@pytest.mark.parametrize(("name", "ask"), QUESTIONS, ids=[n for n, _ in QUESTIONS])
def test_a_broken_graph_is_one_error_listing_every_problem(name: str, ask: Any) -> None:
    with pytest.raises(GraphError) as caught:
        ask(_broken())
    message = str(caught.value)
    assert message.startswith("the graph breaks the contract of a graph of plans in 5 places:")
    for problem in (
        "node 'plan:p' (Plan) has no area, framework, history_note, partnership",
        "node 'action:q:A1' (Action) belongs to plan 'q', which the graph does not hold",
        "node 'partner:x' (Partner) has no aliases, name, partner_kind, plan, scope",
        "edge 'partner:x' -> 'action:q:A1' has type 'RUNS'",
        "edge 'action:q:A1' -[LEADS]-> 'partner:x' joins Action to Partner; LEADS joins Partner to Action",
    ):
        assert problem in message, (name, message)


def test_not_a_multidigraph_and_a_sound_graph() -> None:
    with pytest.raises(GraphError, match="a graph of plans is a networkx MultiDiGraph"):
        validate_graph(nx.Graph())
    G = load(SEEDS["midlothian"])
    validate_graph(nx.MultiDiGraph(G))  # a plain copy of a sound graph keeps the contract


def test_a_missing_optional_package_is_one_error_with_its_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def without_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pandas)
    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    from cjgraph import to_frame

    with pytest.raises(MissingDependencyError, match=r"to_frame needs pandas: pip install 'cjgraph\[notebook\]'") as e:
        to_frame([])
    assert isinstance(e.value, ImportError)


def test_every_cjgraph_error_is_a_subclass(tmp_path: Path) -> None:
    """No bare CjgraphError is raised: each error says what kind it is."""
    root = Path(__file__).parent.parent
    bare = [
        f"{p.relative_to(root)}:{n}"
        for folder in ("cjgraph", "loaders", "queries", "visualisations")
        for p in (root / folder).rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "raise CjgraphError(" in line
    ]
    assert not bare, bare


def test_every_public_function_documents_itself() -> None:
    """Parameters, Returns (or what it writes), Raises and an example, for every function cjgraph
    exports."""
    import inspect

    import cjgraph

    for name in cjgraph.__all__:
        thing = getattr(cjgraph, name)
        if not inspect.isfunction(thing):
            continue
        doc = inspect.getdoc(thing) or ""
        assert "Parameters\n----------" in doc and "Examples\n--------" in doc, name
        assert "Returns\n-------" in doc or "Raises\n------" in doc, name
