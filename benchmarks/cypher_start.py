"""Start to answer: ``cjgraph cypher lead_load`` (the library query on the embedded engine)
against ``cjgraph lead-load`` (the same question in Python), each run in its own process, taking
turns, on the bundled examples and on one plan. Every run is listed with the machine's load; compare the
medians of one run of this script only.

    python benchmarks/cypher_start.py [RUNS]     # default 7
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time


def commands(source: list[str]) -> dict[str, list[str]]:
    return {
        "cypher lead_load": ["cypher", "lead_load", *source, "--format", "csv"],
        "lead-load": ["lead-load", *source, "--format", "csv"],
    }


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cjgraph", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main(runs: int) -> None:
    from cjgraph.examples import example_path

    for what, source in (
        ("both bundled examples", ["--examples"]),
        ("one plan", [str(example_path("midlothian-2017-2020"))]),
    ):
        print(f"{what}; load before: {os.getloadavg()[0]:.2f}")
        for args in commands(source).values():
            _timed(args)  # warm the file cache
        times: dict[str, list[float]] = {name: [] for name in commands(source)}
        for _ in range(runs):
            for name, args in commands(source).items():
                times[name].append(_timed(args))
        for name, seconds in times.items():
            listed = " ".join(f"{s:.3f}" for s in seconds)
            print(f"  {name:>17}: median {statistics.median(seconds):.3f} s; runs {listed}")
        ratio = statistics.median(times["cypher lead_load"]) / statistics.median(times["lead-load"])
        print(f"  cypher lead_load / lead-load: {ratio:.2f}x; load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
