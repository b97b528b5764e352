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
  bullet, or a change of font size or weight (a heading set only by its font);
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
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from math import ceil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from cjgraph.errors import DocumentError
from cjgraph.limits import MAX_SHAPES, MAX_TEXT_WORK
from cjgraph.loaders.blocks import BULLET_CHARS, CARRIED_OVER, ROW_ACROSS_PAGES, Block
from cjgraph.loaders.tables import is_ref
from cjgraph.loaders.text import clean

__all__ = ["pdf_blocks"]

_HYPHEN = "\x02"  # PDFium's mark for a hyphen that ends a line
_BREAK = "\x03"  # a line that ends inside a long word, perhaps: decided by the document's words
_PUA = re.compile(r"[\ue000-\uf8ff]")  # symbol-font glyphs: bullets in plans
_LONE_BULLETS = frozenset({"o", "-", "–", "§", "Ø", "ü", "v"})  # Courier/Wingdings bullets as text
_RULE = 2.5  # thicker than this is a shape, not a rule
_SNAP = 2.0  # positions this close are one grid line
# a page drawing more rules than this each way is a drawing (a chart, a map), not a table: its text
# is read without tables. A plan's densest table page draws some 40 rules each way; the cap keeps
# the grid work (rules x rules) bounded on a hostile file.
_MAX_RULES = 500


@dataclass
class _Line:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float = 0.0
    bold: bool = False
    bullet: str = ""  # the bullet glyph printed before the text, if any
    bullet_x: float = 0.0
    spaced: bool = True  # the text layer ends the line with a space (a wrap between words)


@dataclass
class _Table:
    top: float
    bottom: float
    xs: list[float]
    rows: list[list[str]]
    header: list[str] = field(default_factory=list)  # the first row of the table it belongs to
    ruled: bool = True  # False: known by its column positions only
    down: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) -> last row of its merged cell
    notes: dict[int, str] = field(default_factory=dict)  # row -> a note on how it was read


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line]
    tables: list[_Table]


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
    pages: list[_Page] = []
    try:
        for k in range(len(pdf)):
            pages.append(_read_page(pdf[k], k + 1))
    except _TooMuch as e:
        raise DocumentError(f"{path}: page {len(pages) + 1} {e}") from None
    except Exception as e:  # pragma: no cover - PDFium reports per-page trouble as exceptions
        raise DocumentError(f"{path}: is not a readable PDF ({type(e).__name__}: {e}).") from None
    finally:
        pdf.close()
    printed = sum(len(p.lines) + len(p.tables) for p in pages)
    _drop_running_lines(pages)
    blocks = _blocks(pages)
    if not any(b.kind != "blank" for b in blocks):
        if printed:
            raise DocumentError(
                f"{path}: every line it prints stands at the same place on most of its {len(pages)} pages, as running "
                "headers and footers do, so nothing is left to read as a plan."
            )
        raise DocumentError(f"{path}: holds no text (a scanned PDF needs OCR before cjgraph can read it).")
    return _mend_hyphens(blocks)


class _TooMuch(Exception):
    """A page asks for more work than a plan's page needs."""


def _at_most(objects: Iterator[Any], limit: int) -> Iterator[Any]:
    """``objects``, refused (:class:`_TooMuch`) past ``limit`` of them."""
    for count, obj in enumerate(objects, start=1):
        if count > limit:
            raise _TooMuch(_TOO_MANY)
        yield obj


_TOO_MANY = (
    f"draws more than {MAX_SHAPES:,} shapes (drawings inside drawings?), more than a plan's page; cjgraph stops there."
)


# -- one page ------------------------------------------------------------------------------


def _read_page(page: Any, number: int) -> _Page:
    height = page.get_height()
    tp = page.get_textpage()
    if tp.count_rects() * tp.count_chars() > MAX_TEXT_WORK:
        raise _TooMuch(
            f"prints {tp.count_chars():,} characters in {tp.count_rects():,} runs, more than a plan's page "
            "(text drawn inside drawings?); cjgraph stops there."
        )
    segments: list[_Line] = []
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
        segments.append(_Line(left, height - top, right, height - bottom, text, size, bold, spaced=text[-1:].isspace()))
    tables = _ruled_tables(page, height, segments)
    free = [s for s in segments if not any(_in_table(s, t) for t in tables)]
    unruled, free = _unruled_tables(free, height)
    tp.close()
    return _Page(number, height, _lines(free), sorted(tables + unruled, key=lambda t: t.top))


