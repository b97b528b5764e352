"""Benchmark: batched push (``cjgraph push``) vs one statement per row, on a real Neo4j
Community 5.26 (the tests' server, tests/neo4j_server.py: built with Maven if needed), for a
synthetic national graph; the batch size; the time to build the rows (client side); and
``cjgraph cypher`` start to answer on both seeds.

Usage: python benchmarks/push.py [PLANS]   (default: 32 plans of 60 actions)

Both pushes write the same rows in the same transactions (a plan's own nodes with the shared
nodes it uses, one transaction per plan), on an emptied graph with the constraints in place;
the only difference is ``UNWIND $rows`` batches (relationships grouped by their shared end, a
plan's parts joined into one statement) against one ``MERGE`` statement per node or
relationship. Unmeasured pushes warm the server's JIT first (twenty batched pushes, and two
per-row pushes of four other plans); then batched and per-row runs take turns, so a drift of
the machine shows, and the server has two seconds after each emptying. A batched push varies
from run to run (0.6 to 1.3 s seen on 2 shared cores), so it runs five times. Run on a quiet
machine; compare figures from one run only.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cjgraph.cypher.neo4j import Server, Settings, connect, counts, graph_counts, plan_rows, push  # noqa: E402
from cjgraph.cypher.rows import BATCH_ROWS, plan_batches  # noqa: E402
from cjgraph.examples import example_path  # noqa: E402
from cjgraph.examples.synthetic import synthetic_plans  # noqa: E402
from cjgraph.graph import graph_from_plans  # noqa: E402

import neo4j_server  # noqa: E402

PASSWORD = "bench-password"


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
                times: dict[str, list[float]] = {}
                order = ("batched", "per row", "batched", "batched", "per row", "batched", "batched")
                order += ("batch 1000", "batch 10000", "batch 1000", "batch 10000")
                for name in order:
                    _empty(server)
                    t0 = time.perf_counter()
                    if name == "per row":
                        detail = f"{per_row(server, G)} statements"
                    else:
                        size = int(name.split()[1]) if " " in name else BATCH_ROWS
                        report = push(server, G, batch_rows=size)
                        detail = f"{report.statements} statements of up to {size} rows"
                    times.setdefault(name, []).append(time.perf_counter() - t0)
                    assert counts(server) == graph_counts(G), name
                    print(f"  {name:11} {times[name][-1]:7.2f} s  ({detail})")
                batched, one_by_one = statistics.median(times["batched"]), statistics.median(times["per row"])
                print(
                    f"  per row / batched: {one_by_one / batched:.1f}x (medians of 2 and 5, taken in turn); "
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
