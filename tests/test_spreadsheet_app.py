"""The workbooks cjgraph writes, opened by a real spreadsheet application: LibreOffice Calc opens
each one, saves it again, and every cell, date, look, dropdown, frozen header, filter and
document property is still there (cjgraph writes the workbook's XML itself, see cjgraph/xlsx.py).

LibreOffice comes from Debian (tests/run.sh installs ``libreoffice-calc-nogui``); without it these
tests skip, saying why, unless ``CJGRAPH_REQUIRE_LIBREOFFICE`` is set (tests/run.sh sets it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cjgraph.cli import main
from cjgraph.xlsx import write_xlsx

from conftest import SEEDS

TRICKY = [
    "=1+2",
    "-cut costs",
    "@SUM(A1)",
    "+44 131",
    "\tindented",
    "  spaces both ends  ",
    "a & b < c > d",
    "line\nbreak",
    "tab\tinside",
    "Pólis Alba 𝕏 — “quoted”",
    "'already quoted",
    '"double"',
]


def _libreoffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        why = "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
        if os.environ.get("CJGRAPH_REQUIRE_LIBREOFFICE"):
            pytest.fail(f"{why}; tests/run.sh requires it")
        pytest.skip(why)
    return found


def _resaved(path: Path, tmp: Path) -> Path:
    """``path`` opened and saved again by LibreOffice Calc (as a planner would, in Excel's format)."""
    out = tmp / "resaved"
    out.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            _libreoffice(),
            f"-env:UserInstallation=file://{tmp / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    again = out / path.name
    assert again.exists(), f"LibreOffice wrote nothing: {done.stdout} {done.stderr}"
    return again


def _cells(path: Path) -> dict[str, list[list[Any]]]:
    """Each sheet's values: rows that are only empty cells left out at the end (Calc keeps the
    rows a dropdown reaches), a true or false as Calc saves it (``=TRUE()``) read as the value."""
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = [
            [_LOGICAL.get(c.value, c.value) if isinstance(c.value, str) else c.value for c in r] for r in ws.iter_rows()
        ]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        out[ws.title] = rows
    return out


_LOGICAL = {"=TRUE()": True, "=FALSE()": False}


def test_every_cell_look_and_setting_survives_calc(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["ref", "text", "due", "status", "n"]]
    for i, text in enumerate(TRICKY):
        rows.append([f"A{i}", text, "2019-03-31", "on-track", i + 0.5])
    rows.append(["B1", "not a day", "2019-02-30", "complete", True])
    rows.append(["B2", "before Excel's days", "1899-12-01", None, -3])
    path = tmp_path / "t.xlsx"
    write_xlsx(
        path,
        {"actions": rows, "second sheet": [["only a header"]]},
        properties={"cjgraph-content-sha256": "abc123"},
        dates={"actions": {"due"}},
        choices={"actions": {"status": ["on-track", "complete"]}},
        wrap={"actions": {"text"}},
    )
    again = _resaved(path, tmp_path)
    mine, calc = _cells(path), _cells(again)
    assert list(calc) == ["actions", "second sheet"]
    expected = [
        [datetime(2019, 3, 31) if v == "2019-03-31" else v for v in row] if n else row for n, row in enumerate(rows)
    ]
    assert mine["actions"] == expected
    assert calc["actions"] == expected, "LibreOffice read a cell differently"
    assert calc["second sheet"] == [["only a header"]]

    # Calc saves no window view (the frozen header) when it runs without a window, and no quote
    # prefix: those are checked on cjgraph's own file, the rest on what Calc made of it
    ws = load_workbook(path)["actions"]
    formula_like = [r for r, text in enumerate(TRICKY, start=2) if text[:1] in "=+-@\t"]
    assert ws.freeze_panes == "A2" and all(ws.cell(r, 2).quotePrefix for r in formula_like)
    ws = load_workbook(again)["actions"]
    assert ws.auto_filter.ref == f"A1:E{len(rows)}"
    assert all(c.font.b for c in ws[1])
    assert all(ws.cell(r, 2).data_type == "s" for r in range(2, len(rows) + 1)), "Calc read a text as a formula"
    assert ws.cell(2, 2).alignment.wrap_text
    assert ws.cell(2, 3).is_date and not ws.cell(len(rows) - 1, 3).is_date
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"on-track,complete"' and "D2" in str(dv.sqref)
    props = {p.name: p.value for p in load_workbook(again).custom_doc_props.props}
    assert props["cjgraph-content-sha256"] == "abc123"


def test_plan_workbook_saved_by_calc_reads_as_the_same_plan(tmp_path: Path) -> None:
    """A planner opens the extracted workbook in Calc and saves it: cjgraph reads the same plan
    (its digest says nothing was changed), and the board pack's workbook opens too."""
    plan = tmp_path / "ml.xlsx"
    runner = CliRunner()
    done = runner.invoke(main, ["extract", str(SEEDS["midlothian"]), "--out", str(plan)])
    assert done.exit_code == 0, done.output
    again = _resaved(plan, tmp_path)
    for question in ("timeline", "chains", "gaps", "lead-load"):
        before = runner.invoke(main, [question, str(plan), "--format", "csv"])
        after = runner.invoke(main, [question, str(again), "--format", "csv"])
        assert after.exit_code == 0, after.output
        assert after.output.replace(str(again), str(plan)) == before.output, question
        assert len(before.output.splitlines()) > 5

    pack = tmp_path / "pack"
    assert runner.invoke(main, ["report", str(plan), "--out", str(pack)]).exit_code == 0
    assert _cells(_resaved(pack / "report.xlsx", tmp_path)) == _cells(pack / "report.xlsx")