def _in_table(s: _Line, t: _Table) -> bool:
    x, y = (s.x0 + s.x1) / 2, (s.top + s.bottom) / 2
    return t.xs[0] <= x <= t.xs[-1] and t.top <= y <= t.bottom


def _baselines(segments: list[_Line]) -> list[list[_Line]]:
    """Segments grouped by the line of text they sit on, top down, each line left to right."""
    segments = sorted(segments, key=lambda s: ((s.top + s.bottom) / 2, s.x0))
    rows: list[list[_Line]] = []
    for s in segments:
        mid = (s.top + s.bottom) / 2
        if rows:
            last = rows[-1][0]
            if abs(mid - (last.top + last.bottom) / 2) <= max(2.0, 0.35 * (last.bottom - last.top)):
                rows[-1].append(s)
                continue
        rows.append([s])
    for row in rows:
        row.sort(key=lambda s: s.x0)
    return rows


def _lines(segments: list[_Line]) -> list[_Line]:
    """Segments on one baseline become one line (a bullet glyph and its text, say)."""
    lines = []
    for row in _baselines(segments):
        bullet, bullet_x = "", 0.0
        first = row[0].text.strip()
        if len(row) > 1 and _is_bullet(first) and row[1].x0 - row[0].x1 > 2:
            bullet, bullet_x = first, row[0].x0
            row = row[1:]
        elif first[:1] and _is_bullet(first[0]) and first[1:2] == " ":
            bullet, bullet_x = first[0], row[0].x0
            row = [_Line(row[0].x0, row[0].top, row[0].x1, row[0].bottom, first[1:].strip(), row[0].size, row[0].bold)]
        text = ""
        for k, s in enumerate(row):  # a space where the text has one or the page leaves one
            piece = s.text.strip()
            gap = s.x0 - row[k - 1].x1 if k else 0.0
            spaced = k and (row[k - 1].spaced or gap > 0.3 * (s.size or s.bottom - s.top))
            text += (" " if text and spaced else "") + piece
        if re.search(r"[A-Za-z]-$", text):  # a hyphen ending the line, as PDFium marks its own
            text = text[:-1] + _HYPHEN
        main = max(row, key=lambda s: len(s.text))
        lines.append(
            _Line(
                row[0].x0,
                min(s.top for s in row),
                max(s.x1 for s in row),
                max(s.bottom for s in row),
                text,
                main.size,
                main.bold,
                bullet,
                bullet_x,
                row[-1].spaced,
            )
        )
    return lines


def _is_bullet(glyph: str) -> bool:
    return len(glyph) == 1 and (glyph in BULLET_CHARS or glyph in _LONE_BULLETS or bool(_PUA.match(glyph)))


# -- unruled tables --------------------------------------------------------------------------


def _cells(row: list[_Line]) -> list[list[_Line]]:
    """The segments of one baseline split where the gap is wider than a word space by far (a
    column gap); a bullet glyph stays with its text."""
    cells: list[list[_Line]] = [[row[0]]]
    for prev, s in zip(row, row[1:], strict=False):
        gap = s.x0 - prev.x1
        if gap > 0.8 * (s.size or s.bottom - s.top) and not _is_bullet(prev.text.strip()):
            cells.append([s])
        else:
            cells[-1].append(s)
    return cells


