"""The hostile-file corpus of issue 19: one file for each hole a sweep found, made from scratch
(nothing is committed but this script). The tests make it in a temporary folder; to look at it::

    .venv/bin/python tests/hostile.py /tmp/hostile

Each file is a real Word or Excel package (made with python-docx / cjgraph's own workbook writer,
then one XML part changed as an attacker or a broken tool would) or a text plan.
"""

from __future__ import annotations

import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx

HEADER = ["Ref", "Improvement Action", "Lead", "Timescale"]
ROWS = [
    [
        "SO1.1",
        "Raise awareness of community justice among local employers and landlords",
        "Police Scotland",
        "March 2019",
    ],
    ["SO1.2", "Offer tenancy support to people leaving prison in the first week", "Sacro", "June 2019"],
    ["SO1.3", "Review the referral pathway for substance misuse services", "NHS Lothian", "March 2020"],
]
TITLE = "Anytown Community Justice Outcomes Improvement Plan 2018 - 2021"
OUTCOME = "Communities improve their understanding and participation in community justice"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">' for k in range(1, 10))
    + "]>"
)
EXTERNAL = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _prolog(xml: str, doctype: str) -> str:
    """``xml`` with a DTD after its XML declaration, and an entity used in its first text."""
    body = re.sub(r"^<\?xml[^>]*\?>", "", xml)
    used = "&lol9;" if "lolz" in doctype else "&x;"
    body = re.sub(r"<(w:t|t)( [^>]*)?>", lambda m: m.group(0) + used, body, count=1)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}{body}'


def text_plan(rows: list[list[str]] | None = None) -> str:
    lines = [TITLE, "", f"Structural Outcome 1: {OUTCOME}", "", "\t".join(HEADER)]
    lines += ["\t".join(r) for r in rows or ROWS]
    return "\n".join(lines) + "\n"


def _docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_heading("Structural Outcome 1", level=2)
    document.add_paragraph(OUTCOME)
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for r, values in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.save(str(path))
    return path


