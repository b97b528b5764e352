"""The workbook: written and read back as CSV folders and .xlsx, giving equal records."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.loaders.extract import extract_plan
from cjgraph.workbook import read_plan, read_sheets, write_plan

from conftest import SEEDS


@pytest.mark.parametrize("name", sorted(SEEDS))
@pytest.mark.parametrize("target", ["plan", "plan.xlsx"])
def test_round_trip(name: str, target: str, tmp_path: Path) -> None:
    plan = extract_plan(SEEDS[name]).plan
    write_plan(plan, tmp_path / target)
    back = read_plan(tmp_path / target)
    assert back == plan
    assert back.issues == plan.issues
    assert back.partners == plan.partners


def test_sheets_and_columns(tmp_path: Path) -> None:
    write_plan(extract_plan(SEEDS["midlothian"]).plan, tmp_path / "m")
    sheets = read_sheets(tmp_path / "m")
    history = {"progress", "indicator_values", "self_assessment"}  # empty but there, for a planner to fill in
    assert set(sheets) == {"plan", "actions", "indicators", "indicator_links", "partners", "issues"} | history
    first = sheets["actions"][0]
    assert list(first)[:7] == ["ref", "outcome", "text", "leads", "contributors", "timescale", "due"]
    assert first["due"] == "2018-03-31"
    assert {r["key"]: r["value"] for r in sheets["plan"]}["framework"] == "opif-2016"


def test_plan_text_never_becomes_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from cjgraph.model import Action, Plan, PlanInfo

    plan = Plan(PlanInfo(id="x"), actions=(Action("A1", "communities", '=HYPERLINK("http://x")'),))
    write_plan(plan, tmp_path / "x.xlsx")
    cell = load_workbook(tmp_path / "x.xlsx")["actions"]["C2"]
    assert cell.data_type == "s"
    assert read_plan(tmp_path / "x.xlsx").actions[0].text == '=HYPERLINK("http://x")'


def test_the_extracted_workbook_is_laid_out_for_a_planner(tmp_path: Path) -> None:
    """Dropdowns for status and outcome, filter buttons, wrapped text, real dates read back as ISO."""
    from openpyxl import load_workbook

    from cjgraph.cli import main
    from cjgraph.loading import load_plan

    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["extract", str(SEEDS["midlothian"]), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    ws = wb["actions"]
    head = [c.value for c in ws[1]]
    lists = {
        ws.cell(1, rng.min_col).value: dv.formula1
        for dv in ws.data_validations.dataValidation
        for rng in dv.sqref.ranges
    }
    assert lists["status"] == '"not-started,on-track,at-risk,off-track,complete"'
    assert lists["outcome"].startswith('"communities,partnership,')
    assert ws.auto_filter.ref and ws.freeze_panes == "A2"
    due = ws.cell(2, head.index("due") + 1).value
    assert due.year == 2018 and ws.cell(2, head.index("text") + 1).alignment.wrap_text
    wb.close()
    plan = load_plan(out)
    assert str(plan.actions[0].due) == "2018-03-31"
    again = CliRunner().invoke(main, ["extract", str(SEEDS["midlothian"]), "--out", str(out), "-q"])
    assert again.exit_code == 0, again.output  # still cjgraph's own, unchanged workbook: replaced
