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
from dataclasses import dataclass
from dataclasses import field as dc_field

from cjgraph.loaders.blocks import Block
from cjgraph.loaders.tables import column_kinds, is_ref
from cjgraph.loaders.text import ends_on_joining_word, ends_sentence
from cjgraph.timescales import parse_timescale

__all__ = ["records_to_rows"]

_DELIMITER = " / "
_NUMBERED = re.compile(r"^(?:Action\s+)?([A-Z]{0,6}\s?\d{1,2}(?:\.\d{1,3}){0,2}[a-z]?)[.):]?\s+(\S.*)$", re.S)
# "No 14" / "No. 14": a deliverable's number on a line of its own, its text labelled after it
_NUMBER_ALONE = re.compile(r"^No\.?\s*(\d{1,3})$", re.I)
# "Timescale: March 2024", or "Lead partner - SPS" as the Scottish Government's delivery plan prints it
_LABELLED = re.compile(r"^([A-Za-z][A-Za-z /&()']{1,40}?)(?:\s*:|\s+[-–])\s+(.*)$", re.S)
# a label on a line of its own, its value on the lines after it ("Responsibility:", "Timescale")
_LABEL_ALONE = re.compile(r"^([A-Za-z][A-Za-z /&()']{1,40}?)\s*:?$")
_HEADINGS = {"leads": "Lead", "contributors": "Contributing partners", "timescale": "Timescale", "status": "Status"}
_ORDER = ("leads", "contributors", "timescale", "status", "notes", "text")
_LOOK_AHEAD = 6  # lines a record looks past for its next label
_OPENING_LINES = 3  # a numbered text goes on over at most this many lines before its first label
_HEADING_WORDS = 30  # a line this short without a full stop, after a record's text, is a heading


def _label_group(label: str) -> str | None:
    """The column a record's label names ("Lead partner" -> leads, "Deliverable" -> text), or
    ``None``."""
    found = column_kinds((label,))[0]
    return found if found in _ORDER else None


