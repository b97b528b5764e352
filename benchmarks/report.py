"""Benchmark: `cjgraph report` end to end (start to the pack written) against a bare
`python -c "import pandas, networkx"` in the same environment, taking turns.

Usage: python benchmarks/report.py [RUNS] [PLANS]   (default 5 of each; the bundled plans, or
PLANS synthetic plan workbooks of 60 actions each)

Targets: the bundled plans' pack within 3x the bare imports (issue 14); 32 synthetic plans
within 8x (issue 21). Medians of the runs are compared; run on a quiet machine and compare
figures from one run only.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _sources(folder: Path, plans: int) -> list[str]:
    if not plans:
        return ["--examples"]
    from cjgraph.examples.synthetic import synthetic_plans
    from cjgraph.workbook import write_plan

    paths = []
    for plan in synthetic_plans(plans, seed=7, actions=(60, 60)):
        paths.append(str(folder / f"{plan.info.id}.xlsx"))
        write_plan(plan, paths[-1])
    return paths


def main(runs: int = 5, plans: int = 0) -> None:
    bare: list[float] = []
    pack: list[float] = []
    with tempfile.TemporaryDirectory(prefix="cjgraph-bench-") as folder:
        sources = _sources(Path(folder), plans)
        out = Path(folder) / "pack"
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import pandas, networkx"], check=True)
            bare.append(time.perf_counter() - t0)
            shutil.rmtree(out, ignore_errors=True)
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "cjgraph", "report", *sources, "--out", str(out)],
                check=True,
                capture_output=True,
            )
            pack.append(time.perf_counter() - t0)
    print(f"import pandas, networkx: {', '.join(f'{t:.2f}' for t in bare)} s")
    what = f"{plans} synthetic plans" if plans else "--examples"
    print(f"cjgraph report {what}: {', '.join(f'{t:.2f}' for t in pack)} s")
    print(f"report / imports: {statistics.median(pack) / statistics.median(bare):.1f}x (medians of {runs})")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
