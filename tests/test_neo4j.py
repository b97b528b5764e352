"""Push, pull and Cypher on a real Neo4j Community 5.26 (the ``neo4j_server`` fixture of
conftest.py starts it from tests/neo4j), with the official neo4j driver.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from cjgraph.cypher import list_queries, load_query
from cjgraph.cypher.embedded import EmbeddedCypher
from cjgraph.cypher.neo4j import (
    ServerError,
    Settings,
    connect,
    counts,
    graph_counts,
    pull,
    push,
    settings_from_env,
)
from cjgraph.errors import CypherError
from cjgraph.graph import graph_from_plans
from cjgraph.loading import load
from cjgraph.model import Action, Partner, Plan, PlanInfo

import neo4j_server as test_server
from conftest import NEO4J_PASSWORD, SEEDS
from parity import EXPECTED, GAPPY_CASES, gappy_graph, params, rows

HOSTILE = [
    'O\'Brien "Trust"',
    "`tick` {brace} $money",
    "line\nbreak\ttab",
    "Comhairle nan Eilean Siar — café ñ ü",
    "back\\slash \\' x' RETURN 1 //",
    "}) MATCH (n) DETACH DELETE n //",
]


@pytest.fixture
def server(neo4j_server: Any) -> Iterator[Any]:
    """A connection to the test Neo4j, emptied."""
    with connect(Settings(neo4j_server.uri, neo4j_server.user, neo4j_server.password)) as s:
        s.query("MATCH (n) DETACH DELETE n", write=True)
        yield s


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load(SEEDS["midlothian"], SEEDS["north-lanarkshire"])


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    """Equal nodes and relationships with equal properties."""
    assert set(a.nodes) == set(b.nodes)
    assert set(a.edges(keys=True)) == set(b.edges(keys=True))
    assert all(a.nodes[n] == b.nodes[n] for n in a.nodes)
    assert all(d == b.edges[u, v, k] for u, v, k, d in a.edges(keys=True, data=True))


# ------------------------------------------------------------------------------------ push, pull


def test_push_gives_the_graph_counts_and_pull_gives_the_graph_back(server: Any, G: nx.MultiDiGraph) -> None:
    done: list[int] = []
    report = push(server, G, progress=done.append)
    assert report.plans == ["midlothian-2017-2020", "north-lanarkshire-2017-2020"]
    assert counts(server) == graph_counts(G)
    assert (report.nodes_created, report.relationships_created) == (G.number_of_nodes(), G.number_of_edges())
    assert sum(done) >= G.number_of_nodes() + G.number_of_edges()  # shared nodes go with each plan using them
    _same_graph(pull(server), G)


def test_constraints_and_indexes_are_created(server: Any, G: nx.MultiDiGraph) -> None:
    push(server, G)
    names = {r[0] for r in server.query("SHOW CONSTRAINTS YIELD name").rows}
    assert {"cjgraph_action_id", "cjgraph_partner_id", "cjgraph_plan_id"} <= names
    indexes = {r[0] for r in server.query("SHOW INDEXES YIELD name").rows}
    assert {"cjgraph_action_plan", "cjgraph_action_id"} <= indexes
    with pytest.raises(CypherError, match="already exists"):  # the constraint is real
        server.query("CREATE (:Action {id: 'action:midlothian-2017-2020:PC1.1'})", write=True)


def test_a_synthetic_national_set_pushes_whole(server: Any) -> None:
    from cjgraph.examples.synthetic import synthetic_plans

    H = graph_from_plans(synthetic_plans(4, seed=3))
    report = push(server, H, batch_rows=100)  # many batches a plan
    assert counts(server) == graph_counts(H) and len(report.plans) == 4
    _same_graph(pull(server), H)


def test_the_exported_script_builds_the_same_graph(server: Any, G: nx.MultiDiGraph) -> None:
    from cjgraph.cypher.rows import cypher_script

    for statement in cypher_script(G).split(";\n"):
        lines = [ln for ln in statement.splitlines() if ln and not ln.startswith("//")]
        if lines:
            server.query("\n".join(lines), write=True)
    assert counts(server) == graph_counts(G)
    _same_graph(pull(server), G)


def test_a_second_push_changes_nothing(server: Any, G: nx.MultiDiGraph) -> None:
    push(server, G)
    before = counts(server)
    again = push(server, G)
    assert counts(server) == before == graph_counts(G)
    assert (again.nodes_created, again.relationships_created, again.nodes_deleted) == (0, 0, 0)


def _odd_plan(names: list[str], refs: range) -> Plan:
    return Plan(
        PlanInfo(id="odd-2020-2023", partnership="Fife"),
        actions=tuple(
            Action(f"A{i}", "access", f"Text {names[i % len(names)]}", leads=(names[i % len(names)],)) for i in refs
        ),
        partners=tuple(Partner(n) for n in names),
    )


def test_hostile_names_and_texts_come_back_unchanged(server: Any) -> None:
    H = graph_from_plans([_odd_plan(HOSTILE, range(len(HOSTILE)))])
    push(server, H)
    back = pull(server, ["odd-2020-2023"])
    _same_graph(back, H)
    texts = {d["text"] for _, d in back.nodes(data=True) if d["kind"] == "Action"}
    assert texts == {f"Text {n}" for n in HOSTILE}
    for name in HOSTILE:  # and as query parameters
        assert server.run("MATCH (p:Partner {name: $name}) RETURN p.name", {"name": name}).rows == [[name]]
    assert counts(server) == graph_counts(H)  # the injection strings deleted nothing


def test_replace_removes_what_the_plan_no_longer_has(server: Any) -> None:
    names = ["Fife Council", "NHS Fife"]
    push(server, graph_from_plans([_odd_plan(names, range(4))]))
    smaller = graph_from_plans([_odd_plan(names, range(2))])
    push(server, smaller)  # MERGE only: the two dropped actions stay
    assert counts(server)[0]["Action"] == 4
    report = push(server, smaller, replace=True)
    assert counts(server) == graph_counts(smaller)
    assert report.nodes_deleted > 0
    _same_graph(pull(server), smaller)


def test_plan_filter_of_pull(server: Any, G: nx.MultiDiGraph) -> None:
    push(server, G)
    server.query("CREATE (:Partner {name: 'Somebody else s data'})-[:LEADS]->(:Action {title: 'theirs'})", write=True)
    _same_graph(pull(server), G)  # what is not cjgraph's (no id) stays out
    one = pull(server, ["midlothian-2017-2020"])
    assert {d["plan"] for _, d in one.nodes(data=True)} == {"", "midlothian-2017-2020"}
    assert one.number_of_nodes() < G.number_of_nodes()


# ------------------------------------------------------------------------ a push failing half-way


def _snapshot(server: Any) -> tuple[Any, nx.MultiDiGraph]:
    return counts(server), pull(server)


def test_a_push_failing_half_way_leaves_the_plans_as_they_were(
    server: Any, G: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cjgraph.cypher.neo4j as bolt

    push(server, load(SEEDS["midlothian"]))
    before, graph_before = _snapshot(server)
    real = bolt._execute
    run: list[str] = []

    def failing(srv: Any, tx: Any, text: str, p: dict[str, Any], report: Any) -> None:
        # the 6th statement of North Lanarkshire's transaction: its old nodes (none) deleted, and
        # some of its own and the shared nodes it uses merged by now
        if "north-lanarkshire" in str(p):
            run.append(text)
            if len(run) == 6:
                raise ServerError("the server refused a statement (UNWIND ...): injected.")
        real(srv, tx, text, p, report)

    monkeypatch.setattr(bolt, "_execute", failing)
    with pytest.raises(ServerError) as caught:
        push(server, G, replace=True, batch_rows=50)
    assert str(caught.value) == (
        "plan 'north-lanarkshire-2017-2020' was not pushed (plans before it were: midlothian-2017-2020): "
        "the server refused a statement (UNWIND ...): injected."
    )
    after, graph_after = _snapshot(server)
    assert after == before  # not even North Lanarkshire's partnership or its national partners
    _same_graph(graph_after, graph_before)
    assert "partnership:north-lanarkshire" not in graph_after


_KILLED_PUSH = textwrap.dedent(
    """
    import sys, time
    import cjgraph.cypher.neo4j as bolt
    from cjgraph.cypher.neo4j import Settings, connect, push
    from cjgraph.loading import load

    real, done = bolt._execute, []

    def slow(server, tx, text, params, report):
        real(server, tx, text, params, report)
        done.append(text)
        if tx is not None and len(done) == int(sys.argv[3]):
            print("half-way", flush=True)  # the plan's transaction is open, half its statements run
            time.sleep(600)

    bolt._execute = slow
    with connect(Settings(sys.argv[1], "neo4j", sys.argv[2])) as server:
        push(server, load(*sys.argv[4:]), replace=True, batch_rows=10)
    """
)


def test_a_push_killed_half_way_leaves_the_plan_as_it_was(server: Any, neo4j_server: Any, tmp_path: Path) -> None:
    import dataclasses

    from cjgraph.loading import load_plan
    from cjgraph.workbook import write_plan

    push(server, load(SEEDS["midlothian"]))
    before, graph_before = _snapshot(server)
    # a new version of the plan: an action dropped, one led by a partner new to it
    plan = load_plan(SEEDS["midlothian"])
    actions = list(plan.actions[1:])
    actions[0] = dataclasses.replace(actions[0], leads=("Scottish Ambulance Service",))
    newer = tmp_path / "midlothian.xlsx"
    write_plan(dataclasses.replace(plan, actions=tuple(actions)), newer)
    script = tmp_path / "push.py"
    script.write_text(_KILLED_PUSH)
    statements = 8  # the schema's 16 statements come first, outside any transaction
    proc = subprocess.Popen(
        [sys.executable, str(script), neo4j_server.uri, neo4j_server.password, str(16 + statements), str(newer)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line == "half-way\n":
        os.kill(proc.pid, signal.SIGKILL)
    _, errors = proc.communicate(timeout=60)
    assert line == "half-way\n", errors
    assert proc.returncode == -signal.SIGKILL
    after, graph_after = _snapshot(server)
    assert after == before
    _same_graph(graph_after, graph_before)
    push(server, load(newer), replace=True)  # and the same push, let finish, does change it
    assert counts(server)[0]["Action"] == before[0]["Action"] - 1


# ------------------------------------------------------------------------------ the query library


def _in_order(answer_rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Rows as the engine gave them, in its order (a list within a cell too: the library orders
    what it collects)."""
    return [tuple(tuple(v) if isinstance(v, list) else v for v in r) for r in answer_rows]


