"""The annual performance report (issue 22, part 5 and 6): written from a workbook with the CLI,
read back with python-docx as a planner's Word would show it, each figure checked against the
question that answers it and the workbook row it names."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document

from cjgraph.cli import main
from cjgraph.examples import tiny_history_plan
from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.framework import load_framework
from cjgraph.loading import load
from cjgraph.model import Plan
from cjgraph.queries import indicator_movement, status_on
from cjgraph.visualisations.annual import PLACEHOLDER
from cjgraph.workbook import read_plan, write_plan

from conftest import soffice

_GROUPS = (
    "Completed",
    "In progress",
    "In progress with a revised timescale",
    "Outstanding (the timescale has passed and work goes on)",
)


def _report(tmp_path: Path, plan: Plan, year: str, *extra: str) -> tuple[Path, Any]:
    book, out = tmp_path / "plan.xlsx", tmp_path / "report.docx"
    write_plan(plan, book)
    run = CliRunner().invoke(main, ["annual-report", str(book), "--year", year, "--out", str(out), *extra])
    assert run.exit_code == 0, run.output
    return book, Document(str(out))


def _section(doc: Any, number: str) -> list[Any]:
    """The paragraphs and tables of a numbered Heading 1 section, in order."""
    body, out, inside = doc.element.body, [], False
    for el in body.iterchildren():
        tag = el.tag.rsplit("}", 1)[1]
        if tag == "p":
            p = next(p for p in doc.paragraphs if p._p is el)
            if p.style.name == "Heading 1":
                inside = p.text.startswith(number + ".")
                continue
            if inside:
                out.append(p)
        elif tag == "tbl" and inside:
            out.append(next(t for t in doc.tables if t._tbl is el))
    return out


def _action_rows(doc: Any) -> dict[str, tuple[str, list[str]]]:
    """Section 4's action tables: ref -> (its group heading, its row); every ref once."""
    rows: dict[str, tuple[str, list[str]]] = {}
    group = ""
    for item in _section(doc, "4"):
        if hasattr(item, "style") and item.style.name == "Heading 3":
            group = item.text
        elif hasattr(item, "rows") and item.rows[0].cells[0].text == "Ref":
            for row in item.rows[1:]:
                cells = [c.text for c in row.cells]
                assert cells[0] not in rows, f"{cells[0]} appears twice"
                rows[cells[0]] = (group, cells)
    return rows


def _updated_in(plan: Plan, year: str) -> set[str]:
    first = int(year[:4])
    start, end = date(first, 4, 1), date(first + 1, 3, 31)
    return {u.ref for u in plan.updates if u.date is not None and start <= u.date <= end}


def test_a_2016_plans_report_follows_the_annual_return_with_each_action_once(tmp_path: Path) -> None:
    plan = tiny_history_plan()
    book, doc = _report(tmp_path, plan, "2018-19")
    ones = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert ones == [
        "1. The partnership and the plan",
        "2. Governance",
        "3. Progress on last year's recommendations",
        "4. Performance against the national outcomes",
        "5. Other local outcomes",
        "6. Achievements and challenges",
        "7. Next steps",
    ]
    outcomes = [p.text for p in _section(doc, "4") if hasattr(p, "style") and p.style.name == "Heading 2"]
    assert outcomes == [o.title for o in load_framework("opif-2016").outcomes]
    rows = _action_rows(doc)
    assert set(rows) == _updated_in(read_plan(book), "2018-19") == {"A1", "A2"}
    assert rows["A2"][0] == "Completed" and rows["A1"][0] == "In progress with a revised timescale"
    # A1: its status and due date at the year's end, the reason, and the workbook rows of its reports
    assert rows["A1"][1][3:] == [
        "At risk",
        "2019-03-31, revised to 2019-09-30",
        "funding came late; bid resubmitted",  # the reason, then the latest note
        "progress rows 2, 3",
    ]
    wb_rows = [(u.ref, str(u.date)) for u in read_plan(book).updates]
    assert wb_rows[0][0] == wb_rows[1][0] == "A1"  # rows 2 and 3 of the progress sheet are A1's
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "No progress reported in 2018-19 on: A3." in text  # never reported: said, not left out


def test_each_figure_equals_the_questions_answer(tmp_path: Path) -> None:
    book, doc = _report(tmp_path, tiny_history_plan(), "2019-20")
    G = load(book)
    end = {s.ref: s for s in status_on(G, date(2020, 3, 31))}
    words = {"at-risk": "At risk", "complete": "Complete", "off-track": "Off track", "on-track": "On track"}
    for ref, (_, cells) in _action_rows(doc).items():
        assert cells[3] == words[end[ref].status], ref
    indicator = next(t for t in doc.tables if t.rows[0].cells[0].text == "Indicator")
    cells = [c.text for c in indicator.rows[1].cells]
    move = next(m for m in indicator_movement(G) if m.after == "2019-20")
    assert cells[2:5] == [f"{move.value_before:g}", f"{move.value_after:g}", f"up {move.change:g} (better)"]
    assert cells[5] == "Q1: 12.5; Q2: 9.5" and cells[6] == "indicator_values rows 2, 3, 4, 5"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "7.5 on a scale of 1-10; last year 6, up 1.5 (self_assessment row 3)." in text
    assert "A3" in {c.text for t in doc.tables for r in t.rows for c in r.cells[:1]}  # outstanding, carried on