def _unruled_tables(segments: list[_Line], height: float) -> tuple[list[_Table], list[_Line]]:
    """Tables set in columns without rules. A table is a run of lines (no wider apart than three
    lines) that keeps at least one *gutter*: an upright strip at least 8 points wide that no
    text of the run crosses; the gutters are the column edges. At least two of its lines hold
    text in two columns or more (or a lone such line ends the page's text: a header whose rows
    Word moved to the next page). A line crossing every gutter (a paragraph) ends the table.
    Returns the tables and the segments outside them."""
    rows = _baselines(segments)
    pieces = [_cells(r) for r in rows]
    tables: list[_Table] = []
    used: set[int] = set()
    i = 0
    while i < len(rows):
        if len(pieces[i]) < 2:
            i += 1
            continue
        cover = [(p[0].x0, p[-1].x1) for p in pieces[i]]
        j, multi = i + 1, 1
        while j < len(rows):
            pitch = rows[j][0].top - rows[j - 1][0].top
            if pitch > 3 * max(s.size or s.bottom - s.top for s in rows[j - 1]):  # a gap: not one table
                break
            wider = cover + [(p[0].x0, p[-1].x1) for p in pieces[j]]
            if not _gutters(wider):
                break
            cover = wider
            multi += len(pieces[j]) > 1
            j += 1
        gutters = _gutters(cover)
        ends_page = all(r[0].top > 0.88 * height for r in rows[j:])  # nothing after it but a footer
        if multi >= 2 or (ends_page and gutters):
            size = max(s.size for r in rows[i:j] for s in r)
            start = i  # lines above with text in one column only ("Indicator", "Links to …") are rows too
            while start > 0 and start - 1 not in used and _fits_above(rows[start - 1], rows[start], gutters, size):
                start -= 1
            cover += [(s.x0, s.x1) for r in rows[start:i] for s in r]
            left, right = min(a for a, _ in cover), max(b for _, b in cover)
            edges = [left, *(b - 4 for _, b in gutters), right]  # a column begins where its text does
            tables.append(_unruled([s for r in rows[start:j] for s in r], edges))
            used.update(range(start, j))
            i = j
        else:
            i += 1
    free = [s for k, r in enumerate(rows) if k not in used for s in r]
    return tables, free


def _fits_above(row: list[_Line], below: list[_Line], gutters: list[tuple[float, float]], size: float) -> bool:
    """Whether a line just above a table belongs to it: close above, set no larger than the
    table's text (not a heading) and touching none of its gutters."""
    if below[0].top - row[0].top > 3 * (size or 10.0) or any(s.size > size + 0.5 for s in row):
        return False
    return not any(s.x0 < b and s.x1 > a for s in row for a, b in gutters)


def _gutters(cover: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gaps at least 8 points wide between the x-ranges ``cover`` of some text."""
    out: list[tuple[float, float]] = []
    end: float | None = None
    for a, b in sorted(cover):
        if end is not None and a - end >= 8:
            out.append((end, a))
        end = b if end is None else max(end, b)
    return out


def _col(edges: list[float], x: float) -> int:
    """The column (between ``edges``) holding ``x``."""
    return max(0, min(len(edges) - 2, sum(1 for e in edges[1:-1] if x >= e)))


def _unruled(segments: list[_Line], edges: list[float]) -> _Table:
    """The rows of an unruled table: each column's lines, rows opened by the first column's
    lines after more than a line's space (lines above the first are the rest of a row broken by
    the page before)."""
    columns: list[list[_Line]] = [[] for _ in edges[:-1]]
    for s in segments:
        columns[_col(edges, (s.x0 + s.x1) / 2 if _is_bullet(s.text.strip()) else s.x0 + 1)].append(s)
    lines = [_lines(c) for c in columns]
    size = max((s.size for s in segments), default=0.0) or 10.0
    pitches = [b.top - a.top for col in lines for a, b in zip(col, col[1:], strict=False) if b.top - a.top > size / 2]
    pitch = min([*pitches, 1.35 * size])  # a wrapped line's pitch: at most single spacing
    anchors = [ln.top for k, ln in enumerate(lines[0]) if k == 0 or ln.top - lines[0][k - 1].top > pitch + 3]
    top = min(ln.top for col in lines for ln in col)
    if not anchors or anchors[0] > top + 2:
        anchors.insert(0, top)
    table: list[list[list[_Line]]] = [[[] for _ in columns] for _ in anchors]
    for c, col in enumerate(lines):
        for ln in col:
            r = max(0, sum(1 for a in anchors if ln.top >= a - 2) - 1)
            table[r][c].append(ln)
    texts = [[_cell_text(cell) for cell in row] for row in table]
    bottom = max(ln.bottom for col in lines for ln in col)
    return _Table(top, bottom, edges, texts, ruled=False)


# -- ruled tables --------------------------------------------------------------------------


def _edges(page: Any, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) rules drawn on the page, top-down."""
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in _at_most(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]), MAX_SHAPES):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if w <= _RULE and h > 3:
            vs.append(((left + right) / 2, height - top, height - bottom))
            continue
        if h <= _RULE and w > 3:
            hs.append((height - (top + bottom) / 2, left, right))
            continue
        if w * h > 0.8 * page.get_width() * height:  # a page background
            continue
        m = obj.get_matrix()
        points: list[tuple[float, float]] = []
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_LINETO and points:
                (qx, qy) = points[-1]
                if abs(py - qy) < 0.5 and abs(px - qx) > 3:
                    hs.append((height - py, min(px, qx), max(px, qx)))
                elif abs(px - qx) < 0.5 and abs(py - qy) > 3:
                    vs.append((px, height - max(py, qy), height - min(py, qy)))
            points.append((px, py))
            if raw.FPDFPathSegment_GetClose(seg) and len(points) > 1:
                (qx, qy), (sx, sy) = points[-1], points[0]
                if abs(sy - qy) < 0.5 and abs(sx - qx) > 3:
                    hs.append((height - sy, min(sx, qx), max(sx, qx)))
                elif abs(sx - qx) < 0.5 and abs(sy - qy) > 3:
                    vs.append((sx, height - max(sy, qy), height - min(sy, qy)))
    return hs, vs


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _SNAP:
            continue
        out.append(v)
    return out


