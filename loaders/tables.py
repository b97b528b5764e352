"""Recognise improvement-action tables in a block stream, however they were flattened.

A table starts at a header row (words such as *action*, *lead*, *timescale*, *partners*, in
any order, even split as "Improve | ment Actions" or misspelt "Timeseare") or, without a
header, at a row whose first cell is a ref such as ``SO1.1``. Column roles come from the
header words *and* from the data: the ref column is where the cells look like refs, the
timescale column where they read as dates, the action text is the longest column; of the
remaining organisation columns a *lead* header marks the leads, a *contributing/partners*
header the contributors, and unlabelled ones are taken in order (lead first).

Rows are mended before use: a row short of cells swallows the following lines (a cell that
wrapped), a row with an empty ref cell continues the row above (a page break), a header
repeated after a page break is skipped, and a lone footer line (e.g. "DRAFT") inside a table
is passed over.

Examples
--------
>>> from cjgraph.loaders.blocks import text_blocks
>>> blocks = text_blocks("Ref\\tAction\\tLead\\tBy when\\nA1\\tDo a thing\\nwell\\tPolice\\tMay 2019\\n"
...                      "A2\\tAnother\\tSPS\\tJune 2019\\n\\n\\tthing\\t\\t\\n")
>>> table = read_action_table(blocks, 0)
>>> table.roles
{'ref': 0, 'text': 1, 'leads': 2, 'timescale': 3}
>>> [(r.cell("ref"), r.cell("text")) for r in table.rows]
[('A1', 'Do a thing well'), ('A2', 'Another thing')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cjgraph.framework import load_table_words
from cjgraph.loaders.blocks import Block
from cjgraph.timescales import parse_timescale

__all__ = [
    "REF",
    "ActionRow",
    "column_kinds",
    "ActionTable",
    "is_action_header",
    "is_ref",
    "looks_like_action_row",
    "read_action_table",
]

REF = re.compile(r"^(?:[A-Z]{1,6}\s?)?\d{1,2}(?:\.\d{1,3}){0,2}[a-z]?\.?$")
_ACTION_GROUPS = frozenset({"text", "leads", "contributors", "timescale"})  # what makes an action table
_KEPT = ("status", "notes")  # columns kept on the action, never read as partners
_SAMPLE = 500  # rows of a table its column roles are judged from


def is_ref(cell: str) -> bool:
    """True for a cell that looks like an action ref (``SO2.11``, ``PC1.1``, ``3.2``, ``A4``)."""
    c = "".join(cell.split())  # a ref wrapped inside its cell ("SO1.\n1") is still one ref
    return bool(c) and len(c) <= 12 and bool(REF.match(c)) and any(ch.isdigit() for ch in c)


def _groups(cell: str) -> set[str]:
    """The column groups whose header stems a header cell holds, each at the start of a word
    ("Update" is no "date")."""
    low = cell.lower()
    found = set()
    for g, stems in load_table_words().groups.items():
        if any(_at_word_start(s, low) for s in stems):
            found.add(g)
    return found


def _at_word_start(stem: str, text: str) -> bool:
    at = text.find(stem)
    while at >= 0:
        if at == 0 or not text[at - 1].isalpha():
            return True
        at = text.find(stem, at + 1)
    return False


_KIND_ORDER = ("ref", "leads", "contributors", "timescale", "status", "notes", "text")


def column_kinds(header: tuple[str, ...] | list[str]) -> list[str | None]:
    """What each header cell says its column holds (``ref``, ``text``, ``leads``, …; ``None``
    when it says nothing cjgraph knows).

    >>> column_kinds(("Ref. No.", "Improvement Action", "Lead Partner", "By when", "Notes", "x"))
    ['ref', 'text', 'leads', 'timescale', 'notes', None]
    """
    out: list[str | None] = []
    for cell in header:
        g = _groups(cell)
        out.append(next((k for k in _KIND_ORDER if k in g), None))
    return out


def is_action_header(b: Block) -> bool:
    """True for the header row of an improvement-action table."""
    if b.kind != "row":
        return False
    filled = b.filled
    if len(filled) < 2 or any(is_ref(c) for c in filled):
        return False
    if any("indicator" in c.lower() for c in filled) or any(len(c.split()) > 7 for c in filled):
        return False
    groups: set[str] = set()
    for c in filled:
        groups |= _groups(c) & _ACTION_GROUPS
    return len(groups) >= 2 and bool(groups & {"leads", "timescale", "contributors"})


def looks_like_action_row(b: Block) -> bool:
    """True for a header-less action row: a ref first, then a sentence and more cells."""
    if b.kind != "row":
        return False
    filled = b.filled
    first = " ".join(filled[0].split()) if filled else ""
    numbered = bool(re.match(r"^[A-Z]", first)) or "." in first.rstrip(".")
    return len(filled) >= 3 and is_ref(first) and numbered and len(filled[1].split()) >= 4


@dataclass
class ActionRow:
    """One (mended) action row with the table's column roles."""

    cells: list[str]
    roles: dict[str, int]
    where: str
    line: int
    headers: tuple[str, ...] = ()

    def notes(self) -> str:
        """The row's notes columns ("Measure of success", "Comments", …) as ``header: value`` lines."""
        out = []
        for role, i in self.roles.items():
            value = " ".join(self.cells[i].split()) if role.startswith("notes") and i < len(self.cells) else ""
            if value:
                head = " ".join(self.headers[i].split()) if i < len(self.headers) else ""
                out.append(f"{head}: {value}" if head else value)
        return "\n".join(out)

    def cell(self, role: str) -> str:
        i = self.roles.get(role)
        if i is None or i >= len(self.cells):
            return ""
        return " ".join(self.cells[i].split())

    def raw(self, role: str) -> str:
        i = self.roles.get(role)
        if i is None or i >= len(self.cells):
            return ""
        return self.cells[i]


