"""Tables flattened into lines, as a web page's tables arrive when copied from the browser into a
text file, turned back into table rows.

Two shapes are read:

- **one cell per line**: the header's cells on lines of their own (or on one line split by
  tabs), then every cell on a line of its own; an empty cell gives no line. Rows are told apart
  by their refs (a line that is a ref opens a row), else by their timescales (when the last
  column is the timescale a line reading as one closes a row), else by counting;
- **" / " lines**: a header line "Ref / Action / Lead / Timescale" and a line per row. A cell
  merged over several rows (a lead or a date shared by consecutive rows) is printed once, on the
  first row of its span, so the rows after it have fewer cells: each takes the missing cell from
  the row above that printed it, and its place says so (``merged-cell-carried`` in ``issues``,
  and in the action's ``review`` column).

Either way a row's cells are put in their columns by what they hold (a ref, a date, a sentence, a
name), so a row short of a cell still has its date in the date column. Text that does not have
these shapes is left as it is.

Examples
--------
>>> from cjgraph.loaders.blocks import text_blocks
>>> lines = "Ref / Action / Lead / Timescale\\nA1 / Run a survey of residents / SPS / May 2024\\n"
>>> lines += "A2 / Hold open days at the courts / June 2024\\n"
>>> for b in flattened_to_rows(text_blocks(lines)):
...     print(b.cells, b.where)
('Ref', 'Action', 'Lead', 'Timescale') line 1
('A1', 'Run a survey of residents', 'SPS', 'May 2024') line 2
('A2', 'Hold open days at the courts', 'SPS', 'June 2024') line 3 (merged cell printed once, carried from line 2)
() line 3
>>> cells = "Action\\nLead\\nTimescale\\nRun a survey of residents\\nSPS\\nMay 2024\\n"
>>> cells += "Hold open days at the courts\\nJune 2024\\n"
>>> [b.cells for b in flattened_to_rows(text_blocks(cells))][1:3]
[('Run a survey of residents', 'SPS', 'May 2024'), ('Hold open days at the courts', '', 'June 2024')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from cjgraph.loaders.blocks import CARRIED_DOWN, Block
from cjgraph.loaders.tables import column_kinds, is_action_header, is_ref
from cjgraph.timescales import parse_timescale

__all__ = ["flattened_to_rows"]

_DELIMITER = " / "
# the delimiter as a line shows it: a slash with spaces round it, or at the line's start or end (a
# row whose first or last cell is empty); a slash inside a cell ("CJSW/SPS") is no delimiter
_SLASH = re.compile(r"(?:^|\s+)/(?:\s+|$)")


def _parts(line: str) -> list[str]:
    return [c.strip() for c in _SLASH.split(line)]


_MAX_HEADER = 8  # the most columns a header printed one cell per line is looked for in
_MAX_HEADER_WORDS = 6  # a header cell is short


def flattened_to_rows(blocks: list[Block]) -> list[Block]:
    """The blocks, with tables flattened to " / " lines or to one cell per line as rows."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        table, i_next = _delimited_at(blocks, i)
        if not table:
            table, i_next = _cells_at(blocks, i)
        if table:
            out.extend(table)
            out.append(Block.blank(line=table[-1].line))
            i = i_next
            continue
        out.append(blocks[i])
        i += 1
    return out


def _delimited_at(blocks: list[Block], i: int) -> tuple[list[Block], int]:
    """A header line split by " / " that reads as an action-table header, and the lines after it
    split the same way, as rows (cells a row does not print carried from the row above)."""
    b = blocks[i]
    if b.kind != "para" or not _SLASH.search(b.text):
        return [], i
    header = Block.row(tuple(_parts(b.text)), line=b.line, where=b.where)
    if not is_action_header(header):
        return [], i
    printed: list[tuple[list[str], Block]] = []
    j = i + 1
    while (k := _goes_on(blocks, j, lambda t: bool(_SLASH.search(t)) or t[:1].islower())) is not None:
        printed.append((_parts(blocks[k].text), blocks[k]))
        j = k + 1
    return (_rows(header, printed, joint=_DELIMITER), j) if printed else ([], i)


def _cells_at(blocks: list[Block], i: int) -> tuple[list[Block], int]:
    """A header (its cells on lines of their own, or one row) and the lines after it, one cell
    each, up to a blank line or a row, as rows."""
    header, j = _header_at(blocks, i)
    if header is None:
        return [], i
    lines: list[Block] = []
    at: list[int] = []  # each line's index in ``blocks``
    while (k := _goes_on(blocks, j, lambda t: not _SLASH.search(t))) is not None and not blocks[k].level:
        lines.append(blocks[k])
        at.append(k)
        j = k + 1
    reffed = "ref" in column_kinds(header.cells) or bool(lines and is_ref(lines[0].text))
    groups = _rows_of(lines, reffed, column_kinds(header.cells))
    if not groups:
        return [], i
    end = at[sum(len(g) for g in groups) - 1] + 1  # the lines after the rows stay as they are
    return _rows(header, [([ln.text for ln in g], g[0]) for g in groups], joint="\n"), end