def _ruled_tables(page: Any, height: float, segments: list[_Line]) -> list[_Table]:
    hs, vs = _edges(page, height)
    if len(hs) < 2 or len(vs) < 2 or len(hs) > _MAX_RULES or len(vs) > _MAX_RULES:
        return []
    # rules that touch one another make one table
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (hy, hx0, hx1) in enumerate(hs):
        for j, (vx, vy0, vy1) in enumerate(vs):
            if hx0 - _SNAP <= vx <= hx1 + _SNAP and vy0 - _SNAP <= hy <= vy1 + _SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables = []
    for gh, gv in groups.values():
        ys, xs = _snap([h[0] for h in gh]), _snap([v[0] for v in gv])
        if len(ys) >= 2 and len(xs) >= 2:
            tables.append(_grid(ys, xs, gh, gv, segments))
    tables.sort(key=lambda t: t.top)
    return tables


def _grid(
    ys: list[float],
    xs: list[float],
    hs: list[tuple[float, float, float]],
    vs: list[tuple[float, float, float]],
    segments: list[_Line],
) -> _Table:
    """The table the grid lines ``ys`` × ``xs`` make: neighbouring grid cells with no rule between
    them are one merged cell, whose text is read once and shown in its first grid cell."""
    spans = _merged_cells(ys, xs, _Rules(ys, xs, hs, vs))
    owner = {rc: anchor for anchor, members in spans.items() for rc in members}
    text: dict[tuple[int, int], str] = {}
    down = {}
    for anchor, members in spans.items():
        rows_of, cols_of = [r for r, _ in members], [c for _, c in members]
        top, bottom = ys[min(rows_of)], ys[max(rows_of) + 1]
        left, right = xs[min(cols_of)], xs[max(cols_of) + 1]
        inside = [s for s in segments if left <= (s.x0 + s.x1) / 2 <= right and top <= (s.top + s.bottom) / 2 <= bottom]
        text[anchor] = _cell_text(_lines(inside))
        if max(rows_of) > min(rows_of):
            down[(min(rows_of), min(cols_of))] = max(rows_of)
    rows = []
    for r in range(len(ys) - 1):
        row = []
        for c in range(len(xs) - 1):
            anchor = owner[(r, c)]
            first_col = min(cc for rr, cc in spans[anchor] if rr == r)
            row.append(text[anchor] if c == first_col else "")
        rows.append(row)
    return _Table(ys[0], ys[-1], xs, rows, down=down)


