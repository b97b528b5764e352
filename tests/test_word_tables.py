"""Word tables as partnerships make them (issue 10): a header cell spanning two grid columns,
a lead or date merged down over several rows, extra columns that are not partners."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from cjgraph.loaders.extract import extract_plan

OUTCOME = "Effective interventions are delivered to prevent and reduce the risk of further offending"


def _plan(path: Path, header: list[str], rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> Path:
    document = docx.Document()
    document.add_heading("Fife Community Justice Outcomes Improvement Plan 2019 - 2022", level=1)
    document.add_heading("Structural Outcome 3", level=2)
    document.add_paragraph(OUTCOME)
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    document.save(str(path))
    return path


def test_header_spanning_the_ref_and_text_columns(tmp_path: Path) -> None:
    rows = [
        ["SO3.1", "Run community safety sessions for young people in every ward", "Police Scotland", "June 2020"],
        ["SO3.2", "Publish the diversion from prosecution figures every year", "COPFS", "December 2021"],
    ]
    doc = _plan(tmp_path / "span.docx", ["Improvement Action", "", "Lead", "Timescale"], rows, [(0, 0, 0, 1)])
    actions = extract_plan(doc).plan.actions
    assert [(a.ref, a.leads, a.due) for a in actions] == [
        ("SO3.1", ("Police Scotland",), date(2020, 6, 30)),
        ("SO3.2", ("Crown Office and Procurator Fiscal Service",), date(2021, 12, 31)),
    ]
    assert actions[0].text.startswith("Run community safety sessions")


def test_lead_and_date_merged_down_apply_to_every_row(tmp_path: Path) -> None:
    rows = [
        ["SO3.1", "Run community safety sessions for young people in every ward", "Police Scotland", "June 2020"],
        ["SO3.2", "Train officers in trauma informed practice across the area", "", ""],
        ["SO3.3", "Publish the diversion from prosecution figures every year", "COPFS", "December 2021"],
    ]
    doc = _plan(
        tmp_path / "down.docx", ["Ref", "Improvement Action", "Lead", "Timescale"], rows, [(1, 2, 2, 2), (1, 3, 2, 3)]
    )
    actions = extract_plan(doc).plan.actions
    assert [(a.ref, a.leads, a.due) for a in actions] == [
        ("SO3.1", ("Police Scotland",), date(2020, 6, 30)),
        ("SO3.2", ("Police Scotland",), date(2020, 6, 30)),
        ("SO3.3", ("Crown Office and Procurator Fiscal Service",), date(2021, 12, 31)),
    ]


def test_columns_that_are_not_partners_are_kept_as_status_and_notes(tmp_path: Path) -> None:
    header = ["Ref", "Improvement Action", "Lead", "Measure of success", "Timescale", "RAG", "Comments"]
    rows = [
        [
            "SO3.1",
            "Run community safety sessions for young people in every ward",
            "Police Scotland",
            "Sessions held in 20 wards",
            "June 2020",
            "Green",
            "Funding agreed",
        ],
        [
            "SO3.2",
            "Publish the diversion from prosecution figures every year",
            "COPFS",
            "",
            "December 2021",
            "Paused",
            "",
        ],
    ]
    result = extract_plan(_plan(tmp_path / "extra.docx", header, rows, []))
    a1, a2 = result.plan.actions
    assert (a1.leads, a1.contributors, a1.status) == (("Police Scotland",), (), "on-track")
    assert a1.notes == "Measure of success: Sessions held in 20 wards\nComments: Funding agreed"
    assert (a2.leads, a2.status, a2.notes) == (("Crown Office and Procurator Fiscal Service",), "", "Status: Paused")
    assert [i.subject for i in result.plan.issues if i.code == "status-not-read"] == ["SO3.2"]
    assert not [p for p in result.plan.partners if "Sessions" in p.canonical or "Funding" in p.canonical]


def test_a_ref_printed_at_the_start_of_the_action_cell_is_the_ref(tmp_path: Path) -> None:
    rows = [
        ["SO3.1 Run community safety sessions for young people in every ward", "Police Scotland", "June 2020"],
        ["SO3.2: Publish the diversion from prosecution figures every year", "COPFS", "December 2021"],
        ["SO3.3 Hold 3 sessions a year for victims and their families", "Victim Support Scotland", "March 2021"],
        ["NHS 24 will signpost people leaving custody to services", "NHS 24", "March 2021"],
    ]
    doc = _plan(tmp_path / "inref.docx", ["Improvement Action", "Lead", "Timescale"], rows, [])
    actions = extract_plan(doc).plan.actions
    assert [(a.ref, a.text.split()[0]) for a in actions] == [
        ("SO3.1", "Run"),
        ("SO3.2", "Publish"),
        ("SO3.3", "Hold"),
        ("A4", "NHS"),
    ]


def _numbered(document: docx.document.Document, lvl_text: str, fmt: str = "decimal", start: int = 1) -> str:
    """Add a list definition whose level 0 prints ``lvl_text`` (e.g. "SO3.%1"); return its num id."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    ids = [int(n.get(docx.oxml.ns.qn("w:numId"))) for n in numbering.findall(docx.oxml.ns.qn("w:num"))]
    num_id = max(ids, default=0) + 1
    abstract_id = 900 + num_id
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return str(num_id)