@pytest.fixture(scope="module")
def seeds_pushed(neo4j_server: Any, G: nx.MultiDiGraph) -> Iterator[tuple[Any, EmbeddedCypher]]:
    with connect(Settings(neo4j_server.uri, neo4j_server.user, neo4j_server.password)) as s:
        s.query("MATCH (n) DETACH DELETE n", write=True)
        push(s, G)
        yield s, EmbeddedCypher(G)
        s.query("MATCH (n) DETACH DELETE n", write=True)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_parity_on_the_seeds(seeds_pushed: Any, G: nx.MultiDiGraph, name: str) -> None:
    """networkx, the embedded engine and Neo4j give the same rows in the same order."""
    server, engine = seeds_pushed
    expected, columns = EXPECTED[name]
    query = load_query(name)
    for plan in ("", "midlothian-2017-2020", "north-lanarkshire-2017-2020"):
        for p in params(name, plan):
            on_neo4j = server.run(query.text, p)
            embedded = engine.run(query.embedded_text, p)
            assert rows(on_neo4j.rows, columns) == expected(G, p), (name, p)
            assert on_neo4j.columns == embedded.columns
            assert _in_order(on_neo4j.rows) == _in_order(embedded.rows), (name, p)


def test_library_parity_where_every_gap_occurs(server: Any) -> None:
    H = gappy_graph()
    push(server, H)
    engine = EmbeddedCypher(H)
    compared = 0
    for name in sorted(EXPECTED):
        expected, columns = EXPECTED[name]
        query = load_query(name)
        for p in params(name, cases=GAPPY_CASES):
            want = expected(H, p)
            assert rows(server.run(query.text, p).rows, columns) == want, (name, p)
            assert _in_order(server.run(query.text, p).rows) == _in_order(engine.run(query.embedded_text, p).rows)
            compared += bool(want)
    assert compared >= len(EXPECTED)  # no query compared only empty answers here


