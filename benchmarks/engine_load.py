"""Loading the plan graph into the embedded Cypher engine: what cjgraph does (small node tables
created from their rows, the rest bulk-loaded with COPY FROM plain CSV files) against every
table loaded with batched ``UNWIND $rows ... CREATE`` statements (relationships by ``MATCH`` of
their ends), side by side on the same synthetic plans in one run.

    python benchmarks/engine_load.py [ACTIONS ...]     # default: 5000 20000 (one plan each)
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import cjgraph.cypher.embedded as embedded
from cjgraph.cypher import load_query
from cjgraph.cypher.rows import rows_for_neo4j
from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.graph import graph_from_plans

COPIED = embedded._data


def unwound(G: Any, folder: Path) -> Any:
    """The same data for the engine, every table loaded by UNWIND statements (the baseline)."""
    data = COPIED(G, folder)
    rows = rows_for_neo4j(G)
    labels = {r["id"]: label for label, items in rows.nodes.items() for r in items}
    loads: list[tuple[str, dict[str, Any] | None]] = []
    for label, items in rows.nodes.items():
        names = [k for k, _ in data.tables.columns[label]]
        values = "".join(f", {k}: row.{k}" for k in names)
        for i in range(0, len(items), 2000):
            batch = [{"id": r["id"], **{k: r["props"].get(k) for k in names}} for r in items[i : i + 2000]]
            loads.append((f"UNWIND $rows AS row CREATE (:{label} {{id: row.id{values}}})", {"rows": batch}))
    for rel, items in rows.relationships.items():
        names = [k for k, _ in data.tables.rel_columns[rel]]
        sets = ", ".join(f"{k}: row.{k}" for k in names)
        pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r in items:
            row = {"source": r["source"], "target": r["target"], **{k: r["props"].get(k) for k in names}}
            pairs.setdefault((labels[r["source"]], labels[r["target"]]), []).append(row)
        for (a, b), group in pairs.items():
            text = (
                f"UNWIND $rows AS row MATCH (s:{a} {{id: row.source}}), (e:{b} {{id: row.target}}) "
                f"CREATE (s)-[:{rel}{' {' + sets + '}' if sets else ''}]->(e)"
            )
            loads += [(text, {"rows": group[i : i + 2000]}) for i in range(0, len(group), 2000)]
    return replace(data, loads=loads)


def main(sizes: list[int]) -> None:
    query = load_query("lead_load").embedded_text
    for n in sizes:
        G = graph_from_plans(synthetic_plans(1, actions=(n, n)))
        times = {}
        answers = []
        for name, make in (("copy", COPIED), ("unwind", unwound)):
            embedded._data = make  # the engine's parent process makes the data
            start = time.perf_counter()
            loaded = embedded.EmbeddedCypher(G)
            answers.append(loaded.run(query, {"plan": ""}).rows)
            times[name] = time.perf_counter() - start
            loaded.close()
        embedded._data = COPIED
        assert answers[0] == answers[1], "the two loads answer differently"
        print(
            f"{n:>7} actions ({G.number_of_nodes()} nodes, {G.number_of_edges()} relationships), to the first answer: "
            f"COPY {times['copy']:.2f} s, UNWIND {times['unwind']:.2f} s, ratio {times['unwind'] / times['copy']:.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5000, 20000])