def _rows(header: Block, printed: list[tuple[list[str], Block]], *, joint: str) -> list[Block]:
    """The header and rows of a flattened table: each row's cells in their columns (the columns
    the header names; when the rows print more, the columns their cells show; a text in several
    parts joined with ``joint``), and, in " / " lines, a cell a row does not print taken from the
    row above that printed it (one cell per line cannot tell a merged cell from an empty one)."""
    carry = joint == _DELIMITER
    heads, kinds = _columns(list(header.cells), [cells for cells, _ in printed])
    rows = [Block.row(tuple(heads), line=header.line, where=header.where)]
    last: list[tuple[str, Block]] = [("", header)] * len(kinds)  # each column's last cell and its line
    for printed_cells, b in printed:
        cells = place(printed_cells, kinds, joint)
        goes_on = "ref" in kinds and not cells[kinds.index("ref")]  # the rest of the row above
        carried = [
            k
            for k, c in enumerate(cells)
            if carry and not c and last[k][0] and kinds[k] not in ("ref", "text") and not goes_on
        ]
        for k, c in enumerate(cells):
            if c:
                last[k] = (c, b)
        where = b.where
        if carried:
            cells = [last[k][0] if k in carried else c for k, c in enumerate(cells)]
            where = f"{b.where} ({CARRIED_DOWN} {last[carried[0]][1].where})"
        rows.append(Block.row(tuple(cells), line=b.line, where=where))
    return rows


def _columns(heads: list[str], rows: list[list[str]]) -> tuple[list[str], list[str | None]]:
    """The header's cells and the kind of each column. A ref column comes first when the rows
    open with a ref the header names no column for (its first cell spanned the ref and the text);
    when most rows print more cells than the header names, the columns are those the rows show,
    and the header's cells go to the columns of their kind."""
    kinds = column_kinds(heads)
    if "ref" not in kinds and rows and rows[0] and is_ref(rows[0][0].strip()):
        heads, kinds = ["", *heads], ["ref", *kinds]
    filled = [[c for c in r if c.strip()] for r in rows]
    sizes = [len(r) for r in filled]
    width = max(sizes, default=0)  # the rows that print every cell: at least two, a quarter of them
    if width <= len(kinds) or sizes.count(width) < max(2, len(sizes) / 4):
        return heads, kinds
    shown = _kinds_shown([r for r in filled if len(r) == width])
    placed = [""] * width
    for head, kind in zip(heads, kinds, strict=True):
        slots = [k for k, s in enumerate(shown) if s == kind or (s == "names" and kind in ("leads", "contributors"))]
        free = [k for k in slots if not placed[k]]
        if free:
            placed[free[-1] if kind == "contributors" else free[0]] = head
    return placed, [s if s != "names" else None for s in shown]


def _kinds_shown(rows: list[list[str]]) -> list[str | None]:
    """What each column of rows of equal width holds, by its cells: refs, dates, the longest
    text, else names."""
    columns = [[r[k] for r in rows] for k in range(len(rows[0]))]
    shown: list[str | None] = []
    for col in columns:
        if sum(is_ref(c) for c in col) > len(col) / 2:
            shown.append("ref")
        elif sum(_fit(c, "timescale") > 0 for c in col) > len(col) / 2:
            shown.append("timescale")
        else:
            shown.append("names")
    free = [k for k, s in enumerate(shown) if s == "names"]
    if free:
        shown[max(free, key=lambda k: sum(len(c) for c in columns[k]))] = "text"
    return shown


def _goes_on(blocks: list[Block], j: int, fits: Callable[[str], bool]) -> int | None:
    """Where a flattened table goes on from block ``j``: ``j`` when it is a line that ``fits``;
    past blank lines when the line after them opens a row (a ref) or goes on with a sentence (in
    lower case), as a table parted by a page of the document it was copied from does; else
    ``None``: the table has ended."""
    k = j
    while k < len(blocks) and blocks[k].kind == "blank":
        k += 1
    if k >= len(blocks) or blocks[k].kind != "para" or not fits(blocks[k].text):
        return None
    first = next((c for c in _parts(blocks[k].text) if c), "")
    return k if k == j or is_ref(first) or first[:1].islower() else None


