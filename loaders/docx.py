"""Read a Word (``.docx``) plan into blocks: paragraphs in reading order with their heading
level (outline level, "Heading N" styles), list items with their level, and real Word tables
as rows, one cell per grid column (a cell spanning columns gives its text once, in its first
column; a vertically merged cell repeats its text on every row it spans; list items inside a
cell kept as bullets so indicator lists survive).

Tables are read from their XML defensively, not trusted: a merge that continues nothing (in a
table's first row, or below a cell that starts no merge), a span that is not a number or larger
than a table can be, and a row with no cells are each a warning naming the table and row (the
cell taken as unmerged, the span as 1, the row passed over), never a failure.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from cjgraph.errors import CjgraphError, DocumentError
from cjgraph.loaders.blocks import Block
from cjgraph.loaders.numbering import ListNumbers

__all__ = ["docx_blocks"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_SPAN = 63  # Word's widest table
Warn = Callable[[str, str], None]


def docx_blocks(path: Path, warn: Warn | None = None) -> list[Block]:
    """Blocks of a ``.docx`` file; :class:`DocumentError` when it is not a Word document.
    ``warn(where, message)`` hears of a table's structure read as something else (a bad merge
    or span)."""
    warn = warn or (lambda where, message: None)
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a dependency of cjgraph
        raise DocumentError(f"{path}: reading .docx needs python-docx (pip install python-docx).") from None
    if not zipfile.is_zipfile(path):
        raise DocumentError(f"{path}: is not a Word document (a .docx file is a zip archive; this one is not).")
    try:
        document = docx.Document(str(path))
        return _body_blocks(document, Paragraph, warn)
    except CjgraphError:
        raise
    except Exception as e:  # python-docx fails in many ways on a broken package or part (a fuzz found them)
        raise DocumentError(f"{path}: is not a readable Word document ({type(e).__name__}: {_short(e)}).") from None


def _short(e: Exception) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= 120 else text[:119] + "…"


def _body_blocks(document: Any, paragraph_class: Any, warn: Warn) -> list[Block]:
    """The blocks of a loaded document's body, in reading order."""
    styles = {s.style_id: (s.name or "").lower() for s in document.styles}
    numbers = ListNumbers(document)
    blocks: list[Block] = []
    para_no = table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            para_no += 1
            p = paragraph_class(child, document)
            text = " ".join(f"{numbers.label(child)} {p.text}".split())
            where = f"paragraph {para_no}"
            if not text:
                blocks.append(Block.blank(line=para_no, where=where))
            else:
                level = _heading_level(p, styles)
                blocks.append(Block.para(text, depth=_list_depth(p, styles), line=para_no, where=where, level=level))
        elif child.tag == f"{_W}tbl":
            table_no += 1
            cell_text = partial(_tc_text, document=document, styles=styles, numbers=numbers)
            for where, cells in _table_rows(child, f"table {table_no}", cell_text, warn):
                blocks.append(Block.row(cells, line=para_no, where=where))
            blocks.append(Block.blank(line=para_no, where=f"after table {table_no}"))
    return blocks


def _table_rows(tbl: Any, name: str, text: Callable[[Any], str], warn: Warn) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each row of a Word table as one cell per grid column: a cell spanning columns (gridSpan)
    gives its text once and keeps the grid, so a header spanning two columns does not shift the
    labels against the data; a vertically merged cell (vMerge) repeats the text of the cell that
    starts the merge."""
    above: dict[int, str] = {}  # grid column -> the text of the merge that starts there
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
        where = f"{name}, row {r}"
        cells: list[str] = [""] * _number(tr.find(f"{_W}trPr/{_W}gridBefore"), 0, where, "gridBefore", warn)
        for tc in _row_cells(tr):
            span = _number(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1, where, "gridSpan", warn)
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            column = len(cells)
            if merge is not None and merge.get(f"{_W}val") != "restart":
                if column in above:
                    value = above[column]
                else:
                    warn(where, "a cell continues a vertical merge that no cell above it starts; read as unmerged")
                    value = text(tc)
            else:
                value = text(tc)
                if merge is not None:
                    above[column] = value
                else:
                    above.pop(column, None)
            cells += [value] + [""] * (span - 1)
        if not cells:
            warn(where, "the row has no cells; passed over")
            continue
        yield where, tuple(cells)


def _row_cells(tr: Any) -> Iterator[Any]:
    """The cells of a row, those inside content controls (``w:sdt``) too."""
    for child in tr.iterchildren():
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag == f"{_W}sdt":
            yield from child.iterfind(f"{_W}sdtContent/{_W}tc")


def _number(element: Any, default: int, where: str, what: str, warn: Warn) -> int:
    """A span or count attribute, from 1 (0 for gridBefore) to Word's widest table; a value
    that is not a number or out of range is the default, with a warning."""
    if element is None:
        return default
    raw = element.get(f"{_W}val")
    if raw is not None and raw.strip().isdigit() and default <= int(raw) <= _MAX_SPAN:
        return int(raw)
    warn(where, f"{what} {raw!r} is not a column count from {default} to {_MAX_SPAN}; read as {default}")
    return default


def _tc_text(tc: Any, *, document: Any, styles: dict[str, str], numbers: ListNumbers) -> str:
    from docx.table import _Cell

    return _cell_text(_Cell(tc, document), styles, numbers)


def _heading_level(p: Any, styles: dict[str, str]) -> int:
    """The heading level of a paragraph: its outline level, or its "Heading N" / "Title" style."""
    ppr = p._p.pPr
    outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
    if outline is not None and (outline.get(f"{_W}val") or "").isdigit():
        value = int(outline.get(f"{_W}val"))
        return value + 1 if value < 9 else 0  # 9: body text
    style = styles.get(p._p.style or "", "")
    if style == "title":
        return 1
    m = re.fullmatch(r"heading (\d)", style)
    return int(m.group(1)) if m else 0


def _list_depth(p: Any, styles: dict[str, str]) -> int:
    """1 + the list level of a paragraph (numbering or a "List ..." style), 0 when not a list item."""
    ppr = p._p.pPr
    style = styles.get(p._p.style or "", "")
    level = -1
    if ppr is not None and ppr.numPr is not None:
        ilvl = ppr.numPr.ilvl
        level = int(ilvl.val) if ilvl is not None else 0
    elif "list" in style:
        digits = [c for c in style if c.isdigit()]
        level = int(digits[-1]) - 1 if digits else 0
    return level + 1 if level >= 0 else 0


def _cell_text(cell: Any, styles: dict[str, str], numbers: ListNumbers) -> str:
    parts: list[str] = []
    in_list = 0
    for p in cell.paragraphs:
        label = numbers.label(p._p)  # a numbered paragraph's number ("SO1.1", "2.") is text
        text = " ".join(f"{label} {p.text}".split())
        if not text:
            continue
        depth = 0 if label else _list_depth(p, styles)
        if depth:
            marker = "•" if depth == 1 else "◦"
            opener = "<ul> " if depth > in_list else ""
            in_list = depth
            parts.append(f"{opener}{marker} {text}")
        else:
            in_list = 0
            parts.append(text)
    return "\n".join(parts)