@dataclass
class ActionTable:
    """The rows of one action table, their column roles, and where the table ended."""

    header: Block | None
    roles: dict[str, int]
    rows: list[ActionRow]
    end: int


def _width(header: Block | None, rows: list[list[str]]) -> int:
    counts = [len(r) for r in rows]
    guess = max(set(counts), key=counts.count) if counts else 0
    return max(len(header.cells) if header else 0, guess)


def _roles(header: Block | None, rows: list[list[str]], width: int) -> dict[str, int]:
    """Which column holds what: the ref, columns a table keeps as they are (status, notes), the
    timescale, the text, then leads and contributors, each found by its header or its cells."""
    heads = list(header.cells) if header else []
    heads += [""] * (width - len(heads))
    first = rows[:_SAMPLE]  # what a column holds shows in its first rows: a long table is not read for it
    roles: dict[str, int] = {}
    _ref_role(roles, first, width)
    _kept_roles(roles, heads)
    _timescale_role(roles, first, heads)
    rest = [i for i in range(width) if i not in roles.values() and _column(rows, i)]
    labelled_text = [i for i in rest if "text" in _groups(heads[i]) and "leads" not in _groups(heads[i])]
    pool = labelled_text or rest
    if pool:
        roles["text"] = max(pool, key=lambda i: sum(len(v) for v in _column(rows, i)) / max(1, len(_column(rows, i))))
    _org_roles(roles, heads, [i for i in rest if i != roles.get("text")])
    order = ("ref", "text", "leads", "contributors", "timescale", "status")
    return {**{r: roles[r] for r in order if r in roles}, **{r: i for r, i in roles.items() if r.startswith("notes")}}


def _ref_role(roles: dict[str, int], first: list[list[str]], width: int) -> None:
    """The first column most of whose cells are refs."""
    for i in range(width):
        vals = _column(first, i)
        if vals and sum(is_ref(v) for v in vals) >= 0.6 * len(vals):
            roles["ref"] = i
            return


def _kept_roles(roles: dict[str, int], heads: list[str]) -> None:
    """Status, measures, comments: said so by the header, and nothing an action table needs."""
    kept = 0
    for i, head in enumerate(heads):
        g = _groups(head)
        if i not in roles.values() and g & set(_KEPT) and not g & _ACTION_GROUPS:
            role = "status" if "status" in g and "status" not in roles else f"notes{kept or ''}"
            kept += role.startswith("notes")
            roles[role] = i


def _timescale_role(roles: dict[str, int], first: list[list[str]], heads: list[str]) -> None:
    """The first free column headed as a timescale, or most of whose cells read as dates."""
    for i, head in enumerate(heads):
        if i in roles.values():
            continue
        if "timescale" in _groups(head) and not ({"leads", "text"} & _groups(head)):
            roles["timescale"] = i
            return
        vals = _column(first, i)
        if vals and sum(parse_timescale(v).kind != "vague" for v in vals) >= 0.6 * len(vals):
            roles["timescale"] = i
            return


def _org_roles(roles: dict[str, int], heads: list[str], orgs: list[int]) -> None:
    """Leads and contributors: by their headers first, then the free columns in order."""
    for i in orgs:
        g = _groups(heads[i])
        if "leads" in g and "leads" not in roles:
            roles["leads"] = i
        elif "contributors" in g and "leads" not in g and "contributors" not in roles:
            roles["contributors"] = i
    for i in orgs:
        if i in roles.values():
            continue
        if "leads" not in roles:
            roles["leads"] = i
        elif "contributors" not in roles:
            roles["contributors"] = i


def _column(rows: list[list[str]], i: int) -> list[str]:
    """The filled cells of column ``i``, spaces folded."""
    return [" ".join(r[i].split()) for r in rows if i < len(r) and r[i].strip()]


def _same_header(a: Block, b: Block) -> bool:
    return [c.lower() for c in a.filled] == [c.lower() for c in b.filled]


