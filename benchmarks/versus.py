"""Benchmark: this checkout against an earlier commit, taking turns, each run in its own process.
Two workloads:

- ``big``: ``report`` and ``extract`` (to ``.xlsx``) of the 40,000-action plan of the hostile
  corpus (tests/hostile.py);
- ``map32``: ``map`` of 32 synthetic plans (workbooks of 60 actions each).

Usage: python benchmarks/versus.py REVISION [RUNS] [WORKLOAD]   (default 5 runs, big)

The earlier commit is installed (without its dependencies: this environment's) into a
temporary folder and run from there. Every run is listed, with the machine's load before and
after; compare the medians of one run of this script only.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile import big_plan  # noqa: E402


def _install(revision: str, folder: Path) -> Path:
    source, target = folder / "source", folder / "installed"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(source), revision], check=True)
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(source)],
            check=True,
        )
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(source)], check=True)
    return target


def _timed(args: list[str], path: str | None, work: Path) -> float:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = path
    for p in work.iterdir():
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cjgraph", *args], cwd=work, env=env, check=True, capture_output=True)
    return time.perf_counter() - t0


def _workload(name: str, folder: Path) -> dict[str, list[str]]:
    if name == "map32":
        from cjgraph.examples.synthetic import synthetic_plans
        from cjgraph.workbook import write_plan

        paths = []
        for plan in synthetic_plans(32, seed=7, actions=(60, 60)):
            paths.append(str(folder / f"{plan.info.id}.xlsx"))
            write_plan(plan, paths[-1])
        return {"map": ["map", *paths, "--out", "map.html"]}
    plan = folder / "actions-40000.txt"
    plan.write_text(big_plan(40_000), encoding="utf-8")
    return {
        "report": ["report", str(plan), "--out", "pack"],
        "extract": ["extract", str(plan), "--out", "p.xlsx"],
    }


def main(revision: str, runs: int = 5, workload: str = "big") -> None:
    print(f"load before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="cjgraph-versus-") as d:
        folder = Path(d)
        earlier = str(_install(revision, folder))
        work = folder / "work"
        work.mkdir()
        commands = _workload(workload, folder)
        for name, args in commands.items():
            times: dict[str, list[float]] = {revision: [], "this checkout": []}
            for _ in range(runs):
                times[revision].append(_timed(args, earlier, work))
                times["this checkout"].append(_timed(args, None, work))
            for who, ts in times.items():
                print(f"{name:8} {who:>14}: {', '.join(f'{t:.2f}' for t in ts)} s (median {statistics.median(ts):.2f})")
            ratio = statistics.median(times[revision]) / statistics.median(times["this checkout"])
            print(f"{name:8} {revision} / this checkout: {ratio:.2f}x (medians of {runs})")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:3]), *sys.argv[3:4])