class _Rules:
    """The ruled lines of a grid, by the grid line each lies on (within :data:`_SNAP`)."""

    def __init__(
        self,
        ys: list[float],
        xs: list[float],
        hs: list[tuple[float, float, float]],
        vs: list[tuple[float, float, float]],
    ) -> None:
        self.ys, self.xs = ys, xs
        self.h_at: dict[int, list[tuple[float, float]]] = {}  # grid line -> the spans its rules cover
        self.v_at: dict[int, list[tuple[float, float]]] = {}
        for y, x0, x1 in hs:
            for k in (k for k, g in enumerate(ys) if abs(y - g) <= _SNAP):
                self.h_at.setdefault(k, []).append((x0, x1))
        for x, y0, y1 in vs:
            for k in (k for k, g in enumerate(xs) if abs(x - g) <= _SNAP):
                self.v_at.setdefault(k, []).append((y0, y1))

    def across(self, k: int, col: int) -> bool:
        """Whether a horizontal rule lies on ``ys[k]`` under column ``col``."""
        mid = (self.xs[col] + self.xs[col + 1]) / 2
        return any(x0 - 1 <= mid <= x1 + 1 for x0, x1 in self.h_at.get(k, ()))

    def down(self, k: int, row: int) -> bool:
        """Whether a vertical rule lies on ``xs[k]`` beside row ``row``."""
        mid = (self.ys[row] + self.ys[row + 1]) / 2
        return any(y0 - 1 <= mid <= y1 + 1 for y0, y1 in self.v_at.get(k, ()))


def _merged_cells(ys: list[float], xs: list[float], rules: _Rules) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Each merged cell (its first grid cell) and the grid cells it covers: grid cells with no
    rule between them joined (a union-find over the grid)."""
    nrows, ncols = len(ys) - 1, len(xs) - 1
    cell_of = {(r, c): (r, c) for r in range(nrows) for c in range(ncols)}

    def find(rc: tuple[int, int]) -> tuple[int, int]:
        while cell_of[rc] != rc:
            rc = cell_of[rc]
        return rc

    def join(a: tuple[int, int], b: tuple[int, int]) -> None:
        a, b = find(a), find(b)
        cell_of[max(a, b)] = min(a, b)

    for r in range(nrows):
        for c in range(ncols):
            if c + 1 < ncols and not rules.down(c + 1, r):
                join((r, c), (r, c + 1))
            if r + 1 < nrows and not rules.across(r + 1, c):
                join((r, c), (r + 1, c))
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for rc in cell_of:
        spans.setdefault(find(rc), []).append(rc)
    return spans


def _cell_text(lines: list[_Line]) -> str:
    """A cell's lines, one per line as Word's cells keep them; a word hyphenated at the line end,
    or a single word too long for the cell and broken without a hyphen, is joined again."""
    parts: list[str] = []
    prev: _Line | None = None
    right = max((ln.x1 for ln in lines), default=0.0)
    for ln in lines:
        text = ln.text.strip()
        broken = (  # a word longer than the cell's width, broken where the line was full
            prev is not None
            and not prev.spaced
            and " " not in prev.text.strip()
            and prev.x1 >= right - (prev.size or 10.0)
            and (text[:1].islower() or text[:1] in ",.;:)")  # never how a wrapped line starts
            and not ln.bullet
        )
        if ln.bullet:
            parts.append(f"• {text}")
        elif parts and parts[-1].endswith(_HYPHEN):
            parts[-1] += text
        elif parts and broken:
            parts[-1] += _BREAK + text
        else:
            parts.append(text)
        prev = ln
    return "\n".join(parts)


# -- the document --------------------------------------------------------------------------


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop lines printed at the same place (numbers aside) on most pages: running headers and
    footers, whatever they say."""
    if len(pages) < 2:
        return
    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        for key in {(_running_key(ln.text), round(ln.top / 3)) for ln in page.lines}:
            seen[key] += 1
    need = max(2, ceil(0.5 * len(pages)))

    def running(ln: _Line) -> bool:
        k = _running_key(ln.text)
        slot = round(ln.top / 3)
        return max(seen[(k, slot - 1)], seen[(k, slot)], seen[(k, slot + 1)]) >= need

    for page in pages:
        page.lines = [ln for ln in page.lines if not running(ln)]


