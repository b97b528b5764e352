"""Benchmark: the questions over a plan's life, and the annual report (issue 22).

Usage: python benchmarks/progress.py [RUNS]   (default 5)

1. Every time question (status on a date, slippage, by partner, stalled, RAG trend, outcomes
   off track, indicator and self-assessment movement, the annual return across plans) on 32
   synthetic plans x 60 actions x 12 quarters of history, in one process, each asked RUNS
   times in turn on a fresh graph (so no answer is cached). Target: each <= 1 s.
2. `cjgraph annual-report` for one such plan against `cjgraph report` for the same plan, end to
   end (start to the file written), taking turns. Target: the annual report within 2x the pack.

Medians are compared; every run is listed. Run on a quiet machine; compare figures of one run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any


def _graph() -> Any:
    from cjgraph.examples.synthetic import synthetic_plans
    from cjgraph.graph import graph_from_plans
    from cjgraph.progress import settle_history

    return graph_from_plans([settle_history(p)[0] for p in synthetic_plans(32, actions=(60, 60), quarters=12)])


def _questions() -> dict[str, Callable[[Any], object]]:
    from cjgraph import queries as q
    from cjgraph.queries.annual import national_return

    on = date(2019, 6, 30)
    return {
        "status_on": lambda G: q.status_on(G, on),
        "slippage": q.slippage,
        "slippage_by_partner": q.slippage_by_partner,
        "stalled": lambda G: q.stalled(G, on, days=90),
        "rag_trend": q.rag_trend,
        "outcomes_off_track": lambda G: q.outcomes_off_track(G, on),
        "indicator_movement": q.indicator_movement,
        "assessment_movement": q.assessment_movement,
        "national_return": lambda G: national_return(G, "2018-19"),
    }


def time_questions(runs: int) -> None:
    times: dict[str, list[float]] = {name: [] for name in _questions()}
    for _ in range(runs):
        for name, ask in _questions().items():
            G = _graph()  # fresh: a plan view cached by an earlier question is not reused
            t0 = time.perf_counter()
            ask(G)
            times[name].append(time.perf_counter() - t0)
    print("time questions, 32 plans x 60 actions x 12 quarters (seconds):")
    for name, ts in times.items():
        runs_said = ", ".join(f"{t:.3f}" for t in ts)
        print(f"  {name:22} median {statistics.median(ts):.3f}  ({runs_said})")


def time_annual_report(runs: int) -> None:
    from cjgraph.examples.synthetic import synthetic_plans
    from cjgraph.workbook import write_plan

    with tempfile.TemporaryDirectory(prefix="cjgraph-bench-") as folder:
        book = Path(folder) / "plan.xlsx"
        plan = synthetic_plans(1, actions=(60, 60), quarters=12, seed=7)[0]
        write_plan(plan, book)
        year = f"{plan.info.period_start[:4]}-{(int(plan.info.period_start[:4]) + 1) % 100:02d}"
        pack, docx = Path(folder) / "pack", Path(folder) / "report.docx"
        packs, reports = [], []
        for _ in range(runs):  # taking turns
            shutil.rmtree(pack, ignore_errors=True)
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "cjgraph", "report", str(book), "--out", str(pack)],
                check=True,
                capture_output=True,
            )
            packs.append(time.perf_counter() - t0)
            docx.unlink(missing_ok=True)
            t0 = time.perf_counter()
            args = ["annual-report", str(book), "--year", year, "--out", str(docx)]
            subprocess.run([sys.executable, "-m", "cjgraph", *args], check=True, capture_output=True)
            reports.append(time.perf_counter() - t0)
    p, r = statistics.median(packs), statistics.median(reports)
    print("one plan (60 actions, 12 quarters), end to end (seconds):")
    print(f"  report         median {p:.2f}  ({', '.join(f'{t:.2f}' for t in packs)})")
    print(f"  annual-report  median {r:.2f}  ({', '.join(f'{t:.2f}' for t in reports)})")
    print(f"  annual-report / report = {r / p:.2f} (target <= 2)")


def main(runs: int = 5) -> None:
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    time_questions(runs)
    time_annual_report(runs)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
