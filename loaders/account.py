"""Account for every piece of text in an action table's place in a document: each is part of an
action (its text, lead, partners, date, status or notes), the table's header or a header a new
page repeats, a page's running line, or reported: an ``unread-text`` issue with its place, and the
action next to it flagged for review. :class:`TableText` keeps the count that ``extract`` prints.

Examples
--------
>>> from cjgraph.loaders.blocks import text_blocks
>>> from cjgraph.loaders.tables import read_action_table
>>> blocks = text_blocks("Ref\\tAction\\tLead\\tDate\\nA1\\tRun a survey\\tPolice\\tMay 2019\\n"
...                      "\\t\\tPolice\\tJune 2019\\n")
>>> table = read_action_table(blocks, 0)
>>> issues, text = [], TableText()
>>> account_table(issues, text, blocks, 0, table, ["A1"])
>>> text.read, text.total, [i.code for i in issues]
(56, 56, [])
"""

from __future__ import annotations

from dataclasses import dataclass

from cjgraph.loaders.blocks import Block
from cjgraph.loaders.tables import ActionTable
from cjgraph.model import Issue

__all__ = ["TableText", "account_table", "account_stray_row"]

_EXCERPT = 80  # characters of unread text quoted in an issue
_SUGGESTION = "check the action next to it against the document and add what is missing"


@dataclass
class TableText:
    """How much of the text printed in action tables was read: characters (spaces aside)."""

    read: int = 0
    total: int = 0
    unread: int = 0  # pieces reported

    def share(self) -> float:
        return self.read / self.total if self.total else 1.0

    def describe(self) -> str:
        """One line: the share read, and where the rest is reported."""
        line = f"{self.share():.1%} of {self.total:,} characters in action tables"
        if self.unread:
            pieces = "1 piece" if self.unread == 1 else f"{self.unread} pieces"
            line += f"; {pieces} not read (code unread-text in the issues sheet)"
        return line


def _size(text: str) -> int:
    return len("".join(text.split()))


def _texts(b: Block) -> tuple[str, ...]:
    return b.cells if b.kind == "row" else (b.text,)


def account_table(
    issues: list[Issue], text: TableText, blocks: list[Block], start: int, table: ActionTable, refs: list[str]
) -> None:
    """Count the text of the table at ``blocks[start:table.end]`` whose rows were read as the
    actions ``refs`` ('' for a row not read); report the cells no action holds: a row without an
    action's text, a column given no role."""
    printed = sum(_size(t) for b in blocks[start : table.end] for t in _texts(b))
    text.total += printed
    used = set(table.roles.values())
    known = [r for r in refs if r]
    last = ""
    for row, ref in zip(table.rows, refs, strict=True):
        lost = [(k, c) for k, c in enumerate(row.cells) if c.strip() and (not ref or k not in used)]
        last = ref or last
        if not lost:
            continue
        why = "its column is neither text, lead, partners nor date"
        if not ref:
            printed_ref = row.cell("ref")
            why = f"its ref cell, {printed_ref!r}, holds no ref" if row.cell("text") else "the row has no action text"
        heads = [row.headers[k] for k, _ in lost if k < len(row.headers) and row.headers[k].strip()]
        if ref and heads:
            why = f"its column {' '.join(heads[0].split())!r} is neither text, lead, partners nor date"
        _report(issues, text, row.where, " ".join(c for _, c in lost), ref or last or (known[0] if known else ""), why)
        printed -= sum(_size(c) for _, c in lost)
    text.read += printed


def account_stray_row(issues: list[Issue], text: TableText, b: Block, near: str) -> None:
    """A row just after an action table that no reader took (neither an outcome heading nor a
    section of its own): reported beside the action ``near``."""
    text.total += sum(_size(c) for c in b.cells)
    _report(issues, text, b.where, " ".join(b.filled), near, "the row follows an action table but reads as no action")


def _report(issues: list[Issue], text: TableText, where: str, lost: str, near: str, why: str) -> None:
    text.unread += 1
    excerpt = " ".join(lost.split())
    excerpt = excerpt if len(excerpt) <= _EXCERPT else excerpt[: _EXCERPT - 1] + "\u2026"
    beside = f" (beside action {near})" if near else ""
    issues.append(
        Issue(
            "warning",
            "unread-text",
            f"text at {where}{beside} was not read: {excerpt!r}; {why}",
            subject=near,
            suggestion=_SUGGESTION,
            source=where,
        )
    )
