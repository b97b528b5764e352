"""The document from its pages: running headers and footers dropped, tables continued over a
page break (a repeated header dropped, a broken row joined, a merged cell carried), paragraphs
and their heading levels, in reading order."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from math import ceil

from cjgraph.loaders.blocks import CARRIED_OVER, ROW_ACROSS_PAGES, Block
from cjgraph.loaders.pdf.geometry import (
    COLUMN_MATCH,
    FAR,
    INDENT,
    LEFT_SLACK,
    PARAGRAPH_PITCH,
    RUNNING_SLOT,
    SIZE_STEP,
    SNAP,
    Line,
    Page,
    Table,
    column_of,
    snap,
)
from cjgraph.loaders.pdf.text import HYPHEN, cell_text
from cjgraph.loaders.pdf.unruled import unruled_table
from cjgraph.loaders.tables import is_ref
from cjgraph.loaders.text import clean, ends_on_joining_word, ends_sentence


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def drop_running_lines(pages: list[Page]) -> None:
    """Drop lines printed at the same place (numbers aside) on most pages: running headers and
    footers, whatever they say."""
    if len(pages) < 2:
        return
    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        for key in {(_running_key(ln.text), round(ln.top / RUNNING_SLOT)) for ln in page.lines}:
            seen[key] += 1
    need = max(2, ceil(0.5 * len(pages)))

    def running(ln: Line) -> bool:
        k = _running_key(ln.text)
        slot = round(ln.top / RUNNING_SLOT)
        return max(seen[(k, slot - 1)], seen[(k, slot)], seen[(k, slot + 1)]) >= need

    for page in pages:
        page.lines = [ln for ln in page.lines if not running(ln)]


def document_blocks(pages: list[Page]) -> list[Block]:
    bullet_xs = snap([ln.bullet_x for p in pages for ln in p.lines if ln.bullet])
    heading = _heading_levels(pages)
    blocks: list[Block] = []
    last: Table | None = None  # the table whose rows end ``blocks``: the next page may continue it
    for page in pages:
        if last is not None and not last.ruled and blocks and blocks[-1].kind == "row":
            _carry_fragment(last, page, blocks)
        items: list[tuple[float, Block | Table]] = [(t.top, t) for t in page.tables]
        items += _paragraphs(page, bullet_xs, heading)
        items.sort(key=lambda it: it[0])
        table_no = 0
        for k, (_, item) in enumerate(items):
            columns = _continuation(last, item) if isinstance(item, Table) and k == 0 and last is not None else None
            continued = columns is not None
            if columns is not None and last is not None and isinstance(item, Table):
                _realign(last, item, columns)
            if last is not None and not continued:  # a table ended: a blank, as after a Word table
                blocks.append(Block.blank(line=page.number, where=f"after a table, page {page.number}"))
            if isinstance(item, Block):
                if k == 0 and _goes_on_from(blocks, item):  # a paragraph the page broke
                    blocks.pop()  # the end-of-page blank
                    before = blocks.pop()
                    joint = "" if before.text.endswith(HYPHEN) else " "
                    item = Block.para(
                        f"{before.text}{joint}{item.text}",
                        depth=before.depth,
                        line=before.line,
                        where=before.where,
                        level=before.level,
                    )
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


def _goes_on_from(blocks: list[Block], para: Block) -> bool:
    """Whether ``para``, opening a page, goes on with the paragraph that ended the page before:
    that one stops mid-sentence and this one begins in lower case, at the same level."""
    if len(blocks) < 2 or blocks[-1].kind != "blank" or blocks[-2].kind != "para":
        return False
    before = blocks[-2]
    text = before.text.rstrip()
    return (
        para.text[:1].islower()
        and before.level == para.level
        and not para.depth
        and bool(text)
        and not ends_sentence(text)
    )


def _carry_fragment(last: Table, page: Page, blocks: list[Block]) -> None:
    """Lines that open a page inside the columns of an unruled table that ended the page before
    belong to it (there are no rules to say so): those before the first column's next capital
    are the rest of its last row, broken by the page; the others are its next rows. A line
    outside the columns, set larger (a heading) or far below the one before ends them."""
    first_table = min((t.top for t in page.tables), default=float("inf"))
    size = max((ln.size for ln in page.lines), default=10.0) or 10.0
    _drop_repeated_header(last, page)
    taken: list[Line] = []
    for ln in page.lines:
        col = column_of(last.xs, ln.x0 + 1)
        fits = last.xs[0] - LEFT_SLACK <= ln.x0 and ln.x1 <= last.xs[col + 1] + 2
        far = bool(taken) and ln.top - taken[-1].top > FAR * (ln.size or size)
        if ln.top >= first_table or not fits or far or ln.bold or (taken and ln.size > taken[0].size + 0.5):
            break
        taken.append(ln)
    if not taken:
        return
    opens = next(
        (k for k, ln in enumerate(taken) if column_of(last.xs, ln.x0 + 1) == 0 and not ln.text[:1].islower()),
        len(taken),
    )
    if len(last.rows) == 1:  # only the header ended the page: Word moved every row to this one
        opens = 0
    fragment, rest = taken[:opens], taken[opens:]
    if fragment and blocks[-1].kind == "row":
        row = blocks.pop()
        cells = list(row.cells) + [""] * (len(last.xs) - 1 - len(row.cells))
        for col in sorted({column_of(last.xs, ln.x0 + 1) for ln in fragment}):
            extra = cell_text([ln for ln in fragment if column_of(last.xs, ln.x0 + 1) == col])
            joint = "" if cells[col].endswith(HYPHEN) or not cells[col] else "\n"
            cells[col] = f"{cells[col]}{joint}{extra}"
        where = f"{row.where} ({ROW_ACROSS_PAGES} {page.number})"
        blocks.append(Block.row(tuple(cells), line=row.line, where=where))
    if rest:
        rows = unruled_table(rest, last.xs).rows
        for k, cells in enumerate(rows, start=1):
            where = f"page {page.number}, the table from page {page.number - 1}, row {k}"
            blocks.append(Block.row(tuple(cells), line=page.number, where=where))
        last.rows.extend(rows)
    gone = {id(ln) for ln in taken}
    page.lines = [ln for ln in page.lines if id(ln) not in gone]


def _drop_repeated_header(last: Table, page: Page) -> None:
    """Drop the lines opening a page that repeat the first row of the unruled table ending the page
    before (Word repeats a table's header row on each page; with no rules it is only lines)."""
    head = " ".join(" ".join(c.split()) for c in (last.heads or last.rows)[0] if c.strip())
    seen = ""
    for k, ln in enumerate(page.lines[:4]):
        seen = f"{seen} {' '.join(ln.text.split())}".strip()
        if seen == head:
            page.lines = page.lines[k + 1 :]
            return
        if not head.startswith(seen):
            return


def _continuation(before: Table, after: Table) -> list[int] | None:
    """Where the columns of ``after`` (opening a page) go in ``before`` (ending the page before)
    when it goes on with it, or ``None`` when it does not: the same columns; for unruled tables,
    columns whose middles fall in distinct columns of ``before`` (the page may open with some
    columns empty)."""
    if _same_columns(before, after):
        return list(range(len(after.xs) - 1))
    if before.ruled or after.ruled or not before.xs[0] - LEFT_SLACK <= after.xs[0] < before.xs[-1]:
        return None
    where = [column_of(before.xs, (a + b) / 2) for a, b in zip(after.xs, after.xs[1:], strict=False)]
    return where if len(set(where)) == len(where) else None


def _same_columns(before: Table, after: Table) -> bool:
    return len(before.xs) == len(after.xs) and all(
        abs(a - b) <= COLUMN_MATCH for a, b in zip(before.xs, after.xs, strict=True)
    )


def _realign(before: Table, after: Table, where: list[int]) -> None:
    """Put the cells of ``after`` in the columns of ``before`` it continues (:func:`_continuation`)."""
    if _same_columns(before, after):
        return
    rows = [[""] * (len(before.xs) - 1) for _ in after.rows]
    for j, k in enumerate(where):
        for row, cells in zip(after.rows, rows, strict=True):
            cells[k] = row[j]
    after.rows, after.xs = rows, before.xs


def _join(before: Table, after: Table, blocks: list[Block], page: int) -> int:
    """Continue ``before`` (whose rows end ``blocks``) with ``after``, the same table on the next
    page: skip a repeated header, join a row broken by the page; return the first row to add."""
    after.heads = heads = before.heads or before.rows[:HEAD_ROWS]
    first = 0
    while first < min(len(after.rows), len(heads)) and after.rows[first] == heads[first]:
        first += 1  # the header rows the page repeats (a title row, then the column names)
    if first < min(len(after.rows), len(heads)) and _under_header(after.rows[first], heads[first]):
        # an unruled table: the repeated header and the rest of a broken row read as one row
        after.rows[first] = [c[len(h) :].lstrip("\n") for c, h in zip(after.rows[first], heads[first], strict=False)]
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
        and not (reffed < 0.6 * len(data) and _broken_sentence(blocks[-1].cells, data))
    )
    if starts_like_a_row:
        _carry_merged(before, after, first, blocks[-1], page - 1)
        return first
    last = blocks.pop()
    cells = list(last.cells) + [""] * (len(fragment) - len(last.cells))
    for j, extra in enumerate(fragment):
        if extra.strip():
            joint = "" if cells[j].endswith(HYPHEN) or not cells[j] else "\n"
            cells[j] = f"{cells[j]}{joint}{extra}"
    blocks.append(Block.row(tuple(cells), line=last.line, where=f"{last.where} ({ROW_ACROSS_PAGES} {page})"))
    for c, part in enumerate(fragment):  # a cell merged down from the broken row goes on down
        end = after.down.get((first, c), first)
        if not part.strip() and end > first:
            for r in range(first + 1, end + 1):
                after.rows[r][c] = cells[c]
                after.notes[r] = f" ({CARRIED_OVER} {page - 1})"
    return first + 1


