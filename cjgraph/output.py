"""Records → table, CSV, JSON or a pandas DataFrame, in one place.

JSON is an array of objects keyed by the records' field names, keys sorted, so the same
records always give the same bytes. In tables and CSV a tuple field is joined with `` | ``
(pairs as ``key: value``).

Examples
--------
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class R:
...     plan: str
...     refs: tuple[str, ...]
...     n: int
>>> print(render([R("x", ("A1", "A2"), 3)], "csv"), end="")
plan,refs,n
x,A1 | A2,3
>>> print(render([R("x", ("A1",), 3)], "json"))
[
  {
    "n": 3,
    "plan": "x",
    "refs": [
      "A1"
    ]
  }
]
>>> print(render([R("x", (), 3)], "table"))
plan  refs  n
----  ----  -
x           3
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, fields, is_dataclass
from typing import Any

from cjgraph.cells import write_csv
from cjgraph.contract import is_node_field
from cjgraph.errors import UsageError, require

__all__ = ["FORMATS", "render", "render_rows", "to_frame", "cell", "columns_for_people"]

FORMATS = ("table", "csv", "json")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WIDTH = 70


def cell(value: Any) -> str:
    """A record field as text."""
    if type(value) is str:  # most fields: at once (a board pack of 40,000 actions has 1.5 million)
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):  # a list: a Cypher answer's collect()
        return " | ".join(f"{v[0]}: {v[1]}" if isinstance(v, tuple) else cell(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {cell(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def _columns(records: Sequence[Any], *, people: bool = False) -> list[str]:
    """The records' fields; for people (a table, a board pack's sheet), without the node ids
    (:func:`~cjgraph.contract.node_field`)."""
    if not records:
        return []
    first = records[0]
    if not is_dataclass(first):
        raise TypeError(f"records must be dataclasses, not {type(first).__name__}")
    return [f.name for f in fields(first) if not (people and is_node_field(f))]


def columns_for_people(records: Sequence[Any]) -> list[str]:
    """The fields of records a person reads: every field but the node ids."""
    return _columns(records, people=True)


def _fit(widths: list[int], floors: list[int], prose: list[bool], width: int) -> list[int]:
    """Column widths that fit ``width`` with two spaces between columns: only columns of prose
    (text with spaces: details, evidence, names) are narrowed, the widest first, never below
    their header or 16 characters; identifiers and codes keep their width (a table that still
    does not fit is printed wider than the terminal)."""
    widths = list(widths)
    room = width - 2 * (len(widths) - 1)
    while sum(widths) > room:
        narrowable = [k for k in range(len(widths)) if prose[k] and widths[k] > max(floors[k], 16)]
        if not narrowable:
            break
        k = max(narrowable, key=lambda i: widths[i])
        widths[k] = max(max(floors[k], 16), widths[k] - (sum(widths) - room))
    return widths


def render(records: Sequence[Any], fmt: str = "table", *, width: int | None = None) -> str:
    """Records as ``table``, ``csv`` or ``json`` text; a table fits ``width`` columns when given,
    and leaves out the node ids that CSV and JSON carry."""
    if fmt == "json":
        return json.dumps([asdict(r) for r in records], sort_keys=True, indent=2, ensure_ascii=False)
    cols = _columns(records, people=fmt == "table")
    return render_rows(cols, [[getattr(r, c) for c in cols] for r in records], fmt, width=width)


def render_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str = "table",
    *,
    width: int | None = None,
    clip: bool = True,
) -> str:
    """Rows under any column names (a Cypher answer's ``count(a)``) as ``table``, ``csv`` or ``json``.
    A table given a ``width`` (a terminal's) wraps its longest columns onto more lines to fit it;
    it cuts a cell longer than 70 characters with "…" unless ``clip`` is false (a Cypher answer:
    a path is shown whole).

    >>> print(render_rows(["p.name", "count(a)"], [["Police Scotland", 3]], "csv"), end="")
    p.name,count(a)
    Police Scotland,3
    >>> print(render_rows(["ref", "detail"], [["SO1.1", "a long detail " * 3]], width=30))
    ref    detail
    -----  -----------------------
    SO1.1  a long detail a long
           detail a long detail
    """
    cols = list(columns)
    if fmt == "json":
        keys = _unique(cols)
        return json.dumps(
            [dict(zip(keys, r, strict=True)) for r in rows], sort_keys=True, indent=2, ensure_ascii=False, default=_json
        )
    text = [[cell(v) for v in r] for r in rows]
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(buf, [cols, *text] if cols else text)
        return buf.getvalue()
    if fmt == "table":
        if not rows:
            return "(no records)"
        # a terminal must not obey a plan's escape sequences: control characters shown as \xNN
        shown = [[_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", v) for v in row] for row in text]
        short = [[v if len(v) <= _WIDTH or not clip else v[: _WIDTH - 1] + "…" for v in row] for row in shown]
        widths = [max(len(c), *(len(r[i]) for r in short)) for i, c in enumerate(cols)]
        if width is not None:
            prose = [any(" " in r[i] for r in short) for i in range(len(cols))]
            widths = _fit(widths, [len(c) for c in cols], prose, width)
        lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        for row in short:
            wrapped = [textwrap.wrap(v, w, break_long_words=True) or [""] for v, w in zip(row, widths, strict=True)]
            for k in range(max(len(cell_lines) for cell_lines in wrapped)):
                parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(wrapped, widths, strict=True)]
                lines.append("  ".join(parts).rstrip())
        return "\n".join(lines)
    raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")


def _unique(names: list[str]) -> list[str]:
    """Column names as JSON keys: a repeated name gets `` #2``, `` #3`` (``RETURN count(a), count(a)``)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out


def _json(value: Any) -> Any:
    """A value JSON has no type for: a graph value (a Cypher node, relationship or path) as its
    object, anything else as text."""
    as_json = getattr(value, "as_json", None)
    return as_json() if callable(as_json) else str(value)


def to_frame(records: Sequence[Any]) -> Any:
    """Records as a pandas ``DataFrame`` (one column per field), for notebooks.

    Parameters
    ----------
    records : the records a question returns (dataclasses).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    MissingDependencyError : pandas is not installed (``pip install 'cjgraph[notebook]'``).

    Examples
    --------
    >>> from cjgraph.queries import Gap
    >>> to_frame([Gap("p", "action-without-lead", "A1", ("A1",))]).loc[0, "reason"]
    'action-without-lead'
    """
    pd: Any = require("pandas", "to_frame", "pip install 'cjgraph[notebook]'")
    cols = _columns(records)
    return pd.DataFrame([asdict(r) for r in records], columns=cols or None)
