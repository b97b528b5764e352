"""Benchmark: batched push (``cjgraph push``) vs one statement per row, on a real Neo4j
Community 5.26 (the tests' server, tests/neo4j_server.py: built with Maven if needed), for a
synthetic national graph; the batch size; the time to build the rows (client side); and
``cjgraph cypher`` start to answer on both seeds.

Usage: python benchmarks/push.py [PLANS]   (default: 32 plans of 60 actions)

A third way is measured beside them: the graph written as CSV files into the server's import
folder and loaded with ``LOAD CSV`` (what a user might do with an export), MERGE on id as well.

Both pushes write the same rows in the same transactions (a plan's own nodes with the shared
nodes it uses, one transaction per plan), on an emptied graph with the constraints in place;
the only difference is ``UNWIND $rows`` batches (relationships grouped by their shared end, a
plan's parts joined into one statement) against one ``MERGE`` statement per node or
relationship. Unmeasured pushes warm the server's JIT first (twenty batched pushes, two
per-row pushes of four other plans, three loads by LOAD CSV); then batched and per-row runs take turns, so a drift of
the machine shows, and the server has two seconds after each emptying. Each way runs five
times, taking turns (a batched push varies from run to run: 0.6 to 1.3 s seen on 2 shared
cores); every run is listed, with the machine's load before and after. Run on a quiet
machine; compare figures from one run only.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cjgraph.cypher.neo4j import Server, Settings, connect, counts, graph_counts, plan_rows, push  # noqa: E402
from cjgraph.cypher.rows import BATCH_ROWS, plan_batches, rows_for_neo4j  # noqa: E402
from cjgraph.examples import example_path  # noqa: E402
from cjgraph.examples.synthetic import synthetic_plans  # noqa: E402
from cjgraph.graph import graph_from_plans  # noqa: E402

import neo4j_server  # noqa: E402

PASSWORD = "bench-password"
RUNS = 5  # of each way, taking turns


def per_row(server: Server, G: Any) -> int:
    """The same push, one statement per node and relationship (the baseline)."""
    statements = 0
    for nodes, rels in plan_rows(G).values():
        with server.session() as s:
            tx = s.begin_transaction()
            for label, items in nodes.items():
                for row in items:
                    tx.run(f"MERGE (n:{label} {{id: $id}}) SET n += $props", row).consume()
                    statements += 1
            for (rel, a, b, _), items in rels.items():
                text = (
                    f"MATCH (s:{a} {{id: $source}}) MATCH (e:{b} {{id: $target}}) "
                    f"MERGE (s)-[r:{rel}]->(e) SET r += $props"
                )
                for row in items:
                    tx.run(text, row).consume()
                    statements += 1
            tx.commit()
    return statements


def via_load_csv(server: Server, G: Any, folder: Path) -> int:
    """The other way a user might take: the graph exported as CSV files where the server can read
    them, then loaded with ``LOAD CSV`` (MERGE on id, as a push; one statement a file)."""
    rows = rows_for_neo4j(G)
    labels = {r["id"]: label for label, items in rows.nodes.items() for r in items}
    statements = []
    for label, items in rows.nodes.items():
        keys = sorted({k for r in items for k in r["props"]})
        _write(folder / f"{label}.csv", ["id", *keys], ([r["id"], *(r["props"].get(k) for k in keys)] for r in items))
        sets = "".join(f", n.`{k}` = row.`{k}`" for k in keys)
        statements.append(
            f"LOAD CSV WITH HEADERS FROM '{(folder / f'{label}.csv').as_uri()}' AS row MERGE (n:{label} {{id: row.id}})"
            + (f" SET {sets[2:]}" if sets else "")
        )
    for rel, items in rows.relationships.items():
        keys = sorted({k for r in items for k in r["props"]})
        pairs: dict[tuple[str, str], list[Any]] = {}
        for r in items:
            pairs.setdefault((labels[r["source"]], labels[r["target"]]), []).append(r)
        for (a, b), group in pairs.items():
            name = f"{rel}-{a}-{b}.csv"
            data = ([r["source"], r["target"], *(r["props"].get(k) for k in keys)] for r in group)
            _write(folder / name, ["source", "target", *keys], data)
            sets = "".join(f", r.`{k}` = row.`{k}`" for k in keys)
            statements.append(
                f"LOAD CSV WITH HEADERS FROM '{(folder / name).as_uri()}' AS row MATCH (s:{a} {{id: row.source}}) "
                f"MATCH (e:{b} {{id: row.target}}) MERGE (s)-[r:{rel}]->(e)" + (f" SET {sets[2:]}" if sets else "")
            )
    with server.session() as s:
        for text in statements:
            s.run(text).consume()
    return len(statements)


def _write(path: Path, head: list[str], rows: Any) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerows(["" if v is None else v for v in row] for row in rows)


def _empty(server: Server) -> None:
    """Delete everything, then give the server a moment to finish its own work on it (the same
    for every run measured)."""
    server.query("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS", write=True)
    time.sleep(2)


def main(n: int = 32) -> None:
    G = graph_from_plans(synthetic_plans(n, seed=7, actions=(60, 60)))
    rows = G.number_of_nodes() + G.number_of_edges()
    print(f"{n} plans: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships ({rows} rows)")
    builds = []
    for _ in range(3):
        t0 = time.perf_counter()
        plan_batches(G)
        builds.append(time.perf_counter() - t0)
    build = min(builds)
    with tempfile.TemporaryDirectory(prefix="cjgraph-bench-") as home:
        server_process = neo4j_server.start(Path(home), PASSWORD)
        try:
            with connect(Settings(server_process.uri, "neo4j", PASSWORD)) as server:
                # constraints in place, and the server's JIT warmed up for both ways (as JMH would)
                warm = graph_from_plans(synthetic_plans(4, seed=8, actions=(60, 60)))
                for _ in range(20):
                    _empty(server)
                    push(server, G)
                for _ in range(2):
                    _empty(server)
                    per_row(server, warm)
                imports = Path(home) / "import"  # (the test server reads a file anywhere)
                imports.mkdir()
                for _ in range(3):
                    _empty(server)
                    via_load_csv(server, G, imports)
                times: dict[str, list[float]] = {}
                order = ("batched", "per row", "LOAD CSV") * RUNS
                order += ("batch 1000", "batch 10000", "batch 1000", "batch 10000")
                print(f"  load average before: {os.getloadavg()[0]:.2f}")
                for name in order:
                    _empty(server)
                    t0 = time.perf_counter()
                    if name == "per row":
                        detail = f"{per_row(server, G)} statements"
                    elif name == "LOAD CSV":
                        detail = f"{via_load_csv(server, G, imports)} files written and loaded"
                    else:
                        size = int(name.split()[1]) if " " in name else BATCH_ROWS
                        report = push(server, G, batch_rows=size)
                        detail = f"{report.statements} statements of up to {size} rows"
                    times.setdefault(name, []).append(time.perf_counter() - t0)
                    assert counts(server) == graph_counts(G), name
                    print(f"  {name:11} {times[name][-1]:7.2f} s  ({detail})")
                batched, one_by_one = statistics.median(times["batched"]), statistics.median(times["per row"])
                print(f"  load average after: {os.getloadavg()[0]:.2f}")
                csv_way = statistics.median(times["LOAD CSV"])
                print(f"  export + LOAD CSV / batched: {csv_way / statistics.median(times['batched']):.1f}x (medians)")
                print(
                    f"  per row / batched: {one_by_one / batched:.1f}x (medians of {RUNS} each, taken in turn); "
                    f"fastest / fastest {min(times['per row']) / min(times['batched']):.1f}x, "
                    f"slowest / slowest {max(times['per row']) / max(times['batched']):.1f}x"
                )
                print(
                    f"  building the rows and statements (client side, best of 3): {build:.2f} s, "
                    f"{build / batched:.0%} of the batched push's {batched:.2f} s"
                )
                with server.session() as s:  # what a statement costs before it does anything
                    t0 = time.perf_counter()
                    for i in range(2000):
                        s.run("RETURN $i AS i", i=i).consume()
                    trip = (time.perf_counter() - t0) / 2000
                print(
                    f"  a trivial statement's round trip: {trip * 1000:.2f} ms; per row: "
                    f"{one_by_one / rows * 1000:.2f} ms one by one, "
                    f"{batched / rows * 1000:.3f} ms in batches"
                )
        finally:
            server_process.stop()

    print("cjgraph cypher lead_load, start to answer (extraction included), 3 runs each:")
    for name in ("midlothian-2017-2020", "north-lanarkshire-2017-2020"):
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "cjgraph", "cypher", "lead_load", str(example_path(name))],
                check=True,
                capture_output=True,
            )
            runs.append(time.perf_counter() - t0)
        print(f"  {name}: {min(runs):.2f}-{max(runs):.2f} s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