def test_what_only_people_can_write_is_a_marked_placeholder(tmp_path: Path) -> None:
    _, doc = _report(tmp_path, tiny_history_plan(), "2018-19")
    marked = [p.text for p in doc.paragraphs if p.style.name == PLACEHOLDER]
    outcomes = len(load_framework("opif-2016").outcomes)
    assert len(marked) == 6 + outcomes  # sign-off, governance, recommendations, local, achievements, next; each outcome
    assert all(re.fullmatch(r"\[To be written by the partnership: .+\]", t) for t in marked)
    assert not any(p.text.startswith("[") for p in doc.paragraphs if p.style.name != PLACEHOLDER)


def test_tables_repeat_their_header_row_on_each_page(tmp_path: Path) -> None:
    _, doc = _report(tmp_path, tiny_history_plan(), "2018-19")
    headed = [t for t in doc.tables if t.rows[0].cells[0].text in ("Ref", "Indicator")]
    assert headed
    for t in headed:
        assert t.rows[0]._tr.xpath("./w:trPr/w:tblHeader"), t.rows[0].cells[0].text


def _plan_2023() -> Plan:
    plan = synthetic_plans(1, framework="cjpf-2023", actions=(30, 30), quarters=8, seed=3)[0]
    return replace(plan, info=replace(plan.info, history_note=""))


def test_a_2023_plans_report_has_the_2023_outcomes_and_every_updated_action_once(tmp_path: Path) -> None:
    plan = _plan_2023()
    year = f"{int(plan.info.period_start[:4]) + 1}-{(int(plan.info.period_start[:4]) + 2) % 100:02d}"
    book, doc = _report(tmp_path, plan, year)
    outcomes = [p.text for p in _section(doc, "4") if hasattr(p, "style") and p.style.name == "Heading 2"]
    assert outcomes == [o.title for o in load_framework("cjpf-2023").outcomes] and len(outcomes) == 9
    rows = _action_rows(doc)
    assert set(rows) == _updated_in(read_plan(book), year) and len(rows) > 10
    assert {g for g, _ in rows.values()} <= set(_GROUPS)
    # each outcome's counts are those of its rows
    counted = re.findall(r"Actions taken in \S+: (\d+)", "\n".join(p.text for p in doc.paragraphs))
    assert sum(map(int, counted)) == len(rows)


def test_the_report_opens_in_libreoffice(tmp_path: Path) -> None:
    found = soffice()
    _report(tmp_path, tiny_history_plan(), "2018-19")
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    args = [found, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf")]
    done = subprocess.run([*args, str(tmp_path / "report.docx")], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and (tmp_path / "pdf" / "report.pdf").stat().st_size > 10_000, done.stderr


def test_a_report_the_planner_has_edited_is_not_overwritten(tmp_path: Path) -> None:
    book, doc = _report(tmp_path, tiny_history_plan(), "2018-19")
    out = tmp_path / "report.docx"
    again = CliRunner().invoke(main, ["annual-report", str(book), "--year", "2018-19", "--out", str(out)])
    assert again.exit_code == 0, again.output  # unchanged since cjgraph wrote it: replaced
    doc = Document(str(out))
    doc.add_paragraph("Our chair signed this off on 1 December.")
    doc.save(str(out))
    refused = CliRunner().invoke(main, ["annual-report", str(book), "--year", "2018-19", "--out", str(out)])
    assert refused.exit_code == 1 and "was changed since cjgraph wrote it" in refused.output
    assert "signed this off" in "\n".join(p.text for p in Document(str(out)).paragraphs)


@pytest.mark.parametrize(
    ("year", "said"),
    [
        ("2018/2020", "'2018/2020' is not a reporting year; give one such as 2023-24"),
        ("2030-31", "plan 'tiny-2018-2021' runs from 2018-04-01 to 2021-03-31: 2030-31 is not one of its years."),
    ],
)
def test_a_year_that_is_not_the_plans_is_one_sentence(tmp_path: Path, year: str, said: str) -> None:
    book = tmp_path / "plan.xlsx"
    write_plan(tiny_history_plan(), book)
    run = CliRunner().invoke(main, ["annual-report", str(book), "--year", year, "--out", str(tmp_path / "r.docx")])
    assert run.exit_code != 0 and said in run.output and "Traceback" not in run.output
    assert not (tmp_path / "r.docx").exists()


def test_across_32_plans_each_outcome_counts_the_plans_that_report_on_it() -> None:
    from cjgraph.graph import graph_from_plans
    from cjgraph.progress import settle_history
    from cjgraph.queries.annual import national_return
    from cjgraph.visualisations.annual import national_report_document

    plans = [settle_history(p)[0] for p in synthetic_plans(32, actions=(40, 60), quarters=12)]
    G = graph_from_plans(plans)
    n = national_return(G, "2018-19")
    for o in n.outcomes:
        running = [p for p in plans if p.info.period_start <= "2019-03-31" and p.info.period_end >= "2018-04-01"]
        reporting = {
            p.info.id for p in running for a in p.actions if a.outcome == o.key and a.ref in _updated_in(p, "2018-19")
        }
        assert (o.plans, o.reporting) == (len(running), len(reporting)), o.key
    assert sum(o.actions for o in n.outcomes) == sum(len(_updated_in(p, "2018-19")) for p in running)
    revised = {
        (p.info.id, u.ref)
        for p in running
        for u in p.updates
        if u.revised_due and u.date and date(2018, 4, 1) <= u.date <= date(2019, 3, 31)
    }
    assert sum(o.revised for o in n.outcomes) == len(revised) > 0
    sps = next(b for b in n.bodies if b.partner == "Scottish Prison Service")
    assert sps.led == sum("Scottish Prison Service" in a.leads for p in running for a in p.actions)
    doc = national_report_document(n)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Outcome", "Plans reporting", "Actions taken"]
    assert len(table.rows) == 1 + len(load_framework("opif-2016").outcomes)