def test_every_query_is_compared() -> None:
    assert {q.name for q in list_queries()} == set(EXPECTED)


def test_timeline_and_overdue_skip_dates_other_tools_wrote(server: Any) -> None:
    push(server, graph_from_plans([_odd_plan(["Fife Council"], range(3))]))
    server.query("MATCH (a:Action {ref: 'A1'}) SET a.due = '31/03/2019'", write=True)
    server.query("MATCH (a:Action {ref: 'A2'}) SET a.due = '2019-03-31'", write=True)
    p = {"plan": "", "as_of": "2020-01-01"}
    timeline = {r[1]: r for r in server.run(load_query("timeline").text, p).rows}
    assert timeline["A1"][3:5] == ["31/03/2019", "not a date"] and timeline["A1"][7:9] == [False, 0]
    assert timeline["A2"][4] == "2019-Q1" and timeline["A2"][7:9] == [True, 276]
    assert [r[1] for r in server.run(load_query("overdue").text, p).rows] == ["A2"]


# ------------------------------------------------------------------------- Cypher as analysts use it


def _cli(*args: str, password: str = NEO4J_PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_PASSWORD": password}
    return subprocess.run(
        [sys.executable, "-m", "cjgraph", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_cli_push_pull_and_cypher(server: Any, neo4j_env: Any, tmp_path: Path) -> None:
    first = _cli("push", "--examples")
    assert first.returncode == 0, first.stderr
    assert "pushed 2 plans" in first.stdout and "1314 nodes and 2131 relationships created" in first.stdout
    second = _cli("push", "--examples")
    assert "0 nodes and 0 relationships created" in second.stdout
    answer = _cli("cypher", "--neo4j", "lead_load", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    assert "north-lanarkshire-2017-2020,Community Justice Co-ordinator,17,9,12.83" in answer.stdout
    pulled = _cli("pull", "--out", str(tmp_path / "plans.graphml"))
    assert pulled.returncode == 0 and "1314 nodes, 2131 relationships" in pulled.stdout
    assert nx.read_graphml(tmp_path / "plans.graphml").number_of_nodes() == 1314
    for run in (first, second, answer, pulled):
        assert NEO4J_PASSWORD not in run.stdout + run.stderr
        assert run.stderr == ""  # no driver chatter


def test_cli_cypher_on_both_engines_alike(server: Any, neo4j_env: Any) -> None:
    """The same query, the same output, whichever engine: names with dots and brackets, nodes,
    relationships and paths readable, JSON objects."""
    push(server, load(SEEDS["midlothian"]))
    seed = str(SEEDS["midlothian"])
    queries = {
        "MATCH (p:Partner)-[:LEADS]->(a) RETURN p.name, count(a), sum(size(a.ref)) ORDER BY count(a) DESC, p.name": (
            "p.name,count(a),sum(size(a.ref))\nCriminal Justice Social Work,",
        ),
        "MATCH (p:Partner {name: 'Police Scotland'})-[r:LEADS]->(a:Action) RETURN p, r, a ORDER BY a.ref LIMIT 1": (
            "(:Partner {name: 'Police Scotland'}),[:LEADS {share: ",
            "(:Action {name: '",
        ),
        "MATCH path = (p:Partner {name: 'Police Scotland'})-[:LEADS]->(a:Action) RETURN path ORDER BY a.ref LIMIT 1": (
            "(:Partner {name: 'Police Scotland'})-[:LEADS {share: ",
        ),
        "MATCH (a:Action)<-[:LEADS]-(p:Partner {name: 'Police Scotland'}) MATCH path = (a)<-[:LEADS]-(p) "
        "RETURN path ORDER BY a.ref LIMIT 1": ("(:Action {name: '", "<-[:LEADS {share: "),
    }
    for query, wanted in queries.items():
        embedded = _cli("cypher", query, seed, "--format", "csv")
        on_neo4j = _cli("cypher", "--neo4j", query, "--format", "csv")
        assert embedded.returncode == on_neo4j.returncode == 0, embedded.stderr + on_neo4j.stderr
        assert embedded.stdout == on_neo4j.stdout, query
        assert all(w in embedded.stdout for w in wanted), embedded.stdout
    import json

    query = "MATCH (p:Partner {name: 'Police Scotland'})-[r:LEADS]->(a:Action) RETURN p, r ORDER BY a.ref LIMIT 1"
    objects = [
        json.loads(_cli("cypher", query, *engine, "--format", "json").stdout) for engine in (["--neo4j"], [seed])
    ]
    assert objects[0] == objects[1]
    node, rel = objects[0][0]["p"], objects[0][0]["r"]
    assert node == {"labels": ["Partner"], "properties": node["properties"]}
    assert node["properties"]["id"] == "partner:police-scotland" and node["properties"]["scope"] == "national"
    assert rel["type"] == "LEADS" and rel["start"] == "partner:police-scotland" and "share" in rel["properties"]


def test_schema_on_both_engines(server: Any, neo4j_env: Any, G: nx.MultiDiGraph) -> None:
    push(server, G)
    embedded = _cli("schema", *(str(p) for p in SEEDS.values()), "--format", "csv")  # the documents G is of
    on_neo4j = _cli("schema", "--neo4j", "--format", "csv")
    assert embedded.returncode == on_neo4j.returncode == 0, embedded.stderr + on_neo4j.stderr
    assert embedded.stdout == on_neo4j.stdout
    lines = embedded.stdout.splitlines()
    assert lines[0] == "kind,name,count,property,having,missing,identifies,joins"
    assert "label,Action,95,text,95,0,," in lines
    assert "label,Action,95,due,86,9,," in lines  # the undated: null on both
    assert "label,Partner,48,name,48,0,unique with plan," in lines
    assert "relationship,LEADS,128,share,128,0,,Partner -> Action: 128" in lines


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (
            "MATCH (p:Partnr) RETURN p.name",
            "line 1 of the query: the graph has no label 'Partnr' (did you mean 'Partner'?)",
        ),
        (
            "MATCH (p:Partner)\n  -[:LEAD]->(a:Action)\nRETURN p.name",
            "line 2 of the query: the graph has no relationship type 'LEAD' (did you mean 'LEADS'?)",
        ),
        (
            "MATCH (p:Partner)-[:LEADS]->(a:Action)\nRETURN a.reff",
            "line 2 of the query: Action has no property 'reff' (did you mean 'ref'?)",
        ),
        ("MATCH (p:Partner {nmae: 'x'}) RETURN p", "Partner has no property 'nmae' (did you mean 'name'?)"),
        ("MATCH (p:Partner)\nRETURN q.name", "could not run line 2 of the query (RETURN q.name): Variable"),
        ("MATCH (p:Partner) RETURN p.name +", "could not run line 1 of the query (MATCH (p:Partner) RETURN p.name +)"),
    ],
)
def test_wrong_names_and_engine_errors_are_one_sentence(
    server: Any, neo4j_env: Any, G: nx.MultiDiGraph, query: str, said: str
) -> None:
    push(server, G)
    for engine in (["--neo4j"], ["--examples"]):
        run = _cli("cypher", *engine, query)
        assert run.returncode == 1 and said in run.stderr, (engine, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_writes_need_write_on_both_engines(server: Any, neo4j_env: Any, tmp_path: Path) -> None:
    push(server, load(SEEDS["midlothian"]))
    before = counts(server)
    workbook = tmp_path / "plan.xlsx"
    assert _cli("extract", str(SEEDS["midlothian"]), "--out", str(workbook)).returncode == 0
    stamp = workbook.read_bytes()
    for query in (
        "MATCH (a:Action) DETACH DELETE a",
        "MATCH (a:Action) SET a.status = 'complete'",
        "CREATE (:Partner {name: 'x'})",
        "MERGE (:Partner {name: 'x'})",
    ):
        for engine in (["--neo4j"], [str(workbook)]):
            run = _cli("cypher", query, *engine)
            assert run.returncode == 1 and "give --write to run it" in run.stderr, run.stderr
    assert counts(server) == before
    # the server refuses a write the check cannot see (a read-only transaction)
    sneaky = _cli("cypher", "--neo4j", "CALL db.createLabel('Sneaky')")
    assert sneaky.returncode == 1 and "give --write" in sneaky.stderr, sneaky.stderr
    # with --write: the embedded engine changes its in-memory copy only, Neo4j its data
    query = "MATCH (a:Action) SET a.status = 'complete' RETURN count(a) AS set"
    assert _cli("cypher", query, str(workbook), "--write", "--format", "csv").stdout == "set\n48\n"
    assert workbook.read_bytes() == stamp
    assert _cli("cypher", "--neo4j", query, "--write", "--format", "csv").stdout == "set\n48\n"
    done = server.run("MATCH (a:Action {status: 'complete'}) RETURN count(a)").rows
    assert done == [[48]]


def test_unreachable_server_and_bad_address_are_one_sentence() -> None:
    port = test_server.free_port()
    with pytest.raises(ServerError, match=rf"cannot reach a Bolt server at bolt://127.0.0.1:{port}: .*refused"):
        connect(Settings(f"bolt://127.0.0.1:{port}", password="s3cret-pw"), timeout=2)
    with pytest.raises(ServerError, match="is not a Neo4j address"):
        connect(Settings("http://localhost:7474"))
    with pytest.raises(ServerError, match="set NEO4J_URI"):
        settings_from_env(env={})


def test_cli_errors_never_show_the_password(neo4j_env: Any) -> None:
    dead = f"bolt://127.0.0.1:{test_server.free_port()}"
    env = {**os.environ, "NEO4J_URI": dead}
    run = subprocess.run(
        [sys.executable, "-m", "cjgraph", "push", "--examples"], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 1 and run.stderr.startswith("cjgraph: error: cannot reach a Bolt server at")
    assert NEO4J_PASSWORD not in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    given = _cli("cypher", "--neo4j", "lead_load", str(SEEDS["midlothian"]))
    assert given.returncode == 2 and "give no SOURCE" in given.stderr
    wrong = _cli("pull", "--out", "x.graphml", password="not-" + NEO4J_PASSWORD)
    assert wrong.returncode == 1 and NEO4J_PASSWORD not in wrong.stderr, wrong.stderr
    assert "refused user 'neo4j': check NEO4J_USERNAME and NEO4J_PASSWORD" in wrong.stderr
    assert len(wrong.stderr.splitlines()) == 1


def test_a_large_push_on_a_terminal_shows_progress(server: Any, neo4j_env: Any, tmp_path: Path) -> None:
    import pty

    from cjgraph.examples.synthetic import synthetic_plans
    from cjgraph.workbook import write_plan

    plans = synthetic_plans(7, seed=5, actions=(60, 60))  # over 5,000 rows
    for plan in plans:
        write_plan(plan, tmp_path / f"{plan.info.id}.xlsx")
    args = [sys.executable, "-m", "cjgraph", "push", *sorted(str(p) for p in tmp_path.glob("*.xlsx"))]
    main, terminal = pty.openpty()  # stdout and stderr on a terminal, as a planner's would be
    proc = subprocess.Popen(args, stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = bytearray()
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # the terminal closed: the push is over
            break
        if not data:
            break
        output.extend(data)
    os.close(main)
    text = output.decode(errors="replace")
    assert proc.wait(60) == 0, text
    assert "pushing" in text and "100%" in text and "pushed 7 plans" in text
    assert counts(server) == graph_counts(graph_from_plans(plans))


@pytest.mark.parametrize(
    "query",
    [
        "LOAD CSV FROM 'file://{secret}' AS row RETURN row",
        "WITH 1 AS x LIMIT 1LOAD CSV FROM 'file://{secret}' AS row RETURN row",
        "WITH 1 AS x LIMIT 1\u00a0LOAD CSV FROM 'file://{secret}' AS row RETURN row",
        "WITH 1 AS x LIMIT 1/**/lOaD CsV FROM 'file://{secret}' AS row RETURN row",
        "WITH 1 AS x LIMIT 1//\rLOAD CSV FROM 'file://{secret}' AS row RETURN row",
        "CALL apoc.load.json('file://{secret}')",
        "MATCH (a:Action) WITH a LIMIT 1SET a.text = 'x'",
        "MATCH (a:Action) WITH a LIMIT 1CREATE (:Partner {{name: 'x'}})",
        "RETURN 1; MATCH (a:Action) DETACH DELETE a",
    ],
)
def test_neo4j_refuses_file_reads_and_hidden_writes(server: Any, neo4j_env: Any, tmp_path: Path, query: str) -> None:
    push(server, load(SEEDS["midlothian"]))
    before = counts(server)
    secret = tmp_path / "secret.csv"
    secret.write_text("top-secret-line-7f3a\n")
    run = _cli("cypher", "--neo4j", query.format(secret=secret))
    assert run.returncode == 1 and "top-secret" not in run.stdout + run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr, run.stderr
    assert counts(server) == before


def test_neo4j_plan_is_checked_past_the_words(server: Any, tmp_path: Path) -> None:
    """The server's own plan refuses a file read and an unasked write even where the words were
    not checked (the second layer)."""
    secret = tmp_path / "secret.csv"
    secret.write_text("x\n")
    with pytest.raises(CypherError, match="LoadCSV, which reads files"):
        server._check_plan(f"LOAD CSV FROM 'file://{secret}' AS row RETURN row", {}, write=True)
    with pytest.raises(CypherError, match="give --write"):
        server._check_plan("CREATE (:Partner {name: 'x'})", {}, write=False)
    server._check_plan("MATCH (n) RETURN count(n)", {}, write=False)


def test_the_history_pushes_pulls_back_and_answers_as_the_embedded_engine(server: Any) -> None:
    from test_history import HISTORY_QUERIES, history_graph

    H = history_graph()
    push(server, H)  # type: ignore[arg-type]
    assert counts(server) == graph_counts(H)  # type: ignore[arg-type]
    _same_graph(pull(server), H)  # type: ignore[arg-type]
    for query, expected in HISTORY_QUERIES.items():
        assert sorted(tuple(r) for r in server.query(query).rows) == expected, query


def test_the_questions_over_time_answer_the_hand_key_on_neo4j(server: Any) -> None:
    from test_history import (
        MOVEMENT_KEY,
        OFF_TRACK_KEY,
        PARTNER_KEY,
        RAG_KEY,
        SCORE_KEY,
        SLIPPAGE_KEY,
        STALLED_KEY,
        STATUS_KEY,
        answers_by_cypher,
        history_graph,
    )

    push(server, history_graph())  # type: ignore[arg-type]
    got = answers_by_cypher(lambda name, p: server.run(load_query(name).text, p).rows)
    assert got == (STATUS_KEY, SLIPPAGE_KEY, STALLED_KEY, MOVEMENT_KEY, SCORE_KEY, PARTNER_KEY, OFF_TRACK_KEY, RAG_KEY)


def test_typed_parameters_mean_the_same_on_both_engines(server: Any, neo4j_env: Any, tmp_path: Path) -> None:
    """--param n=100 is an integer on either engine (it was text, and "size(a.text) > $n" gave
    73 rows embedded and 0 on Neo4j, silently); a float, a boolean, a list and JSON parameters
    too; LIMIT $n runs on both."""
    push(server, load(SEEDS["midlothian"]))
    seed = str(SEEDS["midlothian"])
    (tmp_path / "p.json").write_text('{"refs": ["SO1.1", "SO1.2"], "n": 3}', encoding="utf-8")
    cases = [
        ("MATCH (a:Action) WHERE size(a.text) > $n RETURN count(a) AS c", ["--param", "n=100"]),
        ("MATCH (a:Action) RETURN a.ref ORDER BY a.ref LIMIT $n", ["--param", "n=3"]),
        (
            "RETURN $x * 2 AS y, $flag AS f, $code AS c",
            ["--param", "x=1.5", "--param", "flag=true", "--param", "code:=007"],
        ),
        ("MATCH (a:Action) WHERE a.ref IN $refs RETURN a.ref ORDER BY a.ref", ["--param", "refs=['SO1.1', 'SO1.3']"]),
        (
            "MATCH (a:Action) WHERE a.ref IN $refs RETURN a.ref ORDER BY a.ref LIMIT $n",
            ["--params-json", str(tmp_path / "p.json")],
        ),
    ]
    for query, given in cases:
        embedded = _cli("cypher", query, seed, *given, "--format", "csv")
        on_neo4j = _cli("cypher", "--neo4j", query, *given, "--format", "csv")
        assert embedded.returncode == on_neo4j.returncode == 0, embedded.stderr + on_neo4j.stderr
        assert embedded.stdout == on_neo4j.stdout, query
        assert len(embedded.stdout.splitlines()) > 1, query  # never two empty answers
    count = _cli("cypher", cases[0][0], seed, "--param", "n=100", "--format", "csv").stdout.splitlines()[1]
    assert int(count) > 0
    assert _cli("cypher", cases[2][0], seed, *cases[2][1], "--format", "csv").stdout.splitlines()[1] == "3,yes,007"


# ------------------------------------------------------------------------- nulls and identity

_BLANKS = "MATCH (n) UNWIND keys(n) AS k WITH n, k WHERE n[k] = '' RETURN count(*)"
_BLANK_RELS = "MATCH ()-[r]->() UNWIND keys(r) AS k WITH r, k WHERE r[k] = '' RETURN count(*)"


def test_a_missing_value_is_null_on_every_engine(server: Any, G: nx.MultiDiGraph) -> None:
    """WHERE x IS NULL finds every missing value: in networkx's graph a missing value is '', on
    the embedded engine, after a push and after the exported script it is null, never ''."""
    undated = sum(1 for _, d in G.nodes(data=True) if d["kind"] == "Action" and d["due"] == "")
    unreported = sum(1 for _, d in G.nodes(data=True) if d["kind"] == "Action" and d["status"] == "")
    assert undated and unreported
    question = "MATCH (a:Action) RETURN sum(CASE WHEN a.due IS NULL THEN 1 ELSE 0 END), count(a.status)"
    actions = graph_counts(G)[0]["Action"]
    engine = EmbeddedCypher(G)
    try:
        assert engine.run(question).rows == [[undated, actions - unreported]]
        assert engine.run("MATCH (a:Action) WHERE a.due = '' OR a.status = '' RETURN count(a)").rows == [[0]]
    finally:
        engine.close()
    push(server, G)
    assert server.run(question).rows == [[undated, actions - unreported]]
    assert server.query(_BLANKS).rows == server.query(_BLANK_RELS).rows == [[0]]
    from cjgraph.cypher.rows import cypher_script

    server.query("MATCH (n) DETACH DELETE n", write=True)
    for statement in cypher_script(G).split(";\n"):
        lines = [ln for ln in statement.splitlines() if ln and not ln.startswith("//")]
        if lines:
            server.query("\n".join(lines), write=True)
    assert server.run(question).rows == [[undated, actions - unreported]]
    assert server.query(_BLANKS).rows == [[0]]


def test_a_push_over_an_older_graph_brings_it_up_to_date(server: Any, neo4j_env: Any, G: nx.MultiDiGraph) -> None:
    """An older cjgraph wrote '' for a missing value and 'plan:<key>' for a plan's id: a push
    makes them null and the key, says so, and the graph is as a fresh push makes it."""
    push(server, G)
    server.query("MATCH (a:Action) WHERE a.due IS NULL SET a.due = ''", write=True)
    server.query("MATCH (p:Partner) WHERE p.aliases IS NULL SET p.aliases = ''", write=True)
    server.query("MATCH ()-[r:PARTNER_OF]->() WHERE r.category IS NULL SET r.category = ''", write=True)
    server.query("MATCH (p:Plan) SET p.id = 'plan:' + p.plan", write=True)
    old = server.query(_BLANKS).rows[0][0] + server.query(_BLANK_RELS).rows[0][0]
    assert old > 20
    report = push(server, G)
    assert (report.blanks_nulled, report.plan_ids_changed) == (old, 2)
    assert server.query(_BLANKS).rows == server.query(_BLANK_RELS).rows == [[0]]
    assert counts(server) == graph_counts(G)
    _same_graph(pull(server), G)
    assert push(server, G).plan_ids_changed == 0  # brought up to date once
    server.query("MATCH (a:Action) WHERE a.due IS NULL SET a.due = ''", write=True)
    server.query("MATCH (p:Plan) SET p.id = 'plan:' + p.plan", write=True)
    run = subprocess.run(
        [sys.executable, "-m", "cjgraph", "push", str(SEEDS["midlothian"]), str(SEEDS["north-lanarkshire"])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "empty values now null (missing)" in run.stdout
    assert server.query(_BLANKS).rows == [[0]]


def test_a_plans_id_is_the_plan_every_node_carries(server: Any, G: nx.MultiDiGraph) -> None:
    """The natural join: a node's plan is its Plan's id, on both engines."""
    push(server, G)
    join = "MATCH (pl:Plan), (a:Action) WHERE a.plan = pl.id RETURN pl.id, count(a) ORDER BY pl.id"
    engine = EmbeddedCypher(G)
    try:
        embedded = engine.run(join).rows
    finally:
        engine.close()
    by_plan = {
        p: sum(1 for _, d in G.nodes(data=True) if d["kind"] == "Action" and d["plan"] == p)
        for p in ("midlothian-2017-2020", "north-lanarkshire-2017-2020")
    }
    assert server.run(join).rows == embedded == [[p, n] for p, n in sorted(by_plan.items())]


def test_a_library_querys_partner_resolves_on_both_engines(server: Any, G: nx.MultiDiGraph) -> None:
    """`impact` with partner=SPS answers for the Scottish Prison Service from Python, on both
    engines, as the command line does."""
    from cjgraph.cypher import run_query

    push(server, G)
    engine = EmbeddedCypher(G)
    try:
        embedded = run_query(engine, "impact", {"partner": "SPS"})
    finally:
        engine.close()
    on_neo4j = run_query(server, "impact", {"partner": "SPS"})
    assert on_neo4j.rows == embedded.rows and len(embedded.rows) > 3
    assert {r[1] for r in embedded.rows} == {"Scottish Prison Service"}
