"""Read a Word (``.docx``) plan into blocks: paragraphs in reading order with their heading
level (outline level, "Heading N" styles), list items with their level, and real Word tables
as rows, one cell per grid column (a cell spanning columns gives its text once, in its first
column; a vertically merged cell repeats its text on every row it spans; list items inside a
cell kept as bullets so indicator lists survive).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from cjgraph.errors import DocumentError
from cjgraph.loaders.blocks import Block
from cjgraph.loaders.numbering import ListNumbers

__all__ = ["docx_blocks"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_blocks(path: Path) -> list[Block]:
    """Blocks of a ``.docx`` file; :class:`DocumentError` when it is not a Word document."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a dependency of cjgraph
        raise DocumentError(f"{path}: reading .docx needs python-docx (pip install python-docx).") from None
    if not zipfile.is_zipfile(path):
        raise DocumentError(f"{path}: is not a Word document (a .docx file is a zip archive; this one is not).")
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises several types for a broken package
        raise DocumentError(f"{path}: is not a readable Word document ({type(e).__name__}).") from None
    styles = {s.style_id: (s.name or "").lower() for s in document.styles}
    numbers = ListNumbers(document)
    blocks: list[Block] = []
    para_no = table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            para_no += 1
            p = Paragraph(child, document)
            text = " ".join(f"{numbers.label(child)} {p.text}".split())
            where = f"paragraph {para_no}"
            if not text:
                blocks.append(Block.blank(line=para_no, where=where))
            else:
                level = _heading_level(p, styles)
                blocks.append(Block.para(text, depth=_list_depth(p, styles), line=para_no, where=where, level=level))
        elif child.tag == f"{_W}tbl":
            table_no += 1
            table = Table(child, document)
            for r, row in enumerate(table.rows, start=1):
                cells: list[str] = []
                previous = None
                for cell in row.cells:  # one per grid column; a vertically merged cell repeats its text down
                    # a cell spanning grid columns (gridSpan) gives its text once and keeps the grid, so
                    # that a header spanning two columns does not shift the labels against the data
                    cells.append("" if cell._tc is previous else _cell_text(cell, styles, numbers))
                    previous = cell._tc
                blocks.append(Block.row(tuple(cells), line=para_no, where=f"table {table_no}, row {r}"))
            blocks.append(Block.blank(line=para_no, where=f"after table {table_no}"))
    return blocks


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