def _blocks(pages: list[_Page]) -> list[Block]:
    bullet_xs = _snap([ln.bullet_x for p in pages for ln in p.lines if ln.bullet])
    heading = _heading_levels(pages)
    blocks: list[Block] = []
    last: _Table | None = None  # the table whose rows end ``blocks``: the next page may continue it
    for page in pages:
        if last is not None and not last.ruled and blocks and blocks[-1].kind == "row":
            _carry_fragment(last, page, blocks)
        items: list[tuple[float, Block | _Table]] = [(t.top, t) for t in page.tables]
        items += _paragraphs(page, bullet_xs, heading)
        items.sort(key=lambda it: it[0])
        table_no = 0
        for k, (_, item) in enumerate(items):
            continued = isinstance(item, _Table) and k == 0 and last is not None and _continues(last, item)
            if last is not None and not continued:  # a table ended: a blank, as after a Word table
                blocks.append(Block.blank(line=page.number, where=f"after a table, page {page.number}"))
            if isinstance(item, Block):
                blocks.append(item)
                last = None
                continue
            table_no += 1
            first_row = _join(last, item, blocks, page.number) if continued and last is not None else 0
            for r in range(first_row, len(item.rows)):
                where = f"page {page.number}, table {table_no}, row {r + 1}{item.notes.get(r, '')}"
                blocks.append(Block.row(tuple(item.rows[r]), line=page.number, where=where))
            last = item
        if last is None:
            blocks.append(Block.blank(line=page.number, where=f"end of page {page.number}"))
    if last is not None:
        blocks.append(Block.blank(line=pages[-1].number, where="end of the document"))
    return blocks


def _carry_fragment(last: _Table, page: _Page, blocks: list[Block]) -> None:
    """Lines that open a page inside the columns of an unruled table that ended the page before
    belong to it (there are no rules to say so): those before the first column's next capital
    are the rest of its last row, broken by the page; the others are its next rows. A line
    outside the columns, set larger (a heading) or far below the one before ends them."""
    first_table = min((t.top for t in page.tables), default=float("inf"))
    size = max((ln.size for ln in page.lines), default=10.0) or 10.0
    taken: list[_Line] = []
    for ln in page.lines:
        col = _col(last.xs, ln.x0 + 1)
        fits = last.xs[0] - 24 <= ln.x0 and ln.x1 <= last.xs[col + 1] + 2
        far = bool(taken) and ln.top - taken[-1].top > 3 * (ln.size or size)
        if ln.top >= first_table or not fits or far or ln.bold or (taken and ln.size > taken[0].size + 0.5):
            break
        taken.append(ln)
    if not taken:
        return
    opens = next(
        (k for k, ln in enumerate(taken) if _col(last.xs, ln.x0 + 1) == 0 and not ln.text[:1].islower()), len(taken)
    )
    if len(last.rows) == 1:  # only the header ended the page: Word moved every row to this one
        opens = 0
    fragment, rest = taken[:opens], taken[opens:]
    if fragment and blocks[-1].kind == "row":
        row = blocks.pop()
        cells = list(row.cells) + [""] * (len(last.xs) - 1 - len(row.cells))
        for col in sorted({_col(last.xs, ln.x0 + 1) for ln in fragment}):
            extra = _cell_text([ln for ln in fragment if _col(last.xs, ln.x0 + 1) == col])
            joint = "" if cells[col].endswith(_HYPHEN) or not cells[col] else "\n"
            cells[col] = f"{cells[col]}{joint}{extra}"
        where = f"{row.where} ({ROW_ACROSS_PAGES} {page.number})"
        blocks.append(Block.row(tuple(cells), line=row.line, where=where))
    if rest:
        rows = _unruled(rest, last.xs).rows
        for k, cells in enumerate(rows, start=1):
            where = f"page {page.number}, the table from page {page.number - 1}, row {k}"
            blocks.append(Block.row(tuple(cells), line=page.number, where=where))
        last.rows.extend(rows)
    gone = {id(ln) for ln in taken}
    page.lines = [ln for ln in page.lines if id(ln) not in gone]


