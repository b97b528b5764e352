"""Benchmark: `cjgraph report --examples` end to end (start to the pack written) against a bare
`python -c "import pandas, networkx"` in the same environment, taking turns.

Usage: python benchmarks/report.py [RUNS]   (default 5 of each)

The target (issue 14): the pack within 3x the bare imports. Medians of the runs are compared;
run on a quiet machine and compare figures from one run only.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(runs: int = 5) -> None:
    bare: list[float] = []
    pack: list[float] = []
    with tempfile.TemporaryDirectory(prefix="cjgraph-bench-") as folder:
        out = Path(folder) / "pack"
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import pandas, networkx"], check=True)
            bare.append(time.perf_counter() - t0)
            shutil.rmtree(out, ignore_errors=True)
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "cjgraph", "report", "--examples", "--out", str(out)],
                check=True,
                capture_output=True,
            )
            pack.append(time.perf_counter() - t0)
    print(f"import pandas, networkx: {', '.join(f'{t:.2f}' for t in bare)} s")
    print(f"cjgraph report --examples: {', '.join(f'{t:.2f}' for t in pack)} s")
    print(f"report / imports: {statistics.median(pack) / statistics.median(bare):.1f}x (medians of {runs})")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