# the most rows a table repeats at the top of each page: an outcome or title row, the column names
# and a second line of them
HEAD_ROWS = 3


def _broken_sentence(cells: tuple[str, ...] | list[str], data: list[list[str]]) -> bool:
    """Whether a row's text (its longest cell) stops mid-sentence, so that a table without refs
    goes on with it on the next page: it ends on a word no sentence ends on ("… of the"), or
    without the full stop most of the table's rows end with."""
    text = " ".join(max(cells, key=len, default="").split())
    if not text or ends_sentence(text):
        return False
    if ends_on_joining_word(text):
        return True
    ends = [max(r, key=len, default="") for r in data]
    return sum(ends_sentence(e) for e in ends) > len(ends) / 2


def _under_header(row: list[str], header: list[str]) -> bool:
    return len(row) == len(header) and any(header) and all(c.startswith(h) for c, h in zip(row, header, strict=True))


def _carry_merged(before: Table, after: Table, first: int, last: Block, page: int) -> None:
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


def _heading_levels(pages: list[Page]) -> Callable[[Line], int]:
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

    def level(ln: Line) -> int:
        size = round(ln.size)
        if size in larger:
            return larger.index(size) + 1
        return len(larger) + 1 if ln.bold and size == body and len(ln.text.split()) <= 12 else 0

    return level


def _paragraphs(
    page: Page, bullet_xs: list[float], heading: Callable[[Line], int]
) -> list[tuple[float, Block | Table]]:
    out: list[tuple[float, Block | Table]] = []
    para: list[str] = []
    depth = level = 0
    top = 0.0
    prev: Line | None = None
    where = f"page {page.number}"

    def flush() -> None:
        nonlocal para
        if para:
            text = para[0]
            for nxt in para[1:]:
                text = f"{text}{nxt}" if text.endswith(HYPHEN) else f"{text} {nxt}"
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
            or ln.top - prev.top > PARAGRAPH_PITCH * (ln.size or height)
            or abs(ln.x0 - prev.x0) > INDENT
            or abs(ln.size - prev.size) > SIZE_STEP
            or ln.bold != prev.bold
        )
        if new:
            flush()
            top = ln.top
            depth = 0
            level = 0 if ln.bullet else heading(ln)
            if ln.bullet:
                rank = next((k for k, x in enumerate(bullet_xs) if abs(x - ln.bullet_x) <= SNAP), 0)
                depth = min(rank, 1) + 1
        para.append(text)
        prev = ln
    flush()
    return out