@dataclass
class _Record:
    """One action printed as a record: its ref, text and labelled values as printed."""

    ref: str
    text: str
    block: Block
    fields: dict[str, str] = dc_field(default_factory=dict)  # group -> value
    notes: dict[str, str] = dc_field(default_factory=dict)  # a notes label as printed -> value
    current: tuple[str, str] | None = None  # the (group, label) the lines go on filling
    opening: int = 0  # lines of text read before the first label
    numbered_alone: bool = False  # "No 14" on a line of its own, the text labelled after it

    def put(self, group: str, label: str, value: str) -> None:
        if group == "notes":
            key = " ".join(label.split()).capitalize()
            self.notes[key] = f"{self.notes[key]}\n{value}".strip() if key in self.notes else value
        elif group == "text":
            self.text = f"{self.text}\n{value}".strip()
        else:
            self.fields[group] = f"{self.fields[group]}\n{value}".strip() if group in self.fields else value
        self.current = (group, label)

    def label(self, line: str) -> bool:
        """Read a labelled line ("Timescale: May 2024", "Responsibility: Lead partner - X / In
        collaboration with - Y", "Further detail:"); False when it is not one."""
        lm = _LABELLED.match(line) or (_LABEL_ALONE.match(line) if line[:1].isupper() else None)
        group = _label_group(lm.group(1)) if lm else None
        if lm is None or group is None:
            return False
        value = lm.group(2).strip() if lm.re is _LABELLED else ""
        inner = [p for p in re.split(r"\s+/\s+|;\s+", value) if p]
        if inner and all(_LABELLED.match(p) and _label_group(_LABELLED.match(p).group(1)) for p in inner):  # type: ignore[union-attr]
            for part in inner:  # "Responsibility: Lead partner - X / In collaboration with - Y"
                self.label(part)
            return True
        self.put(group, lm.group(1), value)
        return True

    def awaiting(self) -> bool:
        """Whether the last label read awaits its value on the next line ("Timescale" alone)."""
        if self.current is None:
            return False
        group, label = self.current
        if group == "text":
            return not self.text
        if group == "notes":
            return not self.notes.get(" ".join(label.split()).capitalize())
        return not self.fields.get(group)

    def goes_on(self, line: str, listed: bool = False) -> bool:
        """Read a line after the labels: more of the value being read (a paragraph of further
        detail, a date on the line after "Timescale"), or, before any label, more of the text (a
        paragraph the page parted: a label must still follow); False when the record has ended."""
        if self.current is None:
            if self.opening >= _OPENING_LINES or _heading_like(line):
                return False
            self.opening += 1
            self.text = f"{self.text}\n{line}"
            return True
        group, label = self.current
        broken_date = group == "timescale" and len(line.split()) <= 2 and not _known_label(line)
        if broken_date and parse_timescale(self.fields.get(group, "")).kind == "vague":  # "October" / "2023"
            self.fields[group] = f"{self.fields[group]} {line}"
            return True
        if self.awaiting() or (
            group in ("text", "notes") and (listed or self.unfinished(line) or not _heading_like(line))
        ):
            self.put(group, label, line)
            return True
        return False

    def unfinished(self, line: str) -> bool:
        """Whether ``line`` goes on with the text or notes being read, which stop mid-sentence (a
        paragraph broken into lines): it begins in lower case, or they end on a word no sentence
        ends on ("A working group of")."""
        if self.current is None or self.current[0] not in ("text", "notes"):
            return False
        group, label = self.current
        value = (self.text if group == "text" else self.notes.get(" ".join(label.split()).capitalize(), "")).rstrip()
        if not value or ends_sentence(value):
            return False
        return line[:1].islower() or ends_on_joining_word(value)

    def is_action(self) -> bool:
        """Whether the record is an action: its text and two labelled fields, one a lead or a
        timescale; a deliverable numbered "No N" with its text labelled needs only one of them
        (the delivery plan's closed deliverables name no lead)."""
        needed = 1 if self.numbered_alone else 2
        return bool(self.text) and len(self.fields) >= needed and bool(self.fields.keys() & {"leads", "timescale"})

    def closed(self) -> None:
        """A deliverable the document lists as closed ("Closed: Update 1") and gives no status is
        complete."""
        if "status" not in self.fields and any(k.startswith("Closed") and v for k, v in self.notes.items()):
            self.fields["status"] = "Complete"


def _header_next(rec: _Record, line: str) -> bool:
    """Whether a label alone follows a label alone ("Lead partner" / "Contributing partners"): a
    table's header printed one cell per line, not a record (a status word is a status's value)."""
    if not rec.awaiting() or rec.current is None or rec.current[0] == "status":
        return False
    m = _LABEL_ALONE.match(line)
    return m is not None and _label_group(m.group(1)) is not None


def _heading_like(line: str) -> bool:
    return len(line.split()) <= _HEADING_WORDS and not line.rstrip().endswith((".", ";", "!", "?", '"', "\u201d"))


def _start(b: Block) -> _Record | None:
    """A record opening at paragraph ``b``: "1. Develop …" (its parts may follow on the line, split
    by " / "), or "No 14" with the text labelled after it."""
    if b.kind != "para" or b.level or b.depth:
        return None
    parts = b.text.split(_DELIMITER)
    m = _NUMBERED.match(parts[0].strip())
    if m and is_ref(m.group(1)):
        rec = _Record(m.group(1), m.group(2).strip(), b)  # a label must follow: the text goes on only after one
        if len(parts) > 1 and not all(rec.label(p.strip()) for p in parts[1:]):
            return None
        return rec
    n = _NUMBER_ALONE.match(b.text.strip())
    return _Record(n.group(1), "", b, numbered_alone=True) if n and len(parts) == 1 else None


