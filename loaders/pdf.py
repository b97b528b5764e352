"""Read a PDF plan into blocks with pdfplumber: ruled tables become rows (cell text kept),
the text around them becomes paragraphs (wrapped lines joined, bullets and their indentation
kept), page by page in reading order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cjgraph.errors import DocumentError
from cjgraph.loaders.blocks import BULLET_CHARS, Block

__all__ = ["pdf_blocks"]

# a glyph with no Unicode mapping, as pdfminer prints it; in plans these are list bullets
_CID = re.compile(r"\(cid:\d+\)")


def _text(value: str) -> str:
    return _CID.sub("•", value)


def pdf_blocks(path: Path) -> list[Block]:
    """Blocks of a PDF file; :class:`DocumentError` when it is not a readable PDF."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of cjgraph
        raise DocumentError(f"{path}: reading .pdf needs pdfplumber (pip install pdfplumber).") from None
    with path.open("rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise DocumentError(f"{path}: is not a PDF (it does not start with %PDF).")
    blocks: list[Block] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                blocks.extend(_page_blocks(page, number))
                blocks.append(Block.blank(line=number, where=f"end of page {number}"))
    except DocumentError:
        raise
    except Exception as e:  # pdfminer raises many types for a broken file
        raise DocumentError(f"{path}: is not a readable PDF ({type(e).__name__}).") from None
    if not any(b.kind != "blank" for b in blocks):
        raise DocumentError(f"{path}: holds no text (a scanned PDF needs OCR before cjgraph can read it).")
    return blocks


def _page_blocks(page: Any, number: int) -> list[Block]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, top = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= top <= b[3] for b in boxes)

    items: list[tuple[float, list[Block]]] = []
    lines = page.filter(outside).extract_text_lines(return_chars=False)
    left = min((ln["x0"] for ln in lines), default=0.0)
    para: list[str] = []
    para_depth = 0
    para_top = 0.0
    prev: dict[str, Any] | None = None
    where = f"page {number}"

    def flush() -> None:
        nonlocal para
        if para:
            items.append((para_top, [Block.para(" ".join(para), depth=para_depth, line=number, where=where)]))
        para = []

    for ln in lines:
        text = _text(ln["text"]).strip()
        if not text:
            continue
        bullet = text[0] in BULLET_CHARS or text.startswith("- ")
        height = ln["bottom"] - ln["top"]
        gap = ln["top"] - prev["bottom"] if prev else 99.0
        if bullet or not para or gap > 0.6 * height or abs(ln["x0"] - prev["x0"]) > 30:  # type: ignore[index]
            flush()
            para_top = ln["top"]
            para_depth = (1 if ln["x0"] - left < 15 else 2) if bullet else 0
            text = text[1:].strip() if bullet else text
        para.append(text)
        prev = ln
    flush()
    for t in tables:
        rows = []
        for r in t.extract():
            rows.append(Block.row(tuple(_text(c or "").strip() for c in r), line=number, where=where))
        items.append((t.bbox[1], rows))
    items.sort(key=lambda it: it[0])
    return [b for _, bs in items for b in bs]
