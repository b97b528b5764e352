"""Property-based fuzzing of the readers (issue 9): plan-like texts, Word files and workbooks
made of the pieces real plans are made of, mixed with hostile ones (control characters,
formulas, long words, ragged rows). Whatever goes in, the only exceptions are cjgraph's own
(one sentence for the user), never a traceback; what the extractor writes reads back and
passes on to the graph, its exports and the map.

10,000 cases in all (text 6,000; docx 1,500; workbook 2,500), derandomised so that CI runs the
same cases every time.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjgraph.errors import CjgraphError
from cjgraph.export import export_graph
from cjgraph.graph import graph_from_plans
from cjgraph.loaders.extract import extract_plan
from cjgraph.output import render
from cjgraph.queries import find_gaps, lead_load
from cjgraph.validate import validate_workbook
from cjgraph.visualisations.maps import map_html
from cjgraph.workbook import SHEETS, read_plan, write_plan

BASE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
SCALE = float(os.environ.get("CJGRAPH_FUZZ_SCALE", "1"))  # a quicker look while developing: 0.1


def fuzz(cases: int) -> settings:
    return settings(BASE, max_examples=max(1, int(cases * SCALE)))


HEADINGS = [
    "Midlothian Community Justice Outcomes Improvement Plan 2017 - 2020",
    "Structural Outcome 1",
    "Communities improve their understanding and participation in community justice",
    "Person-centric outcome 2",
    "Life chances are improved through needs, including employability, housing and financial inclusion, being addressed",
    "People have better access to the services they require, including welfare, health and wellbeing, housing and employability",
    "Community Justice Indicators",
    "Local Indicators",
    "Section 17",
]
HEADERS = [
    "Ref\tImprovement Action\tLead\tTimescale",
    "Ref\tImprovement Action\tLead Partner\tContributing Partners\tTimescale",
    "| Action | Lead | Partners | Timescale |",
    "|---|---|---|---|",
    "Lead Partner\tImprovement Action\tRef\tDue by",
]
CELLS = [
    "SO1.1",
    "SO2.3",
    "S02.1",
    "PPCO2.1",
    "A1",
    "Police Scotland",
    "SF&RS Co-ordinator CJ",
    "Midlothian Council/NHS Lothian",
    "All Partners",
    "March 2019",
    "Ongoing",
    "Q4 2021",
    "31/03/2021",
    "Develop a housing pathway for people leaving prison",
    "=1+cmd|' /C calc'!A0",
    "@SUM(1)",
    "$x^2$",
    "Acme Widgets Trust (AWT)",
    "",
    "• bullet",
    "o",
]
hostile = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
cell = st.one_of(
    st.sampled_from(CELLS), hostile, st.builds(lambda c, n: c * n, st.sampled_from("Aa -("), st.integers(1, 3000))
)
line = st.one_of(
    st.sampled_from(HEADINGS),
    st.sampled_from(HEADERS),
    st.lists(cell, min_size=1, max_size=8).map("\t".join),
    st.lists(cell, min_size=1, max_size=6).map(lambda cs: "| " + " | ".join(cs) + " |"),
    st.sampled_from(["", "Page 7", "- a listed item", "\f"]),
    hostile,
)
plan_text = st.lists(line, min_size=1, max_size=40).map("\n".join)


def _quietly(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run ``func``; a :class:`CjgraphError` is an answer to the user, anything else a bug."""
    try:
        return func(*args, **kwargs)
    except CjgraphError:
        return None


def _onward(plan, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """What the extractor wrote reads back the same and feeds the graph, an export and the map."""
    write_plan(plan, folder / "plan")
    back = read_plan(folder / "plan")
    assert [a.ref for a in back.actions] == [a.ref for a in plan.actions]
    G = _quietly(graph_from_plans, [back])
    if G is None:
        return
    render(lead_load(G), "table")
    render(find_gaps(G), "csv")
    export_graph(G, folder / "g.graphml", "graphml")
    assert nx.read_graphml(folder / "g.graphml").number_of_nodes() == G.number_of_nodes()


@fuzz(6000)
@given(text=plan_text, onward=st.integers(0, 19))
def test_text_reader(text: str, onward: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "plan.txt"
        path.write_text(text, encoding="utf-8")
        result = _quietly(extract_plan, path)
        if result is not None and onward == 0:  # one case in twenty goes all the way
            _onward(result.plan, Path(d))


@st.composite
def word_document(draw: st.DrawFn) -> bytes:
    import docx

    document = docx.Document()
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["heading", "para", "bullet", "table"]))
        if kind == "table":
            cols = draw(st.integers(1, 6))
            rows = draw(st.lists(st.lists(cell.map(_xml_text), min_size=1, max_size=cols), min_size=1, max_size=6))
            table = document.add_table(rows=len(rows), cols=cols)
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    table.cell(r, c).text = value
            if cols > 1 and draw(st.booleans()):
                table.cell(0, 0).merge(table.cell(0, 1))  # a header cell spanning two columns
        else:
            text = _xml_text(draw(st.one_of(st.sampled_from(HEADINGS), cell)))
            style = {"heading": "Heading 2", "bullet": "List Bullet", "para": None}[kind]
            document.add_paragraph(text, style=style)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _xml_text(value: str) -> str:
    from cjgraph.cells import xml_safe

    return xml_safe(value)[:500]


@fuzz(1500)
@given(data=word_document())
def test_docx_reader(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "plan.docx"
        path.write_bytes(data)
        _quietly(extract_plan, path)


csv_cell = st.one_of(st.sampled_from(CELLS), hostile, st.sampled_from(["\x00", "a\x00b", "\x1b[31m", "x\ry", " "]))
sheet_rows = st.lists(st.lists(csv_cell, min_size=0, max_size=14), min_size=0, max_size=6)


@st.composite
def workbook_folder(draw: st.DrawFn) -> dict[str, str]:
    import csv

    from cjgraph.workbook import COLUMNS

    out = {}
    for sheet in SHEETS:
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing sheet
        head = list(COLUMNS[sheet])
        if draw(st.integers(0, 9)) == 0:
            head = head[:-2]  # missing columns
        rows = draw(sheet_rows)
        if sheet == "plan":
            rows = [["id", draw(csv_cell)], ["framework", draw(st.sampled_from(["opif-2016", "", "x"]))], *rows]
        buf = io.StringIO()
        csv.writer(buf).writerows([head, *rows])
        out[sheet] = buf.getvalue()
    return out


@fuzz(2500)
@given(sheets=workbook_folder(), onward=st.integers(0, 4))
def test_workbook_reader(sheets: dict[str, str], onward: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "wb"
        folder.mkdir()
        for name, text in sheets.items():
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
        problems = _quietly(validate_workbook, folder)
        if problems is None or any(p.severity == "error" for p in problems):
            return
        # what validate passes, every later step takes
        plan = read_plan(folder)
        G = graph_from_plans([plan])
        render(lead_load(G), "table")
        export_graph(G, Path(d) / "g.graphml", "graphml")
        if onward == 0:
            map_html(G)