def _rewrite(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """``path`` with one part of its package changed (the others as they were)."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, change(data) if info.filename == part else data)
    return path


def _word(path: Path, change: Callable[[str], str]) -> Path:
    return _rewrite(_docx(path), "word/document.xml", lambda b: change(b.decode()).encode())


def _first_cells(xml: str, count: int, insert: str) -> str:
    """Put ``insert`` into the properties of the first ``count`` table cells."""
    for _ in range(count):
        xml = re.sub(r"<w:tc>(?!<w:tcPr>\s*<!--x-->)", f"<w:tc><w:tcPr><!--x-->{insert}</w:tcPr>", xml, count=1)
    return xml.replace("<!--x-->", "")


def _workbook(path: Path, leads: str = "Police Scotland") -> Path:
    from cjgraph.examples import tiny_plan
    from cjgraph.workbook import write_plan

    plan = tiny_plan()
    actions = tuple(
        a.__class__(**{**a.__dict__, "leads": (leads,)}) if k == 0 else a for k, a in enumerate(plan.actions)
    )
    write_plan(plan.__class__(**{**plan.__dict__, "actions": actions}), path)
    return path


def _sheet(path: Path, change: Callable[[str], str]) -> Path:
    return _rewrite(_workbook(path), "xl/worksheets/sheet2.xml", lambda b: change(b.decode()).encode())


def _stray_cell(xml: str) -> str:
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    return xml.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )


def big_plan(actions: int) -> str:
    """A text plan of ``actions`` actions in one table (40,000 make 3.8 MB, under the 5 MB limit)."""
    leads = ["Police Scotland", "Scottish Prison Service", "Criminal Justice Social Work", "Sacro", "NHS Lothian"]
    rows = []
    for i in range(actions):
        a, b = divmod(i, 1000)
        ref = f"SO{1 + a % 90}.{a // 90 + 1}.{b + 1}"
        rows.append([ref, f"Deliver improvement number {i} to community awareness work", leads[i % 5], "March 2020"])
    return text_plan(rows)


MAKERS: dict[str, Callable[[Path], Path]] = {
    "word-vmerge-first-row.docx": lambda p: _word(p, lambda x: _first_cells(x, 1, "<w:vMerge/>")),
    "word-vmerge-every-cell.docx": lambda p: _word(
        p, lambda x: x.replace("<w:tc>", "<w:tc><w:tcPr><w:vMerge/></w:tcPr>")
    ),
    "word-gridspan-not-a-number.docx": lambda p: _word(p, lambda x: _first_cells(x, 2, '<w:gridSpan w:val="two"/>')),
    "word-gridspan-huge.docx": lambda p: _word(p, lambda x: _first_cells(x, 1, '<w:gridSpan w:val="99999999"/>')),
    "word-empty-row.docx": lambda p: _word(p, lambda x: x.replace("<w:tr>", "<w:tr/><w:tr>", 1)),
    "word-entity.docx": lambda p: _word(p, lambda x: _prolog(x, EXTERNAL)),
    "word-billion-laughs.docx": lambda p: _word(p, lambda x: _prolog(x, BILLION_LAUGHS)),
    "sheet-entity.xlsx": lambda p: _sheet(p, lambda x: _prolog(x, EXTERNAL)),
    "sheet-billion-laughs.xlsx": lambda p: _sheet(p, lambda x: _prolog(x, BILLION_LAUGHS)),
    "sheet-nul.xlsx": lambda p: _sheet(p, lambda x: x.replace("<sheetData>", "<sheetData>\x00", 1)),
    "sheet-stray-cell.xlsx": lambda p: _sheet(p, _stray_cell),
    "look-alike-lead.xlsx": lambda p: _workbook(p, "P\u043elice Sc\u043etland"),
    "look-alike-lead.txt": lambda p: _text(
        p, text_plan([[*ROWS[0][:2], "P\u043elice Scotland\u200b", ROWS[0][3]], *ROWS[1:]])
    ),
    "actions-40000.txt": lambda p: _text(p, big_plan(40_000)),
    "action-text-40000-chars.txt": lambda p: _text(
        p, text_plan([[ROWS[0][0], "Work " * 8_000, *ROWS[0][2:]], *ROWS[1:]])
    ),
}


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def make_corpus(folder: Path) -> dict[str, Path]:
    """Every hostile file, made in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: make(folder / name) for name, make in MAKERS.items()}


if __name__ == "__main__":
    for name, path in make_corpus(Path(sys.argv[1])).items():
        print(f"{path.stat().st_size:>10,}  {name}")


def nested_forms_pdf(levels: int = 9, fan: int = 10) -> bytes:
    """A PDF of a few KB whose one page draws a form that draws the form below it ``fan``
    times, ``levels`` deep: ``fan ** levels`` lines and letters (10^9 by default)."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    first = 10
    for k in range(levels + 1):
        if k == 0:
            content = b"0 0 m 100 0 l S BT /F1 12 Tf 10 10 Td (Police Scotland) Tj ET"
            resources = b"<< /Font << /F1 4 0 R >> >>"
        else:
            content = b" ".join([b"/X Do"] * fan)
            resources = f"<< /XObject << /X {first + k - 1} 0 R >> >>".encode()
        objects[first + k] = (
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "
            + resources
            + f" /Length {len(content)} >>\nstream\n".encode()
            + content
            + b"\nendstream"
        )
    page_content = b"/X Do"
    objects[5] = f"<< /Length {len(page_content)} >>\nstream\n".encode() + page_content + b"\nendstream"
    objects[3] = (
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X {first + levels} 0 R >> "
        ">> /Contents 5 0 R >>"
    ).encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode() if number in offsets else b"0000000000 65535 f \n"
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


MAKERS["nested-forms.pdf"] = lambda p: (p.write_bytes(nested_forms_pdf()), p)[1]
