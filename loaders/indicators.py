"""Indicators per outcome and the indicator → action link lists.

Three printed shapes are read:

* a bullet list under an indicator label ("Community Justice Indicators;"), where a bullet
  ending in ``:`` takes its sub-bullets into its own text and other sub-bullets stand alone;
* an indicator table ("Indicator | Links to improvement actions and measures"): indicator
  cells that begin in lower case continue the cell above, a cell that repeats the outcome
  title is dropped, and the link column is read for refs, either per row or, when the
  refs flow across rows as one merged cell, once for the whole table;
* a closing summary table with an outcome column and one column per kind of indicator
  ("Common Outcome | Community Justice Indicators | <Area> Indicators"), whose cells hold
  HTML list remnants (``<ul> • a • b``).

Refs in link cells are repaired where they are typo'd (``S02.1`` → ``SO2.1``, ``SO.3.2`` →
``SO3.2``, ``SO3.3.`` → ``SO3.3``, ``PPCO2.1`` → ``PCO2.1``); each repair is reported.

Examples
--------
>>> split_items("<ul> • One. • Two: <ul> • a; • b. ")
['One.', 'Two: a; b.']
>>> split_items("<ul> • Reduced use <ul> ○ Balance; ○ Share. • Delivery")
['Reduced use', 'Balance;', 'Share.', 'Delivery']
>>> refs, repairs, unknown = find_refs("• S02.1, SO.3.2, SO3.3., PPCO2.1, SO9.9 Case file audit",
...                                    {"SO2.1", "SO3.2", "SO3.3", "PCO2.1"})
>>> refs
['SO2.1', 'SO3.2', 'SO3.3', 'PCO2.1']
>>> repairs
[('S02.1', 'SO2.1'), ('SO.3.2', 'SO3.2'), ('SO3.3.', 'SO3.3'), ('PPCO2.1', 'PCO2.1')]
>>> unknown
['SO9.9']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cjgraph.loaders.blocks import BULLET_CHARS, Block
from cjgraph.loaders.text import clean

__all__ = [
    "IndicatorItem",
    "LinkGroup",
    "split_items",
    "nest_items",
    "find_refs",
    "is_indicator_marker",
    "is_indicator_header",
    "is_closing_header",
]

_MARKER = re.compile(r"\bindicators?\s*(?:\(\s*s\s*\)|\(\d\))?\s*[;:.]?\s*$", re.I)
_HEADER_WORDS = re.compile(
    r"^(indicators?\s*(\(\s*s\s*\)|\(\d\))?|links? to improvement actions( and measures)?)$", re.I
)
_REF_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0]{0,5})\s?\.?\s?(\d{1,2})\.(\d{1,3})(\.(?!\d))?")


@dataclass
class IndicatorItem:
    """An indicator as printed, with the outcome and kind it was found under."""

    outcome: str
    text: str
    kind_hint: str  # "national", "local" or "" (decide by the framework)
    where: str
    group: int = -1  # the link group it belongs to, -1 for none


@dataclass
class LinkGroup:
    """The link text printed beside one indicator table (or one row of it)."""

    text: str
    where: str
    items: list[int] = field(default_factory=list)


def is_indicator_marker(b: Block) -> bool:
    """True for a label such as "Community Justice Indicators;" or "... Indicator(s)"."""
    if b.kind == "row" and len(b.filled) != 1:
        return False
    text = clean(b.text)
    return bool(_MARKER.search(text)) and (len(text.split()) <= 6 or text.lower().endswith("(s)"))


def is_indicator_header(b: Block) -> bool:
    """True for a two-column header "Indicator | Link(s) to improvement actions and measures"."""
    if b.kind != "row":
        return False
    f = [clean(c) for c in b.filled]
    return len(f) >= 1 and all(_HEADER_WORDS.match(c) for c in f) and any("link" in c.lower() for c in f)


def is_header_only(b: Block) -> bool:
    """True for a row made only of indicator-table header words."""
    f = [clean(c) for c in b.filled]
    return bool(f) and all(_HEADER_WORDS.match(c) for c in f)


def is_closing_header(b: Block) -> bool:
    """True for "Common Outcome | Community Justice Indicators | Local Indicators"-style headers."""
    if b.kind != "row":
        return False
    f = [clean(c).lower() for c in b.filled]
    return len(f) >= 2 and any("outcome" in c for c in f) and sum("indicator" in c for c in f) >= 1


def split_items(cell: str) -> list[str]:
    """Split a cell of bullet items (HTML list remnants and bullet characters) into indicators.

    Parts of a cell separated by a form feed (a row continued after a page break, which starts
    a list of its own) are read separately; text before the first bullet of a part continues
    the item above. Line breaks inside a cell are wraps.
    """
    items: list[tuple[int, str, str]] = []
    for part in cell.split("\f"):
        for depth, text in _tokens(part):
            if depth == 0 and items:
                d, t, w = items[-1]
                items[-1] = (d, f"{t} {text}", w)
            else:
                items.append((max(depth, 1), text, ""))
    return [t for _, t, _ in nest_items(items)]


def _tokens(cell: str) -> list[tuple[int, str]]:
    """(depth, text) per bullet item; ``<ul>`` before a marker opens a nested list; depth 0 = no bullet yet."""
    text = re.sub(r"</?(p|li|br|span|div)[^>]*>", " ", cell)
    parts = re.split(rf"(<ul[^>]*>|<ol[^>]*>|[{BULLET_CHARS}])", text)
    out: list[tuple[int, str]] = []
    depth, opened, nested_marker = 0, 0, ""
    for p in parts:
        if not p or not p.strip():
            continue
        if p.startswith(("<ul", "<ol")):
            opened += 1
            continue
        if len(p) == 1 and p in BULLET_CHARS:
            if opened >= 2 and not nested_marker:
                nested_marker, depth = p, 2
            elif nested_marker and p != nested_marker:
                nested_marker, depth, opened = "", 1, 1
            elif not nested_marker:
                depth = 1
            continue
        t = clean(p)
        if t:
            out.append((depth, t))
    return out


def nest_items(items: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Join sub-items into a parent ending with ``:``; keep other sub-items as their own.

    Items are ``(depth, text, where)``; a joined item keeps its parent's place.

    >>> nest_items([(1, "People:", "a"), (2, "with a GP;", "b"), (1, "Use", "c"), (2, "sub", "d")])
    [(1, 'People: with a GP;', 'a'), (1, 'Use', 'c'), (2, 'sub', 'd')]
    """
    out: list[tuple[int, str, str]] = []
    parent_depth = None
    for depth, text, where in items:
        if out and parent_depth is not None and depth > parent_depth:
            d, t, w = out[-1]
            out[-1] = (d, f"{t} {text}", w)
            continue
        parent_depth = depth if text.rstrip().endswith(":") else None
        out.append((depth, text, where))
    return out


def find_refs(text: str, known: set[str]) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Refs printed in a link cell: ``(refs in order, repairs (printed, repaired), unknown)``."""
    refs: list[str] = []
    repairs: list[tuple[str, str]] = []
    unknown: list[str] = []
    for m in _REF_IN_TEXT.finditer(text):
        printed = m.group(0)
        prefix = m.group(1).replace("0", "O")
        candidate = f"{prefix}{m.group(2)}.{m.group(3)}"
        fixed = candidate if candidate in known else _repair(candidate, known)
        if fixed is None:
            unknown.append(printed)
            continue
        if fixed != printed:
            repairs.append((printed, fixed))
        if fixed not in refs:
            refs.append(fixed)
    return refs, repairs, unknown


def _repair(candidate: str, known: set[str]) -> str | None:
    m = re.match(r"([A-Z]+)(.*)$", candidate)
    if not m:
        return None
    prefix, rest = m.groups()
    dedup = re.sub(r"(.)\1+", r"\1", prefix)
    if dedup + rest in known:
        return dedup + rest
    near = [k for k in known if k.endswith(rest) and _one_edit(k[: -len(rest)], prefix)]
    return near[0] if len(near) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
