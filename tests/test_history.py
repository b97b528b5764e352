"""A plan over its life (issue 22): the history sheets of the workbook (progress reports,
indicator values, self-assessments), read and checked as a planner fills them in, in Excel."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.examples import tiny_plan
from cjgraph.loading import load
from cjgraph.model import Assessment, IndicatorValue, Plan, Update
from cjgraph.workbook import read_plan, write_plan


def _with_history(**history: object) -> Plan:
    return dataclasses.replace(tiny_plan(), **history)  # type: ignore[arg-type]


INDICATOR = tiny_plan().indicators[0].indicator
GOOD = {
    "updates": (
        Update("A1", date(2018, 6, 30), "on-track", reported_by="Police Scotland"),
        Update("A1", date(2018, 9, 30), "at-risk", date(2019, 9, 30), "funding came late", "bid resubmitted"),
        Update("A2", date(2018, 9, 30), "complete"),
    ),
    "indicator_values": (
        IndicatorValue("access", INDICATOR, "2018-19", 41.0, "people", "Housing options returns"),
        IndicatorValue("access", INDICATOR, "2019-20 Q1", 12.5, "people"),
    ),
    "assessments": (Assessment("access", "2018-19", 6.0, "1-10", "start-of-year session"),),
}


@pytest.mark.parametrize("suffix", [".xlsx", ""])
def test_the_history_sheets_are_written_and_read_back_whole(tmp_path: Path, suffix: str) -> None:
    plan = _with_history(**GOOD)
    out = tmp_path / f"plan{suffix}"
    write_plan(plan, out)
    assert read_plan(out) == plan


def test_in_excel_values_and_scores_are_numbers_dates_are_dates_and_there_are_dropdowns(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(_with_history(**GOOD), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-3:] == ["progress", "indicator_values", "self_assessment"]
    assert [c.value for c in wb["indicator_values"]["D"]] == ["value", 41, 12.5]
    assert wb["self_assessment"]["C2"].data_type == "n"
    assert wb["progress"]["B2"].is_date and wb["progress"]["D3"].is_date
    lists = {str(v.sqref).split(":")[0][:1]: v.formula1 for v in wb["progress"].data_validations.dataValidation}
    assert "on-track" in lists["C"] and "A1" in lists["A"]


def test_an_older_workbook_without_history_reads_as_before(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(tiny_plan(), out)
    wb = openpyxl.load_workbook(out)
    for name in ("progress", "indicator_values", "self_assessment"):
        del wb[name]
    wb.save(out)
    plan = read_plan(out)
    assert plan.updates == plan.indicator_values == plan.assessments == ()
    assert [a.ref for a in plan.actions] == ["A1", "A2", "A3"]


def test_the_latest_report_gives_the_status_and_the_original_due_date_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(_with_history(**GOOD), out)
    G = load(out)
    a1 = G.nodes["action:tiny-2018-2021:A1"]
    assert (a1["status"], a1["status_date"]) == ("at-risk", "2018-09-30")
    assert a1["due"] == str(tiny_plan().action("A1").due)  # the revision (2019-09-30) lives on the report
    assert G.nodes["action:tiny-2018-2021:A2"]["status"] == "complete"


def test_planners_and_delivery_plan_words_are_read_as_statuses(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    words = ("Green", "In progress", "Outstanding", "Complete")
    dates = (date(2018, 6, 30), date(2018, 9, 30), date(2018, 12, 31), date(2019, 3, 31))
    write_plan(_with_history(updates=tuple(Update("A1", d, w) for d, w in zip(dates, words, strict=True))), out)
    run = CliRunner().invoke(main, ["validate", str(out)])
    assert run.exit_code == 0, run.output
    assert "progress row 3: info: status 'In progress' is read as 'on-track'" in run.output
    assert "progress row 4: info: status 'Outstanding' is read as 'off-track'" in run.output
    assert load(out).nodes["action:tiny-2018-2021:A1"]["status"] == "complete"


BAD = {
    "updates": (
        Update("A9", date(2018, 9, 30), "at-risk"),  # row 2: no such action
        Update("A1", date(2017, 1, 31), "on-track"),  # row 3: before the plan begins
        Update("A2", date(2019, 3, 31), "on-track"),  # row 4
        Update("A2", date(2018, 12, 31), "at-risk"),  # row 5: dated before the one above it
        Update("A3", date(2019, 1, 31), "at-risk", date(2019, 9, 30)),  # row 6: a revision, no reason
    ),
    "indicator_values": (
        IndicatorValue("access", INDICATOR + " (typo)", "2018-19", 1.0),  # row 2: no such indicator
        IndicatorValue("access", INDICATOR, "last year", 2.0),  # row 3: not a reporting year
    ),
    "assessments": (Assessment("access", "2018-19", 11.0, "1-10"),),  # row 2: outside its scale
}


def test_bad_history_rows_are_each_named_with_sheet_and_row(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(_with_history(**BAD), out)
    wb = openpyxl.load_workbook(out)
    wb["indicator_values"]["D2"] = "about 40"  # a value that is not a number, as typed in Excel
    wb.save(out)
    run = CliRunner().invoke(main, ["validate", str(out)])
    assert run.exit_code == 1
    said = [line.split(": ", 1)[1] for line in run.output.splitlines() if " row " in line]
    for where, code in [
        ("progress row 2: error", "unknown-ref"),
        ("progress row 3: error", "date-before-plan"),
        ("progress row 5: warning", "out-of-date-order"),
        ("progress row 6: warning", "revision-without-reason"),
        ("indicator_values row 2: error", "not-a-number"),
        ("indicator_values row 2: error", "unknown-indicator"),
        ("indicator_values row 3: error", "bad-period"),
        ("self_assessment row 2: error", "score-outside-scale"),
    ]:
        assert any(line.startswith(where) and line.endswith(f"[{code}]") for line in said), (where, code, said)
    assert "did you mean 'Number of people housed on release'?" in run.output


def test_a_command_stops_on_bad_history_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(_with_history(**BAD), out)
    pack = tmp_path / "pack"
    run = CliRunner().invoke(main, ["report", str(out), "--out", str(pack)])
    assert run.exit_code != 0
    assert "progress row 2: ref 'A9' is not an action of the plan" in run.output
    assert "Traceback" not in run.output
    assert not pack.exists()


def test_a_blank_outcome_of_a_value_is_read_from_the_indicators_sheet(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(_with_history(indicator_values=(IndicatorValue("", INDICATOR, "2019/20", 3.0),)), out)
    run = CliRunner().invoke(main, ["validate", str(out)])
    assert run.exit_code == 0, run.output
    assert "indicator_values row 2: info: the outcome of 'Number of people housed on release' is read" in run.output
    assert "period '2019/20' is read as '2019-20'" in run.output
