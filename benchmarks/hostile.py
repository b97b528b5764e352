"""Benchmark: every command on every file of the hostile corpus (tests/hostile.py), each in its
own process, with its time and peak memory (the kernel's figure for that process alone); the
slowest five and the largest five are listed, and any run that printed a traceback or a refusal
of more than one sentence.

Usage: python benchmarks/hostile.py [OUT.tsv]

Issue 19's bar: the slowest five each under 10 s and 500 MB peak. Note the machine's load
(``uptime``) beside the figures; a loaded machine is slower.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile import make_corpus  # noqa: E402
from measure import measured  # noqa: E402
from test_hostile_corpus import COMMANDS  # noqa: E402


def run(args: list[str], folder: Path) -> tuple[float, float, int, str]:
    seconds, peak, code, _, err = measured(args, folder)
    return seconds, peak, code, err


def main(report: str | None = None) -> None:
    os.environ["NEO4J_PASSWORD"] = "x"  # push tries a server nobody runs: one sentence
    print(f"load before: {os.getloadavg()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="cjgraph-hostile-") as d:
        corpus = make_corpus(Path(d) / "corpus")
        for name, path in corpus.items():
            for command in COMMANDS:
                work = Path(d) / "work"
                work.mkdir(exist_ok=True)
                args = [a.format(f=path, tmp=work) for a in command]
                seconds, peak, code, err = run(args, work)
                errors = [line for line in err.splitlines() if line.startswith("cjgraph: error:")]
                bad = "Traceback" in err or len(errors) > 1 or code not in (0, 1, 2)
                rows.append((seconds, peak, code, name, command[0], bad, err.strip().splitlines()[-1:] or [""]))
                for p in sorted(work.rglob("*"), reverse=True):
                    p.unlink() if p.is_file() or p.is_symlink() else p.rmdir()
    print(f"load after: {os.getloadavg()}; {len(rows)} runs")
    for title, key in (("slowest", 0), ("largest", 1)):
        print(f"\nthe {title} five:")
        for r in sorted(rows, key=lambda r: -r[key])[:5]:
            print(f"  {r[0]:6.2f} s {r[1]:7.0f} MB  exit {r[2]}  {r[4]:<10} {r[3]}")
    bad = [r for r in rows if r[5]]
    print(f"\nruns with a traceback, several error lines or a crash: {len(bad)}")
    for r in bad:
        print(f"  {r[4]} {r[3]}: exit {r[2]} {r[6][0][:150]}")
    if report:
        with open(report, "w", encoding="utf-8") as fh:
            fh.write("seconds\tpeak_mb\texit\tfile\tcommand\tlast_line\n")
            for r in rows:
                fh.write(f"{r[0]:.2f}\t{r[1]:.0f}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[6][0][:200]}\n")


if __name__ == "__main__":
    main(*sys.argv[1:2])
