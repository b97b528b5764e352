"""Cells that stay text: every CSV and ``.xlsx`` cjgraph writes, written so that no spreadsheet
runs a plan's text as a formula, and read back so that nothing is lost.

Plan text is untrusted (STYLE.md). In a CSV a cell beginning with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is what a spreadsheet reads as a formula, so it is written with a
leading ``'`` as OWASP's CSV-injection guidance describes (a plain number such as ``-2`` is
left as it is: a spreadsheet reads it as that number); a cell already beginning with
``'`` before one of those characters (or before another ``'``) gets one more, so that
:func:`from_csv_text` undoes exactly what :func:`csv_text` did. Numbers are written as they
are (``-2`` is a number, not a formula). A row holding a carriage return is written fully
quoted, so it reads back as one row. In ``.xlsx`` every text is stored as a text cell (never
a formula), marked "quote prefix" when it begins like a formula so that Excel keeps it text
when the cell is edited; characters XML cannot hold (NUL and the other C0 controls but tab
and newlines) are dropped.

Examples
--------
>>> csv_text("=1+cmd|' /C calc'!A0")
"'=1+cmd|' /C calc'!A0"
>>> from_csv_text(csv_text("=1+2")), from_csv_text(csv_text("'=x")), from_csv_text("'hello")
('=1+2', "'=x", "'hello")
>>> import io
>>> buf = io.StringIO()
>>> write_csv(buf, [["ref", "text"], ["A1", "-cut costs"], ["A2", "line\\rbreak"], ["n", "-2"]])
>>> print(buf.getvalue().replace("\\r", "<CR>"), end="")
ref,text
A1,'-cut costs
"A2","line<CR>break"
n,-2
>>> [[from_csv_text(c) for c in row] for row in read_csv(buf.getvalue())][1:3]
[['A1', '-cut costs'], ['A2', 'line\\rbreak']]
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

__all__ = [
    "read_day",
    "existing_rows",
    "FORMULA_START",
    "csv_text",
    "from_csv_text",
    "write_csv",
    "read_csv",
    "long_cells",
    "xml_safe",
    "has_control",
    "content_sha256",
    "xlsx_content",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UK_DAY = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


def read_day(text: str) -> date | None:
    """A date as a workbook cell holds it: ISO (``2018-06-30``, a time after it ignored) or as
    written in the UK, day first (``30/06/2018``, ``1.7.2018``); None when it is neither.

    >>> read_day("30/06/2018"), read_day("2018-06-30T00:00:00"), read_day("31/02/2018"), read_day("June")
    (datetime.date(2018, 6, 30), datetime.date(2018, 6, 30), None, None)
    """
    m = _UK_DAY.match(text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text.strip()[:10]) if len(text.strip()) >= 10 else None
    except ValueError:
        return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not XML characters
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def csv_text(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet runs (see the module docstring)."""
    if value[:1] in FORMULA_START and not _NUMBER.fullmatch(value):
        return "'" + value
    if value[:1] == "'" and value[1:2] in (*FORMULA_START, "'"):
        return "'" + value
    return value


def from_csv_text(value: str) -> str:
    """Undo :func:`csv_text`; any other text is returned as it is.

    >>> all(from_csv_text(csv_text(t)) == t for t in ["-2", "'-2", "''=", "'", "@", "+1e5", "-x"])
    True
    """
    if value[:1] == "'" and value[1:2] in (*FORMULA_START, "'"):
        return value[1:]
    return value


def _csv_cell(value: Any) -> Any:
    return csv_text(value) if isinstance(value, str) else value


def write_csv(fh: IO[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write ``rows`` to ``fh`` (opened with ``newline=""``): text neutralised, numbers as they are."""
    plain = csv.writer(fh, lineterminator="\n")
    quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [_csv_cell(v) for v in row]
        # Python's writer quotes a field holding its line terminator, not a bare CR: quote the row
        (quoted if any(isinstance(v, str) and "\r" in v for v in cells) else plain).writerow(cells)


def read_csv(text: str) -> list[list[str]]:
    """The rows of a CSV text as written by :func:`write_csv` (cells still neutralised), fields of
    any length cjgraph writes (Python's reader stops at 131,072 characters by default)."""
    from cjgraph.limits import MAX_CSV_FIELD

    if csv.field_size_limit() < MAX_CSV_FIELD:
        csv.field_size_limit(MAX_CSV_FIELD)
    return list(csv.reader(io.StringIO(text, newline="")))


def long_cells(sheets: dict[str, list[list[Any]]]) -> Iterator[tuple[str, int, str, int]]:
    """Every cell over the :data:`~cjgraph.limits.MAX_CELL_CHARS` an Excel cell holds: its sheet,
    row (the header is row 1), column heading and length."""
    from cjgraph.limits import MAX_CELL_CHARS

    for name, rows in sheets.items():
        head = [str(h) for h in rows[0]] if rows else []
        for n, row in enumerate(rows, start=1):
            for i, v in enumerate(row):
                if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
                    yield name, n, head[i] if i < len(head) else f"column {i + 1}", len(v)


def xml_safe(value: str) -> str:
    """``value`` without the control characters XML (an ``.xlsx``, GraphML) cannot hold.

    >>> xml_safe("Police\\x00 Scotland\\x1b")
    'Police Scotland'
    """
    return _CONTROL.sub("", value)


def has_control(value: str) -> bool:
    """Whether ``value`` holds a character :func:`xml_safe` removes."""
    return _CONTROL.search(value) is not None


def content_sha256(sheets: dict[str, list[list[Any]]]) -> str:
    """A digest of what the sheets say (not of the file's bytes: Excel saving an unchanged
    workbook again keeps it); see :func:`xlsx_content`.

    >>> content_sha256({"a": [["x", None, ""]]}) == content_sha256({"a": [["x"]]})
    True
    """
    import hashlib

    normal = {
        name: [row for row in ([("" if v is None else xml_safe(_text(v))) for v in r] for r in rows) if any(row)]
        for name, rows in sheets.items()
    }
    for rows in normal.values():
        for row in rows:
            while row and not row[-1]:
                row.pop()
    return hashlib.sha256(json.dumps(normal, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _text(value: Any) -> str:
    """A cell as the text it stands for: a date written as a real date is its ISO date again."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():  # a figure written 7 is read back 7.0
        return str(int(value))
    return str(value)


def xlsx_content(path: Path, prop: str) -> tuple[str | None, str]:
    """The custom property ``prop`` of an ``.xlsx`` (``None`` when it has none) and the
    :func:`content_sha256` of its sheets now."""
    from openpyxl import load_workbook

    from cjgraph.errors import PlanFormatError
    from cjgraph.limits import check_xml_parts

    check_xml_parts(path, PlanFormatError)
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        recorded = next((p.value for p in wb.custom_doc_props.props if p.name == prop), None)
        sheets = {ws.title: [list(r) for r in existing_rows(ws)] for ws in wb.worksheets}
    finally:
        wb.close()
    return (str(recorded) if recorded is not None else None), content_sha256(sheets)


def existing_rows(ws: Any) -> Iterator[tuple[Any, ...]]:
    """The values of a read-only sheet's rows as its XML holds them, never as its declared size
    says: a sheet claiming A1:XFD1048576 (one stray cell) would otherwise be walked cell by cell
    for minutes. Rows start at column A; a row holds cells up to its last one."""
    ws.reset_dimensions()
    for row in ws.iter_rows(values_only=True):
        if row:
            yield row
