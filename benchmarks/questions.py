"""Benchmark: every question on synthetic national sets (32 plans x 60 actions, and N plans).

Usage: python benchmarks/questions.py [N ...]   (default: 32 1000)

Prints, per set, the time to build the graph and the time of each question, their total,
and the process's peak memory. Run on a quiet machine; compare figures from one run only.
"""

from __future__ import annotations

import resource
import sys
import time
from datetime import date

from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.graph import graph_from_plans
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

QUESTIONS = {
    "lead_load": lambda G: lead_load(G),
    "lead_concentration": lambda G: lead_concentration(G),
    "find_gaps": lambda G: find_gaps(G),
    "chains (from Police Scotland)": lambda G: chains(G, "partner:police-scotland"),
    "impact (Police Scotland)": lambda G: impact(G, "Police Scotland"),
    "single_points_of_failure": lambda G: single_points_of_failure(G),
    "timeline": lambda G: timeline(G, as_of=date(2019, 4, 1)),
    "partner_network": lambda G: partner_network(G),
    "partner_links": lambda G: partner_links(G),
    "compare_plans": lambda G: compare_plans(G),
}


def run(n: int) -> None:
    plans = synthetic_plans(n, seed=7, actions=(60, 60) if n == 32 else (40, 80))
    t0 = time.perf_counter()
    G = graph_from_plans(plans)
    build = time.perf_counter() - t0
    print(
        f"\n{n} plans, {sum(len(p.actions) for p in plans)} actions: "
        f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges, graph built in {build:.2f} s"
    )
    total = 0.0
    for name, q in QUESTIONS.items():
        t = time.perf_counter()
        records = q(G)
        dt = time.perf_counter() - t
        total += dt
        print(f"  {name:32s} {dt:7.3f} s  {len(records):7d} records")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {'all questions':32s} {total:7.3f} s   peak memory {peak:.0f} MB")


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["32", "1000"]:
        run(int(arg))
