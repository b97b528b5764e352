"""Benchmark: `cjgraph report` end to end (start to the pack written) against a bare
`python -c "import pandas, networkx"` in the same environment, taking turns.

Usage: python benchmarks/report.py [RUNS] [PLANS]   (default 5 of each; the bundled plans, or
PLANS synthetic plan workbooks of 60 actions each; several counts, "32,100", take turns too and
give the growth exponent between the first and the last)

Targets: the bundled plans' pack within 3x the bare imports (issue 14); 32 synthetic plans
within 8x, and from 32 to 100 plans a growth exponent of 1.1 at most with index.html 5 MB at
most (issue 21). Medians of the runs are compared; run on a quiet machine and compare
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
    folder.mkdir(parents=True, exist_ok=True)
    for plan in synthetic_plans(plans, seed=7, actions=(60, 60)):
        paths.append(str(folder / f"{plan.info.id}.xlsx"))
        write_plan(plan, paths[-1])
    return paths


def main(runs: int = 5, counts: tuple[int, ...] = (0,)) -> None:
    import math

    bare: list[float] = []
    packs: dict[int, list[float]] = {n: [] for n in counts}
    sizes: dict[int, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="cjgraph-bench-") as folder:
        sources = {n: _sources(Path(folder) / str(n), n) for n in counts}
        out = Path(folder) / "pack"
        for _ in range(runs):  # taking turns: the bare imports, then each set of plans
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import pandas, networkx"], check=True)
            bare.append(time.perf_counter() - t0)
            for n in counts:
                shutil.rmtree(out, ignore_errors=True)
                t0 = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "cjgraph", "report", *sources[n], "--out", str(out)],
                    check=True,
                    capture_output=True,
                )
                packs[n].append(time.perf_counter() - t0)
                index = (out / "index.html").stat().st_size
                sizes[n] = index, sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"import pandas, networkx: {', '.join(f'{t:.2f}' for t in bare)} s")
    for n in counts:
        what = f"{n} synthetic plans" if n else "--examples"
        ratio = statistics.median(packs[n]) / statistics.median(bare)
        print(f"cjgraph report {what}: {', '.join(f'{t:.2f}' for t in packs[n])} s")
        print(
            f"  report / imports: {ratio:.1f}x (medians of {runs}); index.html {sizes[n][0] / 1e6:.2f} MB, "
            f"the whole pack {sizes[n][1] / 1e6:.1f} MB"
        )
    if len(counts) > 1 and counts[0]:
        first, last = counts[0], counts[-1]
        growth = math.log(statistics.median(packs[last]) / statistics.median(packs[first])) / math.log(last / first)
        print(f"growth exponent from {first} to {last} plans: {growth:.2f} (time ~ plans^{growth:.2f})")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 5,
        tuple(int(x) for x in sys.argv[2].split(",")) if len(sys.argv) > 2 else (0,),
    )
