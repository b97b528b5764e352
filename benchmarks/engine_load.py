"""Loading the plan graph into the embedded Cypher engine: bulk COPY FROM CSV (what cjgraph does)
against batched ``UNWIND $rows ... MATCH ... CREATE`` statements (what it did before), side by
side on the same synthetic plans in one run.

    python benchmarks/engine_load.py [ACTIONS ...]     # default: 5000 20000 (one plan each)
"""

from __future__ import annotations

import sys
import time
from typing import Any

from cjgraph.cypher import load_query
from cjgraph.cypher.embedded import EmbeddedCypher
from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.graph import graph_from_plans


class Unwound(EmbeddedCypher):
    """The same engine, loaded with batched UNWIND statements (the baseline)."""

    def _load_table(
        self, table: str, header: list[str], rows: list[list[Any]], ends: tuple[str, str] | None = None
    ) -> None:
        props = header[1:] if ends is None else header[2:]
        data = [dict(zip(header, r, strict=True)) for r in rows]
        if ends is None:
            sets = ", ".join(f"n.{k} = row.{k}" for k in props)
            statement = f"UNWIND $rows AS row CREATE (n:{table} {{id: row.id}})" + (f" SET {sets}" if sets else "")
        else:
            sets = ", ".join(f"r.{k} = row.{k}" for k in props)
            statement = (
                f"UNWIND $rows AS row MATCH (s:{ends[0]} {{id: row.source}}), (e:{ends[1]} {{id: row.target}}) "
                f"CREATE (s)-[r:{table}]->(e)" + (f" SET {sets}" if sets else "")
            )
        for i in range(0, len(data), 2000):
            self.connection.execute(statement, {"rows": data[i : i + 2000]})


def main(sizes: list[int]) -> None:
    query = load_query("lead_load").embedded_text
    for n in sizes:
        G = graph_from_plans(synthetic_plans(1, actions=(n, n)))
        times = {}
        answers = []
        for name, engine in (("copy", EmbeddedCypher), ("unwind", Unwound)):
            start = time.perf_counter()
            loaded = engine(G)
            times[name] = time.perf_counter() - start
            answers.append(loaded.run(query, {"plan": ""}).rows)
        assert answers[0] == answers[1], "the two loads answer differently"
        print(
            f"{n:>7} actions ({G.number_of_nodes()} nodes, {G.number_of_edges()} relationships): "
            f"COPY {times['copy']:.2f} s, UNWIND {times['unwind']:.2f} s, ratio {times['unwind'] / times['copy']:.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5000, 20000])