def _read_record(blocks: list[Block], i: int) -> tuple[_Record | None, int]:
    """The record opening at block ``i`` and the index after it (its labelled lines, and the lines
    that go on with a value, up to the next record, a heading or a line that is neither)."""
    rec = _start(blocks[i])
    if rec is None:
        return None, i
    j = end = i + 1
    while j < len(blocks):
        b = blocks[j]
        if b.kind == "blank":
            j += 1
            continue
        line = " ".join(b.text.split())
        if b.kind != "para" or _start(b) is not None or (b.level and not _known_label(line)):
            break  # a heading ends the record; a label set in bold (a PDF's heading level) does not
        # after a label alone ("Status"), a line is its value ("In progress"), unless labelled itself
        # ("Responsibility" / "Lead partner - SPS")
        if _header_next(rec, line):
            break
        # a value awaited, or a sentence going on, before any label the line might be
        going_on = rec.awaiting() or rec.unfinished(line)
        read = rec.goes_on(line) if going_on and not _LABELLED.match(line) else False
        if not (read or rec.label(line) or rec.goes_on(line, listed=b.depth > 0)):
            if not _label_ahead(blocks, j):
                break
            rec.put(*_holding(rec), line)  # a list or a short line inside the detail: labels follow
        j = end = j + 1
    rec.closed()
    return (rec, end) if rec.is_action() else (None, i)


def _known_label(line: str) -> bool:
    lm = _LABELLED.match(line) or _LABEL_ALONE.match(line)
    return lm is not None and _label_group(lm.group(1)) is not None


def _label_ahead(blocks: list[Block], j: int) -> bool:
    """Whether one of the next few lines (before any heading or record) is a labelled line of the
    record ("Status: Complete", or "Status" alone): the lines before it are still the record's."""
    seen = 0
    for b in blocks[j + 1 :]:
        if b.kind == "blank":
            continue
        line = " ".join(b.text.split())
        if b.kind != "para" or _start(b) is not None or seen >= _LOOK_AHEAD:
            return False
        if _known_label(line):
            return True
        if b.level:
            return False
        seen += 1
    return False


def _holding(rec: _Record) -> tuple[str, str]:
    """The field a line the record does not know goes to: the text or notes being read, else the
    record's notes."""
    if rec.current is not None and rec.current[0] in ("text", "notes"):
        return rec.current
    return ("notes", "Notes")


def records_to_rows(blocks: list[Block]) -> list[Block]:
    """The blocks, with runs of labelled action records as rows."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        run, i_next = _records_at(blocks, i)
        if run:
            out.extend(_rows(run))
            out.append(Block.blank(line=run[-1].block.line, where=run[-1].block.where))
            i = i_next
            continue
        out.append(blocks[i])
        i += 1
    return out


def _rows(run: list[_Record]) -> list[Block]:
    """A header row and a row per record: ref, action, then each group and each notes label
    printed in the run."""
    groups = [g for g in _ORDER if g in _HEADINGS and any(g in r.fields for r in run)]
    notes = list(dict.fromkeys(k for r in run for k in r.notes))
    first = run[0].block
    rows = [Block.row(("Ref", "Action", *(_HEADINGS[g] for g in groups), *notes), line=first.line, where=first.where)]
    for r in run:
        cells = (r.ref, r.text, *(r.fields.get(g, "") for g in groups), *(r.notes.get(k, "") for k in notes))
        rows.append(Block.row(cells, line=r.block.line, where=r.block.where))
    return rows


def _records_at(blocks: list[Block], i: int) -> tuple[list[_Record], int]:
    """The labelled records starting at block ``i`` (blank lines between them passed over)."""
    run: list[_Record] = []
    while i < len(blocks):
        rec, j = _read_record(blocks, i)
        if rec is None:
            break
        run.append(rec)
        i = j
        while i + 1 < len(blocks) and blocks[i].kind == "blank" and _start(blocks[i + 1]) is not None:
            i += 1
    # one record alone is an action when it names both its lead and its timescale
    whole = len(run) >= 2 or (len(run) == 1 and {"leads", "timescale"} <= run[0].fields.keys())
    return (run, i) if whole else ([], i)
