"""Shared fixtures: the bundled seeds, the answer keys, and the answer-key scorer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from cjgraph.examples import example_path

HERE = Path(__file__).parent
GOLD = HERE / "fixtures" / "gold"
SEEDS = {
    "midlothian": example_path("midlothian-2017-2020"),
    "north-lanarkshire": example_path("north-lanarkshire-2017-2020"),
}
sys.path.insert(0, str(HERE))


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score_extraction", HERE / "fixtures" / "score_extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(extracted: Path, gold: str, capsys: pytest.CaptureFixture[str]) -> float:
    """Run the answer-key scorer and return its score."""
    _scorer().main([str(extracted), str(GOLD / gold), "--show", "30"])
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("score: "), out
    print(out)
    return float(last.split()[1])