def read_action_table(blocks: list[Block], start: int) -> ActionTable:
    """Read the action table beginning at ``blocks[start]`` (a header or a first action row)."""
    header = blocks[start] if is_action_header(blocks[start]) else None
    raw, end = _raw_rows(blocks, start, header)
    width = _width(header, [c for c, _ in raw])
    header, raw, width = _drop_empty_columns(header, raw, width)
    roles = _roles(header, [c for c, _ in raw], width)
    rows: list[ActionRow] = []
    for cells, b in raw:
        cells = cells + [""] * (width - len(cells))
        if rows and _continues_row(cells, roles):
            prev = rows[-1]
            prev.cells.extend([""] * (len(cells) - len(prev.cells)))  # a continuation wider than the table
            for k, c in enumerate(cells):
                if c.strip():
                    prev.cells[k] = f"{prev.cells[k]}\n{c}" if prev.cells[k].strip() else c
            continue
        rows.append(ActionRow(cells, roles, b.where, b.line, header.cells if header else ()))
    return ActionTable(header, roles, rows, end)


def _continues_row(cells: list[str], roles: dict[str, int]) -> bool:
    """Whether a row carries on the action above: no ref (or, in a table without refs, no
    timescale, and no lead or a text going on with a sentence in lower case)."""
    ref_col = roles.get("ref")
    if ref_col is not None:
        return not cells[ref_col].strip()
    text = cells[roles["text"]].strip() if "text" in roles else ""
    return not cells[roles.get("timescale", -1)].strip() and (
        not cells[roles.get("leads", -1)].strip() or text[:1].islower()
    )


def _raw_rows(blocks: list[Block], start: int, header: Block | None) -> tuple[list[tuple[list[str], Block]], int]:
    """The table's rows as printed (a cell wrapped onto the next lines joined), and the index of
    the first block after the table."""
    i = start + 1 if header else start
    raw: list[tuple[list[str], Block]] = []
    width_hint = len(header.cells) if header else len(blocks[start].cells)
    while i < len(blocks):
        b = blocks[i]
        skip = _inside_table(blocks, i, raw, header)
        if skip is None:
            break
        if skip:
            i += 1
            continue
        cells, i = _wrapped(blocks, i + 1, list(b.cells), width_hint)
        raw.append((cells, b))
    return raw, i


def _inside_table(blocks: list[Block], i: int, raw: list[tuple[list[str], Block]], header: Block | None) -> bool | None:
    """For block ``i``: ``None`` when the table has ended before it, True when it is to be passed
    over (a blank, a page mark, a repeated header), False for a row of the table."""
    b = blocks[i]
    if b.kind == "blank":
        return True
    if b.kind == "para":
        # a short footer or page mark inside a table, e.g. "DRAFT" or "Page 12"
        nxt = _next_nonblank(blocks, i + 1)
        if not raw or len(b.text.split()) > 3 or nxt is None:
            return None
        return True if blocks[nxt].kind == "row" and not blocks[nxt].cells[0].strip() else None
    if header is not None and _same_header(b, header):
        return True
    if is_action_header(b) and header is None:
        return None
    filled = b.filled
    if len(filled) == 1 and (not raw or (not is_ref(filled[0]) and b.cells[0].strip() and not filled[0][:1].islower())):
        return None  # a heading row such as the next outcome's title (a sentence going on in lower case is no title)
    return False


def _wrapped(blocks: list[Block], i: int, cells: list[str], width_hint: int) -> tuple[list[str], int]:
    """A row short of cells whose last cell wrapped onto the next line(s), joined; the index after."""
    while len(cells) < width_hint and i < len(blocks) and blocks[i].kind in ("para", "row"):
        nb = blocks[i]
        if nb.kind == "row" and is_ref(nb.cells[0]):
            break
        if nb.kind == "para":
            cells[-1] = f"{cells[-1]}\n{nb.text}"
        else:
            cells[-1] = f"{cells[-1]}\n{nb.cells[0]}"
            cells.extend(nb.cells[1:])
        i += 1
    return cells, i


def _drop_empty_columns(
    header: Block | None, raw: list[tuple[list[str], Block]], width: int
) -> tuple[Block | None, list[tuple[list[str], Block]], int]:
    """Drop columns empty in the header and in every row (phantom columns of a PDF table)."""
    rows = [c + [""] * (width - len(c)) for c, _ in raw]
    heads = list(header.cells) + [""] * (width - len(header.cells)) if header else [""] * width
    keep = [k for k in range(width) if heads[k].strip() or any(r[k].strip() for r in rows)]
    if len(keep) == width:
        return header, raw, width
    new_header = Block("row", tuple(heads[k] for k in keep), 0, header.line, header.where) if header else None
    new_raw = [([r[k] for k in keep], b) for r, (_, b) in zip(rows, raw, strict=True)]
    return new_header, new_raw, len(keep)


def _next_nonblank(blocks: list[Block], i: int) -> int | None:
    while i < len(blocks):
        if blocks[i].kind != "blank":
            return i
        i += 1
    return None
