"""Unruled tables: text set in columns without rules, known by the gutters no text crosses."""

from __future__ import annotations

from cjgraph.loaders.pdf.geometry import COLUMN_GAP, FAR, FOOTER_ZONE, GUTTER, GUTTER_INSET, Line, Table, column_of
from cjgraph.loaders.pdf.text import baselines, cell_text, is_bullet, join_lines


def _cells(row: list[Line]) -> list[list[Line]]:
    """The segments of one baseline split where the gap is wider than a word space by far (a
    column gap); a bullet glyph stays with its text."""
    cells: list[list[Line]] = [[row[0]]]
    for prev, s in zip(row, row[1:], strict=False):
        gap = s.x0 - prev.x1
        if gap > COLUMN_GAP * (s.size or s.bottom - s.top) and not is_bullet(prev.text.strip()):
            cells.append([s])
        else:
            cells[-1].append(s)
    return cells


def unruled_tables(segments: list[Line], height: float) -> tuple[list[Table], list[Line]]:
    """Tables set in columns without rules. A table is a run of lines (no wider apart than three
    lines) that keeps at least one *gutter*: an upright strip at least 8 points wide that no
    text of the run crosses; the gutters are the column edges. At least two of its lines hold
    text in two columns or more (or a lone such line ends the page's text: a header whose rows
    Word moved to the next page). A line crossing every gutter (a paragraph) ends the table.
    Returns the tables and the segments outside them."""
    rows = baselines(segments)
    pieces = [_cells(r) for r in rows]
    tables: list[Table] = []
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
            if pitch > FAR * max(s.size or s.bottom - s.top for s in rows[j - 1]):  # a gap: not one table
                break
            wider = cover + [(p[0].x0, p[-1].x1) for p in pieces[j]]
            if not _gutters(wider):
                break
            cover = wider
            multi += len(pieces[j]) > 1
            j += 1
        gutters = _gutters(cover)
        ends_page = all(r[0].top > FOOTER_ZONE * height for r in rows[j:])  # nothing after it but a footer
        if multi >= 2 or (ends_page and gutters):
            size = max(s.size for r in rows[i:j] for s in r)
            start = i  # lines above with text in one column only ("Indicator", "Links to …") are rows too
            while start > 0 and start - 1 not in used and _fits_above(rows[start - 1], rows[start], gutters, size):
                start -= 1
            cover += [(s.x0, s.x1) for r in rows[start:i] for s in r]
            left, right = min(a for a, _ in cover), max(b for _, b in cover)
            edges = [left, *(b - GUTTER_INSET for _, b in gutters), right]  # a column begins where its text does
            tables.append(unruled_table([s for r in rows[start:j] for s in r], edges))
            used.update(range(start, j))
            i = j
        else:
            i += 1
    free = [s for k, r in enumerate(rows) if k not in used for s in r]
    return tables, free


def _fits_above(row: list[Line], below: list[Line], gutters: list[tuple[float, float]], size: float) -> bool:
    """Whether a line just above a table belongs to it: close above, set no larger than the
    table's text (not a heading) and touching none of its gutters."""
    if below[0].top - row[0].top > FAR * (size or 10.0) or any(s.size > size + 0.5 for s in row):
        return False
    return not any(s.x0 < b and s.x1 > a for s in row for a, b in gutters)


def _gutters(cover: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gaps at least 8 points wide between the x-ranges ``cover`` of some text."""
    out: list[tuple[float, float]] = []
    end: float | None = None
    for a, b in sorted(cover):
        if end is not None and a - end >= GUTTER:
            out.append((end, a))
        end = b if end is None else max(end, b)
    return out


def unruled_table(segments: list[Line], edges: list[float]) -> Table:
    """The rows of an unruled table: each column's lines, rows opened by the first column's
    lines after more than a line's space (lines above the first are the rest of a row broken by
    the page before)."""
    columns: list[list[Line]] = [[] for _ in edges[:-1]]
    for s in segments:
        columns[column_of(edges, (s.x0 + s.x1) / 2 if is_bullet(s.text.strip()) else s.x0 + 1)].append(s)
    lines = [join_lines(c) for c in columns]
    size = max((s.size for s in segments), default=0.0) or 10.0
    pitches = [b.top - a.top for col in lines for a, b in zip(col, col[1:], strict=False) if b.top - a.top > size / 2]
    pitch = min([*pitches, 1.35 * size])  # a wrapped line's pitch: at most single spacing
    anchors = [ln.top for k, ln in enumerate(lines[0]) if k == 0 or ln.top - lines[0][k - 1].top > pitch + 3]
    top = min(ln.top for col in lines for ln in col)
    if not anchors or anchors[0] > top + 2:
        anchors.insert(0, top)
    table: list[list[list[Line]]] = [[[] for _ in columns] for _ in anchors]
    for c, col in enumerate(lines):
        for ln in col:
            r = max(0, sum(1 for a in anchors if ln.top >= a - 2) - 1)
            table[r][c].append(ln)
    texts = [[cell_text(cell) for cell in row] for row in table]
    bottom = max(ln.bottom for col in lines for ln in col)
    return Table(top, bottom, edges, texts, ruled=False)
