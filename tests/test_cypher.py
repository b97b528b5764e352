"""The Cypher query library on the embedded engine gives the networkx answers (parity)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.cypher import list_queries, load_query
from cjgraph.cypher.embedded import EmbeddedCypher
from cjgraph.errors import CypherError
from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.graph import graph_from_plans
from cjgraph.loading import load
from cjgraph.model import Action, Partner, Plan, PlanInfo
from cjgraph.queries import find_gaps

from conftest import SEEDS
from parity import AS_OF, EXPECTED, GAPPY_CASES, gappy_graph, params, rows


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
    assert {q.name for q in queries} == set(EXPECTED), "every library query has a networkx answer to equal"
    for q in queries:
        assert q.description and q.params.startswith("$plan"), q.name
        assert q.text.lstrip().startswith(f"// {q.name}:")
        if q.embedded_text != q.text:  # a variant says so, in both files
            assert f"{q.name}.ladybug.cypher" in q.text and "variant" in q.embedded_text, q.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("plan", ["", "midlothian-2017-2020", "north-lanarkshire-2017-2020"])
def test_parity_with_networkx(G: nx.MultiDiGraph, engine: EmbeddedCypher, name: str, plan: str) -> None:
    expected, columns = EXPECTED[name]
    query = load_query(name).embedded_text
    for p in params(name, plan):
        assert rows(engine.run(query, p).rows, columns) == expected(G, p), (name, p)


def test_parity_answers_are_not_empty(G: nx.MultiDiGraph) -> None:
    """The seeds give something to compare for every query but those whose gap they do not have."""
    empty = {name for name, (expected, _) in EXPECTED.items() if not any(expected(G, p) for p in params(name))}
    # the seeds are 2016 plans: no priority actions (a 2023 plan has them: test_frameworks, below);
    # they keep no progress reports (the gappy graph's tiny plan does: compared there)
    assert empty == {
        "action_without_lead",
        "outcome_without_action",
        "outcome_unmeasured",
        "priority_action_unserved",
        "slippage",
        "stalled",
        "indicator_movement",
        "assessment_movement",
        "slippage_by_partner",
        "outcomes_off_track",
        "rag_trend",
    }


def test_collective_lead_refs(G: nx.MultiDiGraph, engine: EmbeddedCypher) -> None:
    got = {(r[0], r[2]): sorted(r[3]) for r in _run(engine, "collective_lead")}
    assert got == {(g.plan, g.subject): sorted(g.refs) for g in find_gaps(G, reasons=["collective-lead"])}


def test_overdue_count(engine: EmbeddedCypher) -> None:
    assert len(_run(engine, "overdue", as_of=AS_OF)) == 38


@pytest.mark.parametrize("copies", [1, 60], ids=["rows given", "a data file"])
def test_hostile_values_come_back_unchanged(copies: int) -> None:
    """Texts with quotes, braces, dollars and line breaks, in a small table (created from the rows
    themselves) and a large one (copied from a data file)."""
    names = ['O\'Brien "Trust"', "`tick` {brace} $money", "line\nbreak", "Comhairle nan Eilean Siar — café"]
    refs = [(f"A{i}-{k}", n) for k in range(copies) for i, n in enumerate(names, 1)]
    plan = Plan(
        PlanInfo(id="odd-2020-2023", partnership="Fife"),
        actions=tuple(Action(ref, "access", f"Text {n}", leads=(n,)) for ref, n in refs),
        partners=tuple(Partner(n) for n in names),
    )
    engine = EmbeddedCypher(graph_from_plans([plan]))
    got = engine.run("MATCH (p:Partner)-[:LEADS]->(a:Action) RETURN a.ref, p.name, a.text ORDER BY a.ref").rows
    assert got == sorted([ref, n, f"Text {n}"] for ref, n in refs)
    found = engine.run("MATCH (p:Partner {name: $name}) RETURN count(p)", {"name": names[1]}).rows
    assert found == [[1]]


def test_errors_are_one_sentence(engine: EmbeddedCypher) -> None:
    with pytest.raises(ValueError, match=r"needs parameter \$as_of"):
        engine.run(load_query("overdue").text, {"plan": ""})
    with pytest.raises(ValueError, match="the graph has no label 'Nothing'; it has Action, Assessment, Indicator, "):
        engine.run("MATCH (n:Nothing) RETURN n")
    with pytest.raises(ValueError, match=r"could not run line 2 of the query \(RETURN m\): Variable m is not in scope"):
        engine.run("MATCH (n:Action)\nRETURN m")
    with pytest.raises(Exception, match="no query 'nope'"):
        load_query("nope")


GAP_QUERIES = [
    "outcome_only_qualitative",
    "action_without_indicator",
    "action_without_date",
    "statutory_partner_leads_nothing",
    "action_without_lead",
    "need_unaddressed",
    "outcome_without_action",
    "outcome_unmeasured",
    "indicator_without_action",
    "collective_lead",
    "priority_action_unserved",
]


def test_gap_parity_where_every_gap_occurs() -> None:
    H = gappy_graph()
    engine = EmbeddedCypher(H)
    found = set()
    for name in GAP_QUERIES:
        rows = engine.run(load_query(name).embedded_text, {"plan": ""}).rows
        reason = name.replace("_", "-")
        expected = sorted((g.plan, g.reason, g.subject) for g in find_gaps(H, reasons=[reason]))
        assert sorted((r[0], r[1], r[2]) for r in rows) == expected, name
        if any(p in ("gappy-2020-2023", "served-2023-2028") for p, _, _ in expected):
            found.add(reason)
    assert found >= {
        "outcome-only-qualitative",
        "action-without-lead",
        "action-without-date",
        "need-unaddressed",
        "outcome-without-action",
        "outcome-unmeasured",
        "indicator-without-action",
        "collective-lead",
        "action-without-indicator",
        "priority-action-unserved",
    }
    unserved = {g.subject for g in find_gaps(H, plan="served-2023-2028", reasons=["priority-action-unserved"])}
    assert "pa-1" not in unserved and {"pa-2", "pa-3", "pa-5"} <= unserved and "pa-4" not in unserved


@pytest.mark.parametrize(
    "query",
    [
        "COPY (MATCH (a:Action) RETURN a.text) TO '{out}'",
        "LOAD FROM '/etc/hostname' RETURN *",
        "load  from '/etc/hostname' RETURN *",
        "LOAD EXTENSION json",
        "INSTALL json",
        "ATTACH '{out}' AS other (dbtype lbug)",
        "EXPORT DATABASE '{out}'",
        "IMPORT DATABASE '{out}'",
        "CALL threads = 1",
        "MATCH (a:Action) RETURN a.ref; COPY Action FROM '{out}'",
    ],
)
def test_embedded_engine_refuses_file_access(tmp_path: Path, query: str) -> None:
    out = tmp_path / "leak.csv"
    r = CliRunner().invoke(main, ["cypher", query.format(out=out), str(SEEDS["midlothian"])])
    assert r.exit_code == 1
    assert "reads or writes files or changes the engine" in r.output
    assert list(tmp_path.iterdir()) == []


def test_words_in_strings_and_comments_are_not_clauses() -> None:
    r = CliRunner().invoke(
        main,
        [
            "cypher",
            "MATCH (a:Action) WHERE a.text <> 'COPY x TO y' /* LOAD FROM */ RETURN count(a) AS `load` // INSTALL",
            str(SEEDS["midlothian"]),
            "--format",
            "csv",
        ],
    )
    assert r.output == "load\n48\n"


def test_answer_columns_that_are_not_identifiers() -> None:
    q = "MATCH (p:Partner)-[:LEADS]->(a:Action) RETURN p.name, count(a) ORDER BY count(a) DESC, p.name LIMIT 1"
    for fmt, expected in [("csv", "p.name,"), ("table", "p.name"), ("json", '"p.name": ')]:
        r = CliRunner().invoke(main, ["cypher", q, str(SEEDS["midlothian"]), "--format", fmt])
        assert r.exit_code == 0 and expected in r.output, r.output
        assert "Criminal Justice Social Work" in r.output


def test_repeated_column_names_in_every_format() -> None:
    q = "MATCH (p:Partner)-[:LEADS]->(a:Action) RETURN p.name, count(a), count(a) ORDER BY count(a) DESC LIMIT 1"
    seed = str(SEEDS["midlothian"])
    csv_out = CliRunner().invoke(main, ["cypher", q, seed, "--format", "csv"]).output
    assert csv_out.splitlines()[0] == "p.name,count(a),count(a)"
    table = CliRunner().invoke(main, ["cypher", q, seed]).output
    assert table.splitlines()[0].split() == ["p.name", "count(a)", "count(a)"]
    import json

    (row,) = json.loads(CliRunner().invoke(main, ["cypher", q, seed, "--format", "json"]).output)
    assert set(row) == {"p.name", "count(a)", "count(a) #2"} and row["count(a)"] == row["count(a) #2"]


def test_every_library_query_orders_every_row() -> None:
    """Each query (and its embedded variant) ends in an ORDER BY over its last RETURN, and the
    answer does not depend on the order the graph was built in."""
    for q in list_queries():
        for text in {q.text, q.embedded_text}:
            body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("//"))
            assert "ORDER BY" in body.rsplit("RETURN", 1)[1], q.name
    forward = graph_from_plans([*synthetic_plans(3, seed=4), _plan("tiny-2018-2021")])
    backward = graph_from_plans([_plan("tiny-2018-2021"), *reversed(synthetic_plans(3, seed=4))])
    one, other = EmbeddedCypher(forward), EmbeddedCypher(backward)
    for q in list_queries():
        for p in params(q.name, cases=GAPPY_CASES):
            got = one.run(q.embedded_text, p).rows
            assert got == other.run(q.embedded_text, p).rows, (q.name, p)
            lists = [v for r in got for v in r if isinstance(v, list)]
            assert all(v == sorted(v) for v in lists), q.name  # what a query collects, in order


def _plan(pid: str) -> Plan:
    from cjgraph.examples import tiny_plan

    plan: Plan = tiny_plan()
    assert plan.info.id == pid
    return plan


def test_a_library_querys_partner_is_read_as_the_questions_read_it() -> None:
    """`cypher impact --param partner=SPS` means the Scottish Prison Service, as `impact --partner
    SPS` does (one partner index): the same actions; a name no partner has is refused, never an
    empty answer."""
    import csv
    import io

    runner = CliRunner()
    asked = runner.invoke(main, ["cypher", "impact", "--examples", "--param", "partner=SPS", "--format", "csv"])
    assert asked.exit_code == 0, asked.output
    question = runner.invoke(main, ["impact", "--examples", "--partner", "SPS", "--format", "csv"])
    cypher_rows = {(r["plan"], r["subject"]) for r in csv.DictReader(io.StringIO(asked.output))}
    left = {
        (r["plan"], r["subject"])
        for r in csv.DictReader(io.StringIO(question.output))
        if r["effect"] == "action-left-without-lead"
    }
    assert cypher_rows and cypher_rows == left
    wrong = runner.invoke(main, ["cypher", "impact", "--examples", "--param", "partner=Scottish Prisn Service"])
    assert wrong.exit_code == 1 and "did you mean 'Scottish Prison Service'" in wrong.output


def test_parameters_are_typed_as_cypher_shell_types_them(tmp_path: Path) -> None:
    """--param n=100 is a number (a text "100" compared with a size matched nothing on Neo4j);
    a bad list or JSON file is one sentence naming it."""
    from click.testing import CliRunner

    from cjgraph.cli import main

    pytest.importorskip("ladybug")

    def run(*args: str) -> Any:
        return CliRunner().invoke(main, ["cypher", *args, "--examples", "--format", "csv"])

    counted = run("MATCH (a:Action) WHERE size(a.text) > $n RETURN count(a)", "--param", "n=100")
    assert counted.exit_code == 0 and 0 < int(counted.stdout.splitlines()[1]) < 95, counted.output
    limited = run("MATCH (a:Action) RETURN a.ref ORDER BY a.ref LIMIT $n", "--param", "n=2")
    assert len(limited.stdout.splitlines()) == 3, limited.output
    bad = run("RETURN $x", "--param", "x=[1, 2")
    assert bad.exit_code == 1 and "--param x: '[1, 2' is not a list or map as Cypher writes one" in bad.output
    (tmp_path / "p.json").write_text("[1, 2]", encoding="utf-8")
    wrong = run("RETURN $x", "--params-json", str(tmp_path / "p.json"))
    assert wrong.exit_code == 1 and "is not one JSON object of parameters" in wrong.output
    assert "Traceback" not in bad.output + wrong.output


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (
            "MATCH (a:Action) WHERE a.ref = 'A1' RETRUN a",
            "could not run line 1 of the query (MATCH (a:Action) WHERE a.ref = 'A1' RETRUN a): at column 37 "
            "Cypher does not allow 'RETRUN'",
        ),
        ("MATCH (a:Action\nRETURN a", "line 2 of the query (RETURN a): at column 1 Cypher does not allow 'RETURN'"),
        (
            "MATCH p = shortestPath((a:Partner)-[*]-(b:Outcome)) RETURN p",
            "shortestPath() is not available on the embedded engine: run the query on Neo4j (--neo4j) or use "
            "`cjgraph chains`.",
        ),
    ],
)
def test_an_embedded_parse_error_says_where_in_cypher_terms(query: str, said: str) -> None:
    """Not "expected rule oC_SingleQuery": the line, the column and the word where reading
    stopped; a Neo4j form the engine lacks named with what to do instead."""
    pytest.importorskip("ladybug")
    from cjgraph.cypher.embedded import EmbeddedCypher
    from cjgraph.errors import CypherError
    from cjgraph.examples import tiny_graph

    engine = EmbeddedCypher(tiny_graph())
    try:
        with pytest.raises(CypherError) as caught:
            engine.run(query)
    finally:
        engine.close()
    assert said in str(caught.value) and "oC_" not in str(caught.value)


def test_the_schema_counted_from_the_rows_is_what_the_engine_holds(tmp_path: Path) -> None:
    """The embedded engine counts its schema from the rows it loads (no queries: a fifth of a
    short query's time); asking the engine itself gives the same counts."""
    from cjgraph.cypher.embedded import _data, _Engine
    from cjgraph.examples import example_names, example_path
    from cjgraph.loading import load

    engine = _Engine(tmp_path)
    engine.load(_data(load(*[example_path(n) for n in example_names()]), tmp_path))
    counted = engine.schema()
    engine._schema = None  # as after a write: asked of the engine
    asked = engine.schema()
    assert counted == asked
    assert counted.labels["Update"] > 400 and counted.label_properties["Action"]["due"] < counted.labels["Action"]


def test_a_graph_with_properties_of_its_own_is_answered_in_full() -> None:
    """A graph another tool made may carry properties cjgraph's contract does not name (or of
    another type): the engine declares its tables anew for them."""
    from cjgraph.examples import tiny_graph

    G = tiny_graph()
    action = next(n for n, d in G.nodes(data=True) if d["kind"] == "Action")
    G.nodes[action]["colour"] = "red"
    G.nodes[action]["priority"] = 2
    engine = EmbeddedCypher(G)
    try:
        answer = engine.run("MATCH (a:Action) WHERE a.colour = 'red' RETURN a.id, a.priority + 1")
        assert answer.rows == [[action, 3]]
        assert engine.schema().label_properties["Action"]["colour"] == 1
    finally:
        engine.close()


def test_an_engine_started_before_its_graph_plans_the_query_and_answers_it() -> None:
    """`cjgraph cypher` starts the engine, tells it the query, then reads the plans: a query it
    expected answers as any other, and one it could not plan is said when it is run."""
    from cjgraph.examples import tiny_graph

    engine = EmbeddedCypher()
    try:
        engine.expect("MATCH (a:Action) RETURN count(a) AS n")
        engine.expect("MATCH (a:Acton) RETURN a")
        engine.expect("this is not Cypher")
        engine.expect("MATCH (a:Action) SET a.status = 'complete'")  # not planned: it writes
        engine.load(tiny_graph())
        assert engine.run("MATCH (a:Action) RETURN count(a) AS n").rows == [[3]]
        with pytest.raises(CypherError, match="did you mean 'Action'"):
            engine.run("MATCH (a:Acton) RETURN a")
        with pytest.raises(CypherError, match="give --write"):
            engine.run("MATCH (a:Action) SET a.status = 'complete'")
        assert engine.run("MATCH (a:Action) WHERE a.status = 'complete' RETURN count(a)").rows == [[0]]
        with pytest.raises(CypherError, match="has its graph already"):
            engine.load(tiny_graph())
    finally:
        engine.close()