def _continues(before: _Table, after: _Table) -> bool:
    """Whether ``after`` (opening a page) goes on with ``before`` (ending the page before): the
    same columns; for unruled tables, columns whose middles fall in distinct columns of
    ``before`` (the page may open with some columns empty), whose cells are then put there."""
    if len(before.xs) == len(after.xs) and all(abs(a - b) <= 3 for a, b in zip(before.xs, after.xs, strict=True)):
        return True
    if before.ruled or after.ruled or not before.xs[0] - 24 <= after.xs[0] < before.xs[-1]:
        return False
    where = [_col(before.xs, (a + b) / 2) for a, b in zip(after.xs, after.xs[1:], strict=False)]
    if len(set(where)) < len(where):
        return False
    rows = [[""] * (len(before.xs) - 1) for _ in after.rows]
    for j, k in enumerate(where):
        for row, cells in zip(after.rows, rows, strict=True):
            cells[k] = row[j]
    after.rows, after.xs = rows, before.xs
    return True


def _join(before: _Table, after: _Table, blocks: list[Block], page: int) -> int:
    """Continue ``before`` (whose rows end ``blocks``) with ``after``, the same table on the next
    page: skip a repeated header, join a row broken by the page; return the first row to add."""
    after.header = header = before.header or before.rows[0]
    first = 0
    while first < len(after.rows) and after.rows[first] == header:
        first += 1
    if first < len(after.rows) and first == 0 and _under_header(after.rows[0], header):
        # an unruled table: the repeated header and the rest of a broken row read as one row
        after.rows[0] = [c[len(h) :].lstrip("\n") for c, h in zip(after.rows[0], header, strict=False)]
    if first >= len(after.rows) or not blocks or blocks[-1].kind != "row":
        return first
    while not after.ruled and first + 1 < len(after.rows) and not after.rows[first][0] and not after.rows[first + 1][0]:
        # unruled: the rows before the first-column text opens a row are all the broken row's rest
        below = after.rows.pop(first + 1)
        after.rows[first] = [f"{a}\n{b}" if a and b else a or b for a, b in zip(after.rows[first], below, strict=True)]
    fragment = after.rows[first]
    data = [r for r in before.rows[1:] if any(c.strip() for c in r)]
    reffed = sum(1 for r in data if r[0].split()[:1] and is_ref(r[0].split()[0]))
    opening = re.sub(r"^[\W_]+", "", clean(next((c for c in fragment if c.strip()), "")))
    starts_like_a_row = (
        bool(fragment[0].strip())
        and not (
            data and reffed >= 0.6 * len(data) and not (fragment[0].split()[:1] and is_ref(fragment[0].split()[0]))
        )
        and not opening[:1].islower()  # a sentence carried over from the page before
    )
    if starts_like_a_row:
        _carry_merged(before, after, first, blocks[-1], page - 1)
        return first
    last = blocks.pop()
    cells = list(last.cells) + [""] * (len(fragment) - len(last.cells))
    for j, extra in enumerate(fragment):
        if extra.strip():
            joint = "" if cells[j].endswith(_HYPHEN) or not cells[j] else "\n"
            cells[j] = f"{cells[j]}{joint}{extra}"
    blocks.append(Block.row(tuple(cells), line=last.line, where=f"{last.where} ({ROW_ACROSS_PAGES} {page})"))
    for c, part in enumerate(fragment):  # a cell merged down from the broken row goes on down
        end = after.down.get((first, c), first)
        if not part.strip() and end > first:
            for r in range(first + 1, end + 1):
                after.rows[r][c] = cells[c]
                after.notes[r] = f" ({CARRIED_OVER} {page - 1})"
    return first + 1


def _under_header(row: list[str], header: list[str]) -> bool:
    return len(row) == len(header) and any(header) and all(c.startswith(h) for c, h in zip(row, header, strict=True))


def _carry_merged(before: _Table, after: _Table, first: int, last: Block, page: int) -> None:
    """A cell merged down over rows that a page break parts is printed on the first page only:
    an empty cell that opens the next page, in a column whose other rows are all filled, takes
    the text of the cell above it (noted in the row's place, for a person to check)."""
    for c, above in enumerate(last.cells):
        if c >= len(after.rows[first]) or after.rows[first][c].strip() or not above.strip():
            continue
        end = after.down.get((first, c), first)
        others = before.rows[1:] + after.rows[end + 1 :]
        if sum(1 for r in others if c < len(r) and r[c].strip()) < len(others):
            continue
        for r in range(first, end + 1):
            after.rows[r][c] = above
            after.notes[r] = f" ({CARRIED_OVER} {page})"


