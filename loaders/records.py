"""Actions printed as labelled records, turned into table rows.

Many plans (the Scottish Government's own delivery plans, accessible HTML plans) print each
action as a record rather than a table row::

    1. Develop a housing pathway for people leaving prison
    Timescale: March 2024
    Lead partner: Dundee City Council
    In collaboration with: SPS, Shelter Scotland

or on one line, its parts separated by " / ". These become the table rows the action-table
reader already understands: a record's labels, matched by the column header words of
``table_columns.toml``, name its columns, and a header row is made for each run of records.
Text that does not have this shape is left as it is. (Tables printed as " / " lines under a
header line are read by :mod:`cjgraph.loaders.flattened`.)

Examples
--------
>>> from cjgraph.loaders.blocks import text_blocks
>>> blocks = text_blocks("1. Develop a pathway / Timescale: March 2024 / Lead partner: SPS\\n"
...                      "2. Offer a check / Lead partner: DWP / Timescale: June 2024\\n")
>>> for b in records_to_rows(blocks):
...     print(b.cells)
('Ref', 'Action', 'Lead', 'Timescale')
('1', 'Develop a pathway', 'SPS', 'March 2024')
('2', 'Offer a check', 'DWP', 'June 2024')
()
"""

from __future__ import annotations

import re

from cjgraph.framework import load_table_words
from cjgraph.loaders.blocks import Block
from cjgraph.loaders.tables import is_ref

__all__ = ["records_to_rows"]

_DELIMITER = " / "
_NUMBERED = re.compile(r"^(?:Action\s+)?([A-Z]{0,6}\s?\d{1,2}(?:\.\d{1,3}){0,2}[a-z]?)[.):]?\s+(\S.*)$", re.S)
# "Timescale: March 2024", or "Lead partner - SPS" as the Scottish Government's delivery plan prints it
_LABELLED = re.compile(r"^([A-Za-z][A-Za-z /&()']{1,40}?)(?:\s*:|\s+[-–])\s+(.*)$", re.S)
_HEADINGS = {"leads": "Lead", "contributors": "Contributing partners", "timescale": "Timescale"}
_HEADINGS |= {"status": "Status", "notes": "Notes"}
_ORDER = ("leads", "contributors", "timescale", "status", "notes")


def _label_group(label: str) -> str | None:
    """The column a record's label names ("Lead partner" -> leads), or ``None``."""
    low = label.lower()
    groups = load_table_words().groups
    for g in _ORDER:  # "Lead partner" is the lead, though "partner" also names contributors
        if any(stem in low for stem in groups[g]):
            return g
    return None


def _record(parts: list[str]) -> tuple[str, str, dict[str, str]] | None:
    """(ref, text, {group: value}) of a record's parts, or ``None`` when they are not one."""
    m = _NUMBERED.match(parts[0].strip())
    if not m or not is_ref(m.group(1)):
        return None
    fields: dict[str, str] = {}
    for part in parts[1:]:
        lm = _LABELLED.match(part.strip())
        group = _label_group(lm.group(1)) if lm else None
        if lm is None or group is None:
            return None
        fields[group] = f"{fields[group]}\n{lm.group(2).strip()}" if group in fields else lm.group(2).strip()
    if len(fields) < 2 or not fields.keys() & {"leads", "timescale"}:
        return None
    return m.group(1), m.group(2).strip(), fields


def records_to_rows(blocks: list[Block]) -> list[Block]:
    """The blocks, with runs of labelled action records as rows."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        run, i_next = _records_at(blocks, i)
        if run:
            groups = [g for g in _ORDER if any(g in f for _, _, f, _ in run)]
            first = run[0][3]
            out.append(
                Block.row(("Ref", "Action", *(_HEADINGS[g] for g in groups)), line=first.line, where=first.where)
            )
            for ref, text, fields, b in run:
                out.append(Block.row((ref, text, *(fields.get(g, "") for g in groups)), line=b.line, where=b.where))
            out.append(Block.blank(line=run[-1][3].line, where=run[-1][3].where))
            i = i_next
            continue
        out.append(blocks[i])
        i += 1
    return out


def _records_at(blocks: list[Block], i: int) -> tuple[list[tuple[str, str, dict[str, str], Block]], int]:
    """The labelled records starting at block ``i`` (one per line, or one line each with " / ")."""
    run = []
    while i < len(blocks) and blocks[i].kind == "para":
        b = blocks[i]
        parts = b.text.split(_DELIMITER) if _DELIMITER in b.text else [b.text]
        j = i + 1
        if len(parts) == 1:  # the labelled lines follow as paragraphs of their own
            while j < len(blocks) and blocks[j].kind == "para" and _LABELLED.match(blocks[j].text):
                lm = _LABELLED.match(blocks[j].text)
                if lm is None or _label_group(lm.group(1)) is None:
                    break
                parts.append(blocks[j].text)
                j += 1
        rec = _record(parts) if len(parts) > 1 else None
        if rec is None:
            break
        run.append((*rec, b))
        i = j
        while (
            i < len(blocks)
            and blocks[i].kind == "blank"
            and i + 1 < len(blocks)
            and _NUMBERED.match(blocks[i + 1].text)
        ):
            i += 1
    return (run, i) if len(run) >= 2 else ([], i)