def _number(paragraph: docx.text.paragraph.Paragraph, num_id: str) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_refs_that_are_automatic_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Fife Community Justice Outcomes Improvement Plan 2019 - 2022", level=1)
    document.add_heading("Structural Outcome 3", level=2)
    document.add_paragraph(OUTCOME)
    refs = _numbered(document, "SO3.%1")
    texts = [
        ("Run community safety sessions for young people in every ward", "Police Scotland", "June 2020"),
        ("Publish the diversion from prosecution figures every year", "COPFS", "December 2021"),
        ("Train officers in trauma informed practice across the area", "Police Scotland", "March 2021"),
    ]
    table = document.add_table(rows=len(texts) + 1, cols=4)
    for c, head in enumerate(["Ref", "Improvement Action", "Lead", "Timescale"]):
        table.cell(0, c).text = head
    for r, (text, lead, when) in enumerate(texts, start=1):
        _number(table.cell(r, 0).paragraphs[0], refs)  # the ref cell holds only Word's number
        table.cell(r, 1).text, table.cell(r, 2).text, table.cell(r, 3).text = text, lead, when
    document.add_paragraph("")
    steps = _numbered(document, "%1)", fmt="lowerLetter")
    for line in ("first step", "second step"):
        _number(document.add_paragraph(line), steps)
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    from cjgraph.loaders.docx import docx_blocks

    assert [b.text for b in docx_blocks(path) if b.kind == "para"][-2:] == ["a) first step", "b) second step"]
    actions = extract_plan(path).plan.actions
    assert [(a.ref, a.leads) for a in actions] == [
        ("SO3.1", ("Police Scotland",)),
        ("SO3.2", ("Crown Office and Procurator Fiscal Service",)),
        ("SO3.3", ("Police Scotland",)),
    ]


@pytest.mark.parametrize(
    "heading", ["Managed by", "Who will lead", "By whom", "Delivered by", "Responsible officer", "Lead partner"]
)
def test_a_lead_column_headed_as_real_plans_head_it(tmp_path: Path, heading: str) -> None:
    rows = [
        ["SO3.1", "Run community safety sessions for young people in every ward", "Police Scotland", "June 2020"],
        ["SO3.2", "Publish the diversion from prosecution figures every year", "COPFS", "December 2021"],
    ]
    doc = _plan(tmp_path / "lead.docx", ["Ref", "Action", heading, "Timescale"], rows, [])
    actions = extract_plan(doc).plan.actions
    assert [(a.ref, a.leads) for a in actions] == [
        ("SO3.1", ("Police Scotland",)),
        ("SO3.2", ("Crown Office and Procurator Fiscal Service",)),
    ]
