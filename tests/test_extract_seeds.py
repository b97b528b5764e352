"""The two seed plans extract exactly as the hand-checked answer keys say."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.workbook import read_plan

from conftest import GOLD, SEEDS, score


@pytest.mark.parametrize("name", sorted(SEEDS))
@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_seed_scores_one(name: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"{name}{suffix}"
    result = CliRunner().invoke(main, ["extract", str(SEEDS[name]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "actions per outcome" in result.output
    assert score(out, name, capsys) == 1.0


def test_section17_differences_reported(tmp_path: Path) -> None:
    out = tmp_path / "nl"
    CliRunner().invoke(main, ["extract", str(SEEDS["north-lanarkshire"]), "--out", str(out), "-q"])
    plan = read_plan(out)
    reported = {i.subject for i in plan.issues if i.code == "summary-lead-differs"}
    with (GOLD / "north-lanarkshire" / "section17_differences.csv").open() as fh:
        expected = {r["ref"] for r in csv.DictReader(fh)}
    assert reported == expected
    assert all(i.source.startswith("line ") for i in plan.issues if i.code == "summary-lead-differs")


def test_ref_repairs_recorded(tmp_path: Path) -> None:
    out = tmp_path / "nl"
    CliRunner().invoke(main, ["extract", str(SEEDS["north-lanarkshire"]), "--out", str(out), "-q"])
    repairs = {i.message for i in read_plan(out).issues if i.code == "ref-repaired"}
    for printed, fixed in [("S02.1", "SO2.1"), ("SO.3.2", "SO3.2"), ("SO3.3.", "SO3.3"), ("PPCO2.1", "PCO2.1")]:
        assert f"link ref {printed!r} read as {fixed!r}" in repairs


def test_partners_sheet_has_kind_and_scope(tmp_path: Path) -> None:
    out = tmp_path / "m"
    CliRunner().invoke(main, ["extract", str(SEEDS["midlothian"]), "--out", str(out), "-q"])
    partners = {p.canonical: p for p in read_plan(out).partners}
    assert partners["Scottish Prison Service"].scope == "national"
    assert partners["Scottish Prison Service"].kind == "statutory"
    assert partners["Midlothian and East Lothian Drug and Alcohol Partnership"].aliases == ("MELDAP",)
    assert partners["All Strategic Partners"].kind == "collective"


def test_needs_proposed_with_evidence(tmp_path: Path) -> None:
    out = tmp_path / "m"
    CliRunner().invoke(main, ["extract", str(SEEDS["midlothian"]), "--out", str(out), "-q"])
    a = read_plan(out).action("SO2.3")  # "... released from HMP Edinburgh without stable accommodation"
    assert "housing" in a.needs
    assert "housing: accommodation" in a.needs_evidence


def test_examples_flag_writes_every_bundled_plan(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "--examples", "--out", str(tmp_path / "plans")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "plans").iterdir())
    assert names == [".cjgraph-output", "midlothian-2017-2020.xlsx", "north-lanarkshire-2017-2020.xlsx"]


def test_numbering_gap_noted(tmp_path: Path) -> None:
    out = tmp_path / "m"
    CliRunner().invoke(main, ["extract", str(SEEDS["midlothian"]), "--out", str(out), "-q"])
    gaps = [i.message for i in read_plan(out).issues if i.code == "ref-gap"]
    assert gaps == ["the plan has no SO2.10 between SO2.9 and SO2.11"]
