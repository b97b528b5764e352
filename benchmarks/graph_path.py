"""Measure: the path of the graph through ``write_report`` on the bundled plans. Every call of a
cjgraph function that is handed the graph itself (as an argument) is a stop; a stop in another
module than the one before is a move, and a move to a module on a higher import floor (the
floors of pyproject.toml's [tool.importlinter]) than the calling module's is a climb back up.

Usage: python benchmarks/graph_path.py     (prints modules passed through, moves and climbs)
"""

from __future__ import annotations

import sys
import tempfile
import tomllib
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _floors() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    return [[m.strip() for m in layer.replace("|", ":").split(":")] for layer in layers]


def _floor(module: str, floors: list[list[str]]) -> int:
    """The floor of a module, 0 the top (the command line)."""
    for k, names in enumerate(floors):
        if any(module == n or module.startswith(n + ".") for n in names):
            return k
    return len(floors)


def main() -> None:
    import cjgraph
    from cjgraph.examples import example_names, example_path
    from cjgraph.visualisations.report import write_report

    G = cjgraph.load(*(example_path(n) for n in example_names()))
    floors = _floors()
    stops: list[str] = []

    def watch(frame: FrameType, event: str, _arg: Any) -> None:
        if event != "call":
            return
        module = frame.f_globals.get("__name__", "")
        if module.startswith("cjgraph") and any(v is G for v in frame.f_locals.values()):
            stops.append(module)

    with tempfile.TemporaryDirectory() as d:
        sys.setprofile(watch)
        try:
            write_report(G, Path(d) / "pack")
        finally:
            sys.setprofile(None)
    moves = [(a, b) for a, b in zip(stops, stops[1:], strict=False) if a != b]
    climbs = [(a, b) for a, b in moves if _floor(b, floors) < _floor(a, floors)]
    print(f"calls handed the graph: {len(stops)}; modules: {len(set(stops))}")
    print(f"moves between modules: {len(moves)}; climbs back up a floor: {len(climbs)}")
    for a, b in sorted(set(climbs)):
        print(f"  up: {a} -> {b}")


if __name__ == "__main__":
    main()
