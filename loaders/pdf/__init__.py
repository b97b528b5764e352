"""Read a PDF plan into blocks with PDFium (``pypdfium2``): text lines and their fonts from the
text layer, ruled tables from the ruling lines the page draws, page by page in reading order.

What a PDF exported from Word or LibreOffice needs, and how it is read:

- **ruled tables**: the horizontal and vertical rules drawn on a page (lines, or thin filled
  rectangles) that touch one another make a table; their positions make its grid. Where the
  rule between two grid cells is missing, the cells are one merged cell: a cell spanning
  columns gives its text once, in its first column, and a cell spanning rows (one lead or
  one date for several rows) gives its text to every row it spans, as in a Word file;
- **tables across pages**: a table that ends a page and a table with the same columns that
  starts the next are one table; a header row repeated on the new page is dropped, and a row
  that broke across the page (its first cell empty, or, when the table's rows start with a
  ref, no ref) is joined to the row it belongs to, which is marked so in its place;
- **running headers and footers**: a line printed at the same place on most pages (numbers
  aside, so "Page 7 of 26" counts) is dropped before anything else reads the page;
- **bullets**: Symbol, Wingdings and OpenSymbol glyphs (private-use characters such as
  U+F0B7, U+F0A7), ``•``-like characters and a lone ``o`` or ``-`` before the text are list
  bullets; their depth comes from their indentation, ranked over the whole document;
- **paragraphs**: wrapped lines are joined; a new paragraph starts at a gap, an indent, a
  bullet, or a change of font size or weight (a heading set only by its font); a paragraph that
  ends a page mid-sentence goes on with the next page's first one when that begins in lower case;
- **hyphens**: a word hyphenated at a line end is joined without the space; the hyphen is kept
  when the document prints the word with it elsewhere ("co-production"), or the first part is
  a short prefix, and dropped otherwise ("partner-" + "ship").

- **unruled tables** (text set in columns without rules): a run of lines that keeps an upright
  gutter no text crosses, the gutters being the column edges; rows open where the first column
  has text after more than a line's space. Such a table cannot show a merged cell.
"""

from __future__ import annotations

import ctypes
import encodings.utf_16_le  # noqa: F401 - PDFium's text comes as UTF-16; the confined reader cannot import later
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from cjgraph.errors import DocumentError
from cjgraph.limits import MAX_TEXT_WORK
from cjgraph.loaders.blocks import Block
from cjgraph.loaders.pdf.geometry import Line, Page, in_table
from cjgraph.loaders.pdf.pages import document_blocks, drop_running_lines
from cjgraph.loaders.pdf.rules import TooMuch, ruled_tables
from cjgraph.loaders.pdf.text import join_lines, mend_hyphens
from cjgraph.loaders.pdf.unruled import unruled_tables

__all__ = ["pdf_blocks"]


def pdf_blocks(path: Path, data: bytes | None = None) -> list[Block]:
    """Blocks of a PDF file (its bytes ``data`` when given, read from ``path`` otherwise);
    :class:`DocumentError` when it is not a readable PDF, or asks for more work than a plan
    document needs (a page drawing more than :data:`MAX_SHAPES` shapes)."""
    if data is None:
        data = path.read_bytes()
    if not data[:1024].lstrip().startswith(b"%PDF"):
        raise DocumentError(f"{path}: is not a PDF (it does not start with %PDF).")
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as e:  # PDFium raises PdfiumError with a reason for a broken file
        raise DocumentError(f"{path}: is not a readable PDF ({e}).") from None
    pages: list[Page] = []
    try:
        for k in range(len(pdf)):
            pages.append(_read_page(pdf[k], k + 1))
    except TooMuch as e:
        raise DocumentError(f"{path}: page {len(pages) + 1} {e}") from None
    except Exception as e:  # pragma: no cover - PDFium reports per-page trouble as exceptions
        raise DocumentError(f"{path}: is not a readable PDF ({type(e).__name__}: {e}).") from None
    finally:
        pdf.close()
    printed = sum(len(p.lines) + len(p.tables) for p in pages)
    drop_running_lines(pages)
    blocks = document_blocks(pages)
    if not any(b.kind != "blank" for b in blocks):
        if printed:
            raise DocumentError(
                f"{path}: every line it prints stands at the same place on most of its {len(pages)} pages, as running "
                "headers and footers do, so nothing is left to read as a plan."
            )
        raise DocumentError(
            f"{path}: has no text layer (it is a scanned or image-only PDF); run OCR on it first, or give "
            "cjgraph the Word file it was made from."
        )
    return mend_hyphens(blocks)


def _read_page(page: Any, number: int) -> Page:
    height = page.get_height()
    tp = page.get_textpage()
    if tp.count_rects() * tp.count_chars() > MAX_TEXT_WORK:
        raise TooMuch(
            f"prints {tp.count_chars():,} characters in {tp.count_rects():,} runs, more than a plan's page "
            "(text drawn inside drawings?); cjgraph stops there."
        )
    segments: list[Line] = []
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    for i in range(tp.count_rects()):
        left, bottom, right, top = tp.get_rect(i)
        text = tp.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", " ")
        if not text.strip():
            continue
        index = raw.FPDFText_GetCharIndexAtPos(tp.raw, left + 1, (top + bottom) / 2, 3, 3)
        size, bold = 0.0, False
        if index >= 0:
            size = round(raw.FPDFText_GetFontSize(tp.raw, index), 1)
            raw.FPDFText_GetFontInfo(tp.raw, index, name, len(name), ctypes.byref(flags))
            weight = raw.FPDFText_GetFontWeight(tp.raw, index)
            bold = weight >= 600 or b"bold" in name.value.lower() or bool(flags.value & (1 << 18))
        segments.append(Line(left, height - top, right, height - bottom, text, size, bold, spaced=text[-1:].isspace()))
    tables = ruled_tables(page, height, segments)
    free = [s for s in segments if not any(in_table(s, t) for t in tables)]
    unruled, free = unruled_tables(free, height)
    tp.close()
    return Page(number, height, join_lines(free), sorted(tables + unruled, key=lambda t: t.top))
