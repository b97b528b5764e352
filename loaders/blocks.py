"""The reading-order block stream every document reader produces.

A plan document, whatever its format, becomes a list of :class:`Block`: paragraphs (with a
bullet depth when they are list items) and table rows (a tuple of cell texts). The plan
parser works on blocks only, so text, DOCX and PDF share one recognition mechanism.

Text files are read this way: a line with tab characters is a table row (cells split on
tabs); a line starting with ``|`` is a markdown table row (a row whose closing ``|`` comes
on a later line has cells that wrap, and the lines are joined); ``|--|--|`` separator rows
are dropped; ``-``, ``*``, ``•`` lines are bullets, their depth from the indentation.

Examples
--------
>>> blocks = text_blocks("Title\\n\\n- a point\\n - a sub point\\nSO1.1\\tDo it\\tPolice\\n")
>>> for b in blocks:
...     print(b.kind, b.depth, b.text)
para 0 Title
blank 0
para 1 a point
para 2 a sub point
row 0 SO1.1 | Do it | Police
>>> text_blocks("| a | b |\\n|--|--|\\n| c | d\\ne |\\n")[1].cells
('c', 'd\\ne')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Block", "text_blocks", "BULLET_CHARS", "ROW_ACROSS_PAGES", "CARRIED_OVER", "MERGED_DOWN", "CARRIED_DOWN"]

# notes a reader adds to a row's place when it had to mend the row (the extractor reports them)
ROW_ACROSS_PAGES = "continued on page"
CARRIED_OVER = "merged cell carried over from page"
MERGED_DOWN = "merged cell carried down from row"
CARRIED_DOWN = "merged cell printed once, carried from"

BULLET_CHARS = "•◦○▪■●▫‣⁃"
_BULLET = re.compile(rf"^(\s*)(?:[-*{BULLET_CHARS}]|\d+[.)](?=\s+[a-z]))\s+(.*)$")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Block:
    """One paragraph, table row or blank line of a document, with where it came from."""

    kind: str  # "para", "row" or "blank"
    cells: tuple[str, ...] = ()
    depth: int = 0  # bullet depth of a paragraph: 0 = not a list item
    line: int = 0  # 1-based line (text), paragraph (DOCX) or page (PDF) number
    where: str = ""  # human description of the place, e.g. "line 12" or "table 3, row 2"
    level: int = 0  # heading level of a paragraph (1 = top), 0 = body text

    @property
    def text(self) -> str:
        """The block's text: a paragraph's text, or a row's non-empty cells joined with `` | ``."""
        if self.kind == "row":
            return " | ".join(c for c in self.cells if c.strip())
        return self.cells[0] if self.cells else ""

    @property
    def filled(self) -> tuple[str, ...]:
        """The non-empty cells of a row (or the paragraph text)."""
        return tuple(c for c in self.cells if c.strip())

    @classmethod
    def para(cls, text: str, *, depth: int = 0, line: int = 0, where: str = "", level: int = 0) -> Block:
        return cls("para", (text,), depth, line, where or f"line {line}", level)

    @classmethod
    def row(cls, cells: tuple[str, ...], *, line: int = 0, where: str = "") -> Block:
        return cls("row", tuple(c.strip() for c in cells), 0, line, where or f"line {line}")

    @classmethod
    def blank(cls, *, line: int = 0, where: str = "") -> Block:
        return cls("blank", (), 0, line, where or f"line {line}")


def text_blocks(text: str) -> list[Block]:
    """Split plain text (as extracted from a plan document) into blocks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and not lines[-1].strip():
        lines.pop()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        lineno = i + 1
        stripped = raw.strip()
        if stripped.startswith("|"):
            joined = stripped
            j = i
            while not joined.rstrip().endswith("|") and j + 1 < len(lines) and "\t" not in lines[j + 1]:
                j += 1
                joined += "\n" + lines[j].strip()
            i = j + 1
            if _PIPE_SEPARATOR.match(joined):
                continue
            inner = joined.strip()[1:]
            if inner.endswith("|"):
                inner = inner[:-1]
            blocks.append(Block.row(tuple(inner.split("|")), line=lineno))
            continue
        i += 1
        if "\t" in raw:
            blocks.append(Block.row(tuple(raw.split("\t")), line=lineno))
        elif not stripped:
            blocks.append(Block.blank(line=lineno))
        else:
            m = _BULLET.match(raw)
            if m:
                indent = len(m.group(1).expandtabs(4))
                blocks.append(Block.para(m.group(2).strip(), depth=1 + (1 if indent else 0), line=lineno))
            else:
                blocks.append(Block.para(stripped, line=lineno))
    return blocks
