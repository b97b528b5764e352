"""Benchmark: batched push (``cjgraph push``) vs one statement per row, on the Bolt test server,
for a synthetic national graph; and ``cjgraph cypher`` start to answer on both seeds.

Usage: python benchmarks/push.py [PLANS]   (default: 32 plans of 60 actions)

Both pushes write the same rows in the same transactions (shared nodes, then one per plan), on
an emptied graph with the id indexes in place; the only difference is ``UNWIND $rows`` batches
(relationships grouped by their shared end) against one ``MERGE`` statement per node or
relationship. Batched runs twice (first and last)
around the per-row run, so a drift of the machine shows. Run on a quiet machine; compare
figures from one run only.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cjgraph.bolt import Server, Settings, connect, counts, graph_counts, plan_rows, push  # noqa: E402
from cjgraph.examples import example_path  # noqa: E402
from cjgraph.graph import graph_from_plans  # noqa: E402
from cjgraph.synthetic import synthetic_plans  # noqa: E402

import bolt_server  # noqa: E402

PASSWORD = "bench"


def per_row(server: Server, G: Any) -> int:
    """The same push, one statement per node and relationship (the baseline)."""
    statements = 0
    for nodes, rels in plan_rows(G).values():
        with server.session() as s:
            tx = s.begin_transaction()
            for label, items in nodes.items():
                for row in items:
                    tx.run(f"MERGE (n:{label} {{id: $id}}) SET n += $props", server.value(row)).consume()
                    statements += 1
            for (rel, a, b, _), items in rels.items():
                text = (
                    f"MATCH (s:{a} {{id: $source}}) MATCH (e:{b} {{id: $target}}) "
                    f"MERGE (s)-[r:{rel}]->(e) SET r += $props"
                )
                for row in items:
                    tx.run(text, server.value(row)).consume()
                    statements += 1
            tx.commit()
    return statements


def main(n: int = 32) -> None:
    G = graph_from_plans(synthetic_plans(n, seed=7, actions=(60, 60)))
    rows = G.number_of_nodes() + G.number_of_edges()
    print(f"{n} plans: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships ({rows} rows)")
    proc, uri = bolt_server.start(PASSWORD)
    try:
        bolt_server.poke(uri)
        with connect(Settings(uri, "falkordb", PASSWORD)) as server:
            times: dict[str, list[float]] = {"batched": [], "per row": []}
            for name in ("batched", "per row", "batched"):
                server.run("MATCH (n) DETACH DELETE n")
                t0 = time.perf_counter()
                if name == "batched":
                    report = push(server, G)
                    detail = f"{report.statements} statements"
                else:
                    detail = f"{per_row(server, G)} statements"
                times[name].append(time.perf_counter() - t0)
                assert counts(server) == graph_counts(G), name
                print(f"  {name:8} {times[name][-1]:7.2f} s  ({detail})")
            batched = statistics.median(times["batched"])
            print(f"  per row / batched: {times['per row'][0] / batched:.1f}x (batched: median of 2)")
            with server.session() as s:  # what a statement costs before it does anything
                t0 = time.perf_counter()
                for i in range(2000):
                    s.run("RETURN $i AS i", i=i).consume()
                trip = (time.perf_counter() - t0) / 2000
            print(
                f"  a trivial statement's round trip: {trip * 1000:.2f} ms; per row: "
                f"{times['per row'][0] / rows * 1000:.2f} ms one by one, "
                f"{(batched - report.statements * trip) / rows * 1000:.3f} ms in batches beyond the round trips"
            )
    finally:
        proc.terminate()
        proc.wait(10)

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
