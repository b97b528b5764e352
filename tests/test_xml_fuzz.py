"""Mutation fuzzing of the XML inside real Word and Excel files (issue 19): a Word plan with a
table (a merged header, a lead merged down) and cjgraph's own plan workbook, their main XML part
cut, repeated, spliced with pieces of hostile or broken WordprocessingML / SpreadsheetML, its
attribute values replaced. Whatever the part becomes, the readers answer with cjgraph's own
error (one sentence) or read it: 10,000 cases each, derandomised so that CI runs the same ones.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjgraph.errors import CjgraphError
from cjgraph.loaders.extract import read_document
from cjgraph.validate import validate_workbook

SCALE = float(os.environ.get("CJGRAPH_FUZZ_SCALE", "1"))
CASES = settings(
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=max(1, int(10_000 * SCALE)),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORD_PIECES = [
    "<w:vMerge/>",
    '<w:vMerge w:val="restart"/>',
    '<w:vMerge w:val="continue"/>',
    '<w:gridSpan w:val="2"/>',
    '<w:gridSpan w:val="two"/>',
    '<w:gridSpan w:val="-1"/>',
    '<w:gridSpan w:val="0"/>',
    '<w:gridSpan w:val="99999999999999999999"/>',
    '<w:gridBefore w:val="3"/>',
    "<w:tr/>",
    "<w:tc/>",
    "<w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc>",
    "<w:tbl/>",
    "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    "<w:p/>",
    '<w:pStyle w:val="Heading9"/>',
    '<w:outlineLvl w:val="x"/>',
    '<w:numPr><w:ilvl w:val="z"/><w:numId w:val="999"/></w:numPr>',
    "<w:sdt><w:sdtContent><w:tc><w:p/></w:tc></w:sdtContent></w:sdt>",
    "<w:t>SO1.9</w:t>",
    "<w:t>&amp;&lt;</w:t>",
    "&#0;",
    "&#xD800;",
    "&undefined;",
    "<!DOCTYPE x>",
    "<!ENTITY a 'b'>",
    "\x00",
    "\ufeff",
    "<",
    ">",
    "</w:tr>",
    "</w:body>",
    'w:val=""',
]
SHEET_PIECES = [
    '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    '<row r="0"><c r="A0"><v>1</v></c></row>',
    '<row r="-5"/>',
    '<c r="B2" t="s"><v>99999</v></c>',
    '<c r="B2" t="s"><v>x</v></c>',
    '<c r="B2" t="n"><v>not a number</v></c>',
    '<c r="B2" t="d"><v>2019-13-45</v></c>',
    '<c r="B2" t="b"><v>2</v></c>',
    '<c r="B2" t="e"><v>#REF!</v></c>',
    '<c r="ZZZZZ9" t="inlineStr"><is><t>x</t></is></c>',
    '<c r="B2" t="inlineStr"><is><t>=1+1</t></is></c>',
    '<c r="B2" s="999"><v>43555</v></c>',
    '<c r="B2"><f>1/0</f><v>1</v></c>',
    '<dimension ref="A1:XFD1048576"/>',
    '<dimension ref="nonsense"/>',
    "<sheetData/>",
    "<row/>",
    "<c/>",
    "&#0;",
    "&undefined;",
    "<!DOCTYPE x>",
    "\x00",
    "<",
    "</row>",
    "</sheetData>",
    'r=""',
]


def _word_base() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Anytown Community Justice Outcomes Improvement Plan 2018 - 2021", level=1)
    document.add_heading("Structural Outcome 1", level=2)
    document.add_paragraph("Communities improve their understanding and participation in community justice")
    rows = [
        ["Ref", "Improvement Action", "", "Lead", "Timescale"],
        ["SO1.1", "Raise awareness among employers", "", "Police Scotland", "March 2019"],
        ["SO1.2", "Offer tenancy support on release", "", "", "June 2019"],
        ["SO1.3", "Review the referral pathway", "", "NHS Lothian", "March 2020"],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(0, 1).merge(table.cell(0, 2))  # a header spanning two grid columns
    table.cell(1, 3).merge(table.cell(2, 3))  # a lead merged down over two rows
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _sheet_base() -> bytes:
    from cjgraph.examples import tiny_plan
    from cjgraph.workbook import write_plan

    with tempfile.TemporaryDirectory() as d:
        write_plan(tiny_plan(), Path(d) / "plan.xlsx")
        return (Path(d) / "plan.xlsx").read_bytes()


BASES = {"word": (_word_base(), "word/document.xml"), "sheet": (_sheet_base(), "xl/worksheets/sheet2.xml")}


@st.composite
def mutated(draw: st.DrawFn, xml: str, pieces: list[str]) -> str:
    """``xml`` after one to four cuts, repeats, splices and replaced attribute values."""
    for _ in range(draw(st.integers(1, 4))):
        n = len(xml)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 400)))
        how = draw(st.sampled_from(["cut", "repeat", "splice", "value", "swap"]))
        if how == "cut":
            xml = xml[:a] + xml[b:]
        elif how == "repeat":
            xml = xml[:b] + xml[a:b] * draw(st.integers(1, 3)) + xml[b:]
        elif how == "splice":
            xml = xml[:a] + draw(st.sampled_from(pieces)) + xml[a:]
        elif how == "value":
            quote = xml.find('"', a)
            end = xml.find('"', quote + 1) if quote >= 0 else -1
            if end > quote >= 0:
                value = draw(
                    st.one_of(
                        st.sampled_from(["", "0", "-1", "x", "99999999", "restart", "continue"]), st.text(max_size=8)
                    )
                )
                xml = xml[: quote + 1] + value.replace('"', "") + xml[end:]
        else:
            c = draw(st.integers(a, n))
            xml = xml[:a] + xml[b:c] + xml[a:b] + xml[c:] if c >= b else xml
    return xml


def _package(kind: str, xml: str) -> bytes:
    base, part = BASES[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, xml.encode("utf-8", "surrogatepass") if info.filename == part else src.read(info))
    return out.getvalue()


def _part(kind: str) -> str:
    base, part = BASES[kind]
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        return z.read(part).decode("utf-8")


@CASES
@given(xml=mutated(_part("word"), WORD_PIECES))
def test_word_xml_mutations(xml: str) -> None:
    _read_mutated("word", xml, read_document)


@CASES
@given(xml=mutated(_part("sheet"), SHEET_PIECES))
def test_sheet_xml_mutations(xml: str) -> None:
    _read_mutated("sheet", xml, validate_workbook)


def _read_mutated(kind: str, xml: str, read: Callable[[Path], object]) -> None:
    """Read the mutated file: an answer, or cjgraph's own error in one sentence, nothing else."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("plan.docx" if kind == "word" else "plan.xlsx")
        path.write_bytes(_package(kind, xml))
        try:
            read(path)
        except CjgraphError as e:
            assert "\n" not in str(e)


def test_the_bases_read_whole() -> None:
    """The unmutated files read: the fuzz starts from plans, not from rubbish."""
    with tempfile.TemporaryDirectory() as d:
        word, sheet = Path(d) / "plan.docx", Path(d) / "plan.xlsx"
        word.write_bytes(_package("word", _part("word")))
        sheet.write_bytes(_package("sheet", _part("sheet")))
        rows = [b.cells for b in read_document(word) if b.kind == "row"]
        assert rows[1] == ("SO1.1", "Raise awareness among employers", "", "Police Scotland", "March 2019")
        assert rows[2][3] == "Police Scotland"  # merged down
        assert not [p for p in validate_workbook(sheet) if p.severity == "error"]
