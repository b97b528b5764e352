"""A planner's quarter without friction (issue 22, part 9): each case found by going through the
cycle as a planner would, in Excel, then running the commands."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.examples import tiny_history_plan, tiny_plan
from cjgraph.model import IndicatorLink, IndicatorValue, Partner, Update
from cjgraph.validate import validate_workbook
from cjgraph.workbook import write_plan


def _book(tmp_path: Path, plan: Any, name: str = "plan.xlsx") -> Path:
    out = tmp_path / name
    write_plan(plan, out)
    return out


def _typed(book: Path, sheet: str, cells: dict[str, object]) -> None:
    """Cells typed into a sheet as a planner types them (text where text is typed)."""
    wb = openpyxl.load_workbook(book)
    for where, value in cells.items():
        wb[sheet][where].value = value
        wb[sheet][where].number_format = "@"
    wb.save(book)


def _said(book: Path) -> dict[str, tuple[str, str]]:
    return {p.message: (p.severity, p.source) for p in validate_workbook(book)}


def _json(*args: str) -> Any:
    run = CliRunner().invoke(main, [*args, "--format", "json"])
    assert run.exit_code == 0, run.output
    return json.loads(run.stdout)


def test_a_timescale_typed_into_a_new_row_gives_its_due_date(tmp_path: Path) -> None:
    plan = tiny_plan()
    new = dataclasses.replace(plan.actions[2], ref="A4", timescale="December 2019", due=None)
    wrong = dataclasses.replace(plan.actions[1], timescale="June 2019")  # its due date says March 2019
    book = _book(tmp_path, dataclasses.replace(plan, actions=(plan.actions[0], wrong, plan.actions[2], new)))
    said = _said(book)
    assert said["the due date of A4 is read from its timescale 'December 2019': 2019-12-31"][0] == "info"
    disagree = "the timescale 'June 2019' of A2 says 2019-06-30, its due date 2019-03-31; the due date is kept"
    assert said[disagree] == ("warning", "actions row 3")
    due = {r["ref"]: r["due"] for r in _json("timeline", str(book))}
    assert due["A4"] == "2019-12-31" and due["A2"] == "2019-03-31"


def test_a_free_text_status_is_kept_as_a_note_beside_the_nearest_status(tmp_path: Path) -> None:
    plan = tiny_history_plan()
    updates = (*plan.updates, Update("A1", date(2019, 3, 31), "Delayed - awaiting funding", note="bid in"))
    actions = tuple(dataclasses.replace(a, status="TBC by partner") if a.ref == "A3" else a for a in plan.actions)
    book = _book(tmp_path, dataclasses.replace(plan, updates=updates, actions=actions))
    said = _said(book)
    read = "status 'Delayed - awaiting funding' is read as 'off-track'; its words are kept in the note"
    assert said[read] == ("warning", "progress row 6")
    assert [m for m, (s, _) in said.items() if s == "error"] == []  # no command is stopped
    states = {r["ref"]: r for r in _json("progress", str(book), "--as-of", "2019-04-01")}
    assert states["A1"]["status"] == "off-track"
    run = CliRunner().invoke(main, ["annual-report", str(book), "--year", "2018-19", "--out", str(tmp_path / "r.docx")])
    assert run.exit_code == 0, run.output
    from docx import Document

    cells = [c.text for t in Document(str(tmp_path / "r.docx")).tables for r in t.rows for c in r.cells]
    assert any("Delayed - awaiting funding; bid in" in c for c in cells)  # the words kept, beside the status


def test_a_status_with_no_status_word_is_read_as_none_and_warned() -> None:
    from cjgraph.framework import load_table_words
    from cjgraph.progress import read_status_cell

    words = load_table_words().status_words
    assert read_status_cell("Tbc by partner", "", words)[:2] == ("", "Tbc by partner")
    assert read_status_cell("Not complete yet", "x", words)[:2] == ("", "Not complete yet; x")  # never "complete"
    assert read_status_cell("Green", "x", words) == ("on-track", "x", "status 'Green' is read as 'on-track'")


def test_an_abbreviation_on_the_partners_sheet_is_filled_from_the_registry(tmp_path: Path) -> None:
    plan = tiny_plan()
    actions = tuple(dataclasses.replace(a, leads=("SAS",)) if a.ref == "A3" else a for a in plan.actions)
    book = _book(tmp_path, dataclasses.replace(plan, actions=actions, partners=(*plan.partners, Partner("SAS"))))
    said = _said(book)
    assert [m for m, (s, _) in said.items() if s == "error"] == []  # not "kind '' of 'SAS' is not one of ..."
    note = "'SAS' is read as 'Scottish Ambulance Service' (statutory, national), from the registry of Scottish bodies"
    assert said[note] == ("info", "partners row 4")
    leads = {r["partner"] for r in _json("lead-load", str(book))}
    assert "Scottish Ambulance Service" in leads and "SAS" not in leads


def test_a_uk_date_typed_as_text_is_read_as_that_date(tmp_path: Path) -> None:
    book = _book(tmp_path, tiny_history_plan())
    _typed(book, "progress", {"B2": "30/06/2018"})
    assert [m for m, (s, _) in _said(book).items() if s == "error"] == []
    states = {r["ref"]: r for r in _json("progress", str(book), "--as-of", "2018-07-01")}
    assert states["A1"]["reported"] == "2018-06-30"


def test_diff_reports_what_changed_in_the_indicators(tmp_path: Path) -> None:
    plan = tiny_history_plan()
    first = plan.indicators[0]
    values = (*plan.indicator_values[:1], dataclasses.replace(plan.indicator_values[1], value=45.0))
    new = dataclasses.replace(first, indicator="Number of people with a tenancy six months on", kind="local")
    later = dataclasses.replace(
        plan,
        indicators=(*plan.indicators, new),
        indicator_links=(IndicatorLink(first.outcome, first.indicator, ("A1", "A2")),),
        indicator_values=(
            *values,
            *plan.indicator_values[2:],
            IndicatorValue(first.outcome, new.indicator, "2019-20", 7),
        ),
    )
    q1, q2 = _book(tmp_path, plan, "q1.xlsx"), _book(tmp_path, later, "q2.xlsx")
    changes = {(c["ref"], c["change"]): (c["old"], c["new"]) for c in _json("diff", str(q1), str(q2))}
    name = f"indicator: access: {first.indicator}"
    assert changes[(name, "indicator-relinked")] == ("A1", "A1 | A2")
    assert changes[(f"{name} (2019-20)", "value-changed")] == ("44", "45")
    assert changes[("indicator: access: Number of people with a tenancy six months on", "indicator-added")][1]
    assert (f"indicator: access: {new.indicator} (2019-20)", "value-added") in changes


def test_a_workbooks_open_warnings_are_one_line(tmp_path: Path) -> None:
    plan = tiny_history_plan()
    updates = (*plan.updates, Update("A3", date(2020, 1, 31), "at-risk", date(2020, 12, 31)))  # no reason given
    book = _book(tmp_path, dataclasses.replace(plan, updates=updates))
    run = CliRunner().invoke(main, ["lead-load", str(book)])
    assert run.exit_code == 0, run.output
    assert run.stderr.splitlines() == [f"{book}: 1 warning and 1 note open (cjgraph validate {book} lists them)"]