def _header_at(blocks: list[Block], i: int) -> tuple[Block | None, int]:
    """An action-table header at block ``i`` followed by lines of one cell each: a row, or
    consecutive short lines each naming a column; and the index after it."""
    b = blocks[i]
    if b.kind == "row":
        ok = is_action_header(b) and i + 1 < len(blocks) and blocks[i + 1].kind == "para"
        return (b, i + 1) if ok else (None, i)
    j = i
    while j < len(blocks) and j - i < _MAX_HEADER and _header_cell(blocks[j]):
        j += 1
    for end in range(j, i + 1, -1):  # the longest run of lines that reads as a header
        header = Block.row(tuple(x.text for x in blocks[i:end]), line=b.line, where=b.where)
        if is_action_header(header) and end < len(blocks) and blocks[end].kind == "para":
            return header, end
    return None, i


def _header_cell(b: Block) -> bool:
    return (
        b.kind == "para"
        and not b.depth
        and len(b.text.split()) <= _MAX_HEADER_WORDS
        and column_kinds((b.text,))[0] is not None
    )


def _rows_of(lines: list[Block], reffed: bool, kinds: list[str | None]) -> list[list[Block]]:
    """Lines of one cell each, grouped into rows: a ref opens a row (when ``reffed``); else, when
    the last column is the timescale, a line reading as a date closes one; else every
    len(kinds) lines, when each group's cells fit their columns. A row takes at most two lines
    more than the columns (a text of several paragraphs); the lines after such a row, or after
    the last date, are not the table's."""
    most = len(kinds) + 2
    groups: list[list[Block]] = []
    if reffed:
        for k, ln in enumerate(lines):
            if is_ref(ln.text) or (k and ln.line > lines[k - 1].line + 1):  # a ref, or a part after a gap
                groups.append([ln])
            elif not groups or len(groups[-1]) >= most:
                break
            else:
                groups[-1].append(ln)
        return groups
    if kinds[-1] == "timescale":
        row: list[Block] = []
        for ln in lines:
            row.append(ln)
            if len(row) > most:
                break
            if _fit(ln.text, "timescale") > 0:
                groups.append(row)
                row = []
        return groups
    width = len(kinds)
    for k in range(0, len(lines) - width + 1, width):
        cells = [ln.text for ln in lines[k : k + width]]
        if not all(_fit(c, kind) > 0 for c, kind in zip(cells, kinds, strict=True)):
            break
        groups.append(lines[k : k + width])
    return groups


def place(cells: list[str], kinds: list[str | None], joint: str = "\n") -> list[str]:
    """The cells of a row printed without its empty (or merged) cells, or with a cell in several
    parts, put in the columns ``kinds`` by what they hold: the order kept, each column given the
    cell that fits it best (a ref, a date, a sentence, a name); a text in several parts joined
    with ``joint``.

    >>> place(["A2", "Hold open days", "June 2024"], ["ref", "text", "leads", "timescale"])
    ['A2', 'Hold open days', '', 'June 2024']
    """
    cells = [c for c in cells if c.strip()]
    if len(cells) == len(kinds) and all(_fit(c, k) > 0 for c, k in zip(cells, kinds, strict=True)):
        return cells
    return list(_best(tuple(cells), tuple(kinds), joint)[1])


@lru_cache(maxsize=4096)
def _best(cells: tuple[str, ...], kinds: tuple[str | None, ...], joint: str) -> tuple[float, tuple[str, ...]]:
    """The best placing of ``cells`` into ``kinds`` (score, cells by column)."""
    if not kinds:
        return (0.0, ()) if not cells else (-100.0 * len(cells), ())
    kind, rest = kinds[0], kinds[1:]
    score, placed = _best(cells, rest, joint)
    # the column left empty: a later one rather than an earlier (a lead is printed, the partners
    # shared with the rows above are not, more often than the other way)
    # (an action's text is what a row least goes without)
    empty = 2.0 if kind == "text" else 0.2 + 0.01 * len(kinds)
    options = [(score - empty, ("", *placed))]
    # text goes on over several lines; the last column takes what is left rather than lose it
    most = len(cells) if kind in ("text", "notes", None) or not rest else min(1, len(cells))
    for n in range(1, most + 1):
        score, placed = _best(cells[n:], rest, joint)
        joined = joint.join(cells[:n])
        spread = 0.5 if kind in ("text", "notes", None) else 5.0  # only text goes on over several parts
        options.append((score + _fit(joined, kind) - spread * (n - 1), (joined, *placed)))
    return max(options, key=lambda o: o[0])


def _fit(cell: str, kind: str | None) -> float:
    """How well a cell fits a column of ``kind`` (above 0: it fits)."""
    words = len(cell.split())
    dated = words <= 6 and parse_timescale(cell).kind != "vague"
    if kind == "ref":
        return 3.0 if is_ref(cell) else -5.0
    if is_ref(cell):
        return -5.0
    if kind == "timescale":
        return 3.0 if dated else -3.0
    if dated:
        return -3.0
    if kind == "text":
        return 2.0 if words >= 4 else 0.5
    if kind in ("leads", "contributors"):
        return 1.0 if words <= 10 else -1.0
    return 0.5