def _heading_levels(pages: list[_Page]) -> Callable[[_Line], int]:
    """A line's heading level: the rank of its font size among the sizes larger than the body
    text's (the size most text is set in); a short bold line at the body size is the level
    below those; 0 for body text."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            sizes[round(ln.size)] += len(ln.text)
    if not sizes:
        return lambda ln: 0
    body = sizes.most_common(1)[0][0]
    larger = sorted((s for s in sizes if s > body), reverse=True)

    def level(ln: _Line) -> int:
        size = round(ln.size)
        if size in larger:
            return larger.index(size) + 1
        return len(larger) + 1 if ln.bold and size == body and len(ln.text.split()) <= 12 else 0

    return level


def _paragraphs(
    page: _Page, bullet_xs: list[float], heading: Callable[[_Line], int]
) -> list[tuple[float, Block | _Table]]:
    out: list[tuple[float, Block | _Table]] = []
    para: list[str] = []
    depth = level = 0
    top = 0.0
    prev: _Line | None = None
    where = f"page {page.number}"

    def flush() -> None:
        nonlocal para
        if para:
            text = para[0]
            for nxt in para[1:]:
                text = f"{text}{nxt}" if text.endswith(_HYPHEN) else f"{text} {nxt}"
            out.append((top, Block.para(text, depth=depth, line=page.number, where=where, level=level)))
        para = []

    for ln in page.lines:
        text = ln.text.strip()
        if not text:
            continue
        height = ln.bottom - ln.top
        new = (
            prev is None
            or bool(ln.bullet)
            or ln.top - prev.top > 1.6 * (ln.size or height)  # more than a line's pitch
            or abs(ln.x0 - prev.x0) > 30
            or abs(ln.size - prev.size) > 0.8
            or ln.bold != prev.bold
        )
        if new:
            flush()
            top = ln.top
            depth = 0
            level = 0 if ln.bullet else heading(ln)
            if ln.bullet:
                rank = next((k for k, x in enumerate(bullet_xs) if abs(x - ln.bullet_x) <= _SNAP), 0)
                depth = min(rank, 1) + 1
        para.append(text)
        prev = ln
    flush()
    return out


_WORDS = re.compile(r"[A-Za-z][A-Za-z-]*")
_BROKEN = re.compile(r"([A-Za-z]+)" + _HYPHEN + r"\s*([A-Za-z]+)")
_CUT = re.compile(r"([A-Za-z]*)" + _BREAK + r"([A-Za-z]*)")


def _mend_hyphens(blocks: list[Block]) -> list[Block]:
    """Join words hyphenated at a line end: keep the hyphen when the document prints the word
    with one elsewhere, or the first part is a short prefix; drop it otherwise."""
    vocabulary = {
        w.lower() for b in blocks for c in b.cells for w in _WORDS.findall(_CUT.sub(" ", _BROKEN.sub(" ", c)))
    }

    def mend(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if f"{a}-{b}".lower() in vocabulary:
            return f"{a}-{b}"
        if f"{a}{b}".lower() in vocabulary:
            return f"{a}{b}"
        whole_words = a.lower() in vocabulary and b.lower() in vocabulary  # "self-" + "evaluation"
        return f"{a}-{b}" if whole_words or len(a) <= 3 or b[:1].isupper() else f"{a}{b}"

    def cut(m: re.Match[str]) -> str:  # a word too long for its cell, or two lines
        a, b = m.group(1), m.group(2)
        first, second = a.lower() in vocabulary, b.lower() in vocabulary
        whole = not first and ((a + b).lower() in vocabulary or not second)  # "mechanis" + "ms"
        return f"{a}{b}" if not b or whole else f"{a}\n{b}"

    out = []
    for b in blocks:
        if any(_HYPHEN in c or _BREAK in c for c in b.cells):
            cells = tuple(_CUT.sub(cut, _BROKEN.sub(mend, c)).replace(_HYPHEN, "-") for c in b.cells)
            b = Block(b.kind, cells, b.depth, b.line, b.where, b.level)
        out.append(b)
    return out
