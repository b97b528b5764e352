"""The plan workbook: one plan as a folder of CSV files or one ``.xlsx`` with the same sheets.

Sheets (DESIGN §3): ``plan`` (key,value), ``actions``, ``indicators``, ``indicator_links``,
``partners``, ``issues``; and the plan's history, each sheet optional when reading: ``progress``
(a row per progress report on an action), ``indicator_values`` (an indicator's value per
reporting year or quarter) and ``self_assessment`` (an outcome's score per reporting year).
Multi-valued cells are joined with ``" | "``. Writing is atomic:
the new workbook is written beside the target and moved into place, so a failure never
leaves a half-written workbook and never loses the one that was there. Reading checks the
sheets and columns and raises :class:`~cjgraph.errors.PlanFormatError` naming the file,
sheet, row and value.

Examples
--------
>>> import tempfile, pathlib
>>> from cjgraph.model import Plan, PlanInfo, Action
>>> plan = Plan(PlanInfo(id="demo-2017-2020"), actions=(Action("SO1.1", "communities", "Do it.",
...             leads=("Police Scotland",)),))
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "demo"
>>> write_plan(plan, folder)
>>> read_plan(folder) == plan
True
>>> sorted(p.name for p in folder.iterdir())[:3]
['.cjgraph-output', 'actions.csv', 'indicator_links.csv']
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cjgraph.atomic import atomic_dir, atomic_file
from cjgraph.cells import (
    content_sha256,
    existing_rows,
    from_csv_text,
    has_control,
    long_cells,
    read_csv,
    read_day,
    write_csv,
    xlsx_content,
    xml_safe,
)
from cjgraph.errors import CjgraphError, PlanFormatError, WorkbookError
from cjgraph.limits import MAX_CELL_CHARS, MAX_WORKBOOK_BYTES, check_size, check_xml_parts, check_zip
from cjgraph.model import (
    BETTER,
    INDICATOR_KINDS,
    STATUSES,
    Action,
    Assessment,
    Indicator,
    IndicatorLink,
    IndicatorValue,
    Issue,
    Partner,
    Plan,
    PlanInfo,
    Update,
)
from cjgraph.numbers import read_figure
from cjgraph.xlsx import write_xlsx

__all__ = ["SHEETS", "COLUMNS", "REQUIRED", "write_plan", "write_plans", "read_plan", "read_sheets", "plan_rows"]

SEP = " | "
SHEETS = (
    "plan",
    "actions",
    "indicators",
    "indicator_links",
    "partners",
    "issues",
    "progress",
    "indicator_values",
    "self_assessment",
)
COLUMNS: dict[str, tuple[str, ...]] = {
    "plan": ("key", "value"),
    "actions": (
        "ref",
        "outcome",
        "text",
        "leads",
        "contributors",
        "timescale",
        "due",
        "needs",
        "needs_evidence",
        "depends_on",
        "status",
        "status_date",
        "notes",
        "confidence",
        "review",
        "source",
    ),
    "indicators": ("outcome", "kind", "indicator", "better"),
    "indicator_links": ("outcome", "indicator", "linked_actions", "measures"),
    "partners": ("canonical", "aliases", "kind", "scope"),
    "issues": ("severity", "code", "subject", "message", "suggestion", "source"),
    "progress": ("ref", "date", "status", "revised_due", "reason", "note", "reported_by"),
    "indicator_values": ("outcome", "indicator", "period", "value", "unit", "source", "note"),
    "self_assessment": ("outcome", "year", "score", "scale", "evidence"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "plan": ("key", "value"),
    "actions": ("ref", "outcome", "text", "leads", "contributors", "timescale", "due"),
    "indicators": ("outcome", "kind", "indicator"),
    "indicator_links": ("outcome", "indicator", "linked_actions"),
    "partners": ("canonical", "aliases", "kind", "scope"),
}
_OPTIONAL_SHEETS = ("issues", "progress", "indicator_values", "self_assessment")
# the columns a history sheet must have when it is there (an older workbook has none of them)
_HISTORY_REQUIRED: dict[str, tuple[str, ...]] = {
    "progress": ("ref", "date", "status"),
    "indicator_values": ("indicator", "period", "value"),
    "self_assessment": ("outcome", "year", "score"),
}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return SEP.join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


_FIGURES = {"indicator_values": "value", "self_assessment": "score"}


def _figures(sheets: dict[str, list[list[str]]]) -> dict[str, list[list[Any]]]:
    """The sheets with indicator values and scores as numbers, as Excel sums and charts them."""
    out: dict[str, list[list[Any]]] = dict(sheets)
    for sheet, column in _FIGURES.items():
        rows = sheets.get(sheet, [])
        if rows and column in rows[0]:
            k = rows[0].index(column)
            out[sheet] = [rows[0], *([*r[:k], read_figure(r[k]) if r[k] else "", *r[k + 1 :]] for r in rows[1:])]
    return out


def _figure(value: float | None) -> str:
    """An indicator value or a score as written: as many digits as it has (12.5, 7, 0.125)."""
    if value is None:
        return ""
    value = float(value)  # an int given through the Python API too
    return repr(int(value)) if value.is_integer() else repr(value)


def plan_rows(plan: Plan) -> dict[str, list[list[str]]]:
    """The rows (header first) of every sheet of a plan, as strings."""
    info = plan.info
    sheets: dict[str, list[list[str]]] = {
        "plan": [["key", "value"], *([f.name, _cell(getattr(info, f.name))] for f in fields(info))]
    }

    def rows(name: str, records: Iterable[object]) -> None:
        cols = COLUMNS[name]
        said = {c: _figure if c in ("value", "score") else _cell for c in cols}
        sheets[name] = [list(cols), *([said[c](getattr(r, c)) for c in cols] for r in records)]

    rows("actions", plan.actions)
    rows("indicators", plan.indicators)
    rows("indicator_links", plan.indicator_links)
    rows("partners", plan.partners)
    rows("issues", plan.issues)
    rows("progress", plan.updates)
    rows("indicator_values", plan.indicator_values)
    rows("self_assessment", plan.assessments)
    return sheets


def write_plan(plan: Plan, out: str | Path, *, force: bool = False) -> None:
    """Write a plan as a folder of CSVs or, when ``out`` ends in ``.xlsx``, one workbook.

    Parameters
    ----------
    plan : the plan.
    out : a folder, or a file ending in ``.xlsx``.
    force : write into a folder cjgraph did not write (its files are left as they are), or
        replace a workbook cjgraph did not write or that was edited since.

    Raises
    ------
    OutputError : ``out`` is a folder of someone else's files, an edited workbook, read-only, or
        an input (each refused unless ``force``, where that is safe).

    A folder is written only where :func:`~cjgraph.atomic.atomic_dir` allows (new, empty or
    cjgraph's own). An ``.xlsx`` replaces one only when cjgraph wrote it and nobody has changed
    what it says since (the workbook carries a digest of its sheets).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cjgraph.examples import tiny_plan
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "tiny.xlsx"
    >>> write_plan(tiny_plan(), out)
    >>> out.exists()
    True
    """
    out = Path(out)
    sheets = plan_rows(plan)
    try:
        if out.suffix.lower() == ".xlsx":
            for sheet, row, column, length in long_cells(sheets):  # Excel would cut it: refused, never cut
                raise WorkbookError(
                    f"{out}: sheet {sheet!r} row {row}: {column} holds {length:,} characters, over the "
                    f"{MAX_CELL_CHARS:,} an Excel cell holds; shorten it, or write a folder of CSVs (--out FOLDER)."
                )
            with atomic_file(out, kind="plan-workbook", force=force, owner=_workbook_owner) as tmp:
                write_xlsx(tmp, _figures(sheets), properties={_STAMP: content_sha256(sheets)}, **_layout(plan))
            return
        with atomic_dir(out, kind="plan", force=force) as folder:
            for name, rows in sheets.items():
                with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
                    write_csv(fh, rows)
    except CjgraphError as e:
        raise WorkbookError(str(e)) from None


def write_plans(plans: list[tuple[Path, Plan]], out: str | Path, *, force: bool = False) -> list[Path]:
    """Several plans (each with the document it was read from) into the folder ``out``, one
    workbook each (``<plan-id>.xlsx``: every command reads the folder as those plans), all
    appearing together or none; returns what was written.

    Raises
    ------
    UsageError : ``out`` is an ``.xlsx`` file, or two documents hold the same plan (they would be
        written to one name).
    OutputError : as :func:`write_plan`.
    """
    from cjgraph.errors import UsageError

    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        raise UsageError(f"{out}: several plans need a folder for --out, not an .xlsx file.")
    by_id: dict[str, Path] = {}
    for source, plan in plans:
        if plan.info.id in by_id:
            raise UsageError(
                f"{by_id[plan.info.id]} and {source} are both the plan {plan.info.id!r} and would be "
                "written to the same name; extract them one at a time, each with its own --out."
            )
        by_id[plan.info.id] = source
    with atomic_dir(out, kind="plans", force=force) as folder:  # all plans appear together, or none
        for _, plan in plans:
            write_plan(plan, folder / f"{plan.info.id}.xlsx")
    return [out / f"{plan.info.id}.xlsx" for _, plan in plans]


_STAMP = "cjgraph-content-sha256"


def _layout(plan: Plan) -> dict[str, Any]:
    """How a planner's workbook is laid out beyond its cells: dates as real dates, dropdowns of
    the statuses, of the outcome keys of the plan's framework, of the action refs and of the
    indicators (a list, not a rule: a planner's own words are read, and checked), long text
    wrapped."""
    from cjgraph.framework import load_framework

    try:
        outcomes = [o.key for o in load_framework(plan.info.framework).outcomes]
    except CjgraphError:
        outcomes = []  # a framework this installation does not have: no dropdown, the cells as they are
    indicators = sorted({i.indicator for i in plan.indicators})
    return {
        "dates": {"actions": {"due", "status_date"}, "progress": {"date", "revised_due"}},
        "choices": {
            "actions": {"status": STATUSES, "outcome": outcomes},
            "indicators": {"kind": INDICATOR_KINDS, "better": BETTER},
            "progress": {"status": STATUSES, "ref": [a.ref for a in plan.actions]},
            "indicator_values": {"indicator": indicators, "outcome": outcomes},
            "self_assessment": {"outcome": outcomes},
        },
        "wrap": {
            "actions": {"text", "notes", "timescale"},
            "indicators": {"indicator"},
            "issues": {"message"},
            "progress": {"reason", "note"},
            "indicator_values": {"indicator", "note"},
            "self_assessment": {"evidence"},
        },
    }


def _workbook_owner(out: Path) -> tuple[str | None, bool]:
    """Whether cjgraph wrote ``out`` as a plan workbook (its digest property), and whether what it
    says is unchanged since (a planner's edits)."""
    try:
        recorded, now = xlsx_content(out, _STAMP)
    except Exception:  # not a workbook openpyxl can read: certainly not cjgraph's
        return None, False
    return ("plan-workbook", recorded == now) if recorded is not None else (None, False)


def read_sheets(source: str | Path) -> dict[str, list[dict[str, str]]]:
    """Every sheet of a workbook as rows of ``{column: text}``, checked for sheets and columns."""
    source = Path(source)
    if not source.exists():
        raise PlanFormatError(f"{source}: no such workbook (a folder of CSVs or an .xlsx file).")
    raw = _read_xlsx(source) if source.suffix.lower() == ".xlsx" else _read_folder(source)
    for sheet, cols in REQUIRED.items():
        if sheet not in raw:
            raise PlanFormatError(
                f"{source}: the sheet {sheet!r} is missing (a plan workbook has {', '.join(REQUIRED)})."
            )
        header = raw[sheet][0] if raw[sheet] else []
        missing = [c for c in cols if c not in header]
        if missing:
            raise PlanFormatError(
                f"{source}: sheet {sheet!r} has no column {missing[0]!r} "
                f"(its header is {', '.join(header) or 'empty'})."
            )
    for sheet, cols in _HISTORY_REQUIRED.items():
        header = raw[sheet][0] if raw.get(sheet) else []
        missing = [c for c in cols if c not in header]
        if sheet in raw and any(header) and missing:
            raise PlanFormatError(
                f"{source}: sheet {sheet!r} has no column {missing[0]!r} "
                f"(its header is {', '.join(header)}; it needs {', '.join(cols)})."
            )
    out: dict[str, list[dict[str, str]]] = {}
    for sheet, rows in raw.items():
        header = rows[0] if rows else []
        out[sheet] = [dict(zip(header, r + [""] * (len(header) - len(r)), strict=False)) for r in rows[1:]]
    return out


def _sheets_for_plan(
    source: Path, sheets: dict[str, list[dict[str, str]]] | None = None
) -> dict[str, list[dict[str, str]]]:
    """:func:`read_sheets` (or the ``sheets`` already read) with control characters (NUL, ESC,
    …) removed from every cell; the validator reports where they were."""
    return {
        sheet: [{k: xml_safe(v) if has_control(v) else v for k, v in row.items()} for row in rows]
        for sheet, rows in (read_sheets(source) if sheets is None else sheets).items()
    }


def _read_folder(folder: Path) -> dict[str, list[list[str]]]:
    if not folder.is_dir():
        raise PlanFormatError(f"{folder}: is neither a folder of CSVs nor an .xlsx workbook.")
    out: dict[str, list[list[str]]] = {}
    for sheet in SHEETS:
        path = folder / f"{sheet}.csv"
        if not path.exists():
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")  # not read_text: a CR inside a cell stays a CR
        except UnicodeDecodeError as e:
            raise PlanFormatError(f"{path}: byte {e.start} is not UTF-8; save the sheet as UTF-8 CSV.") from None
        try:
            rows = [[from_csv_text(c.strip()).strip() for c in r] for r in read_csv(text)]
        except csv.Error as e:
            raise PlanFormatError(f"{path}: is not valid CSV ({e}).") from None
        out[sheet] = [r for r in rows if any(r)] or [[]]
    return out


def _read_xlsx(path: Path) -> dict[str, list[list[str]]]:
    from openpyxl import load_workbook

    check_size(path, path.stat().st_size, MAX_WORKBOOK_BYTES, "a plan workbook")
    check_zip(path, "a plan workbook")
    check_xml_parts(path, PlanFormatError)
    try:
        with path.open("rb") as fh:  # ours to close, even when openpyxl fails half-way through opening it
            wb = load_workbook(fh, read_only=True, data_only=True)
            try:
                return {ws.title: _sheet_rows(ws) for ws in wb.worksheets}
            finally:
                wb.close()
    except Exception as e:  # openpyxl fails in many ways on a broken part (a fuzz found them)
        detail = " ".join(str(e).split())[:120]
        raise PlanFormatError(f"{path}: is not a readable .xlsx workbook ({type(e).__name__}: {detail}).") from None


def _sheet_rows(ws: Any) -> list[list[str]]:
    rows = []
    for r in existing_rows(ws):
        cells = [_from_excel(v) for v in r]
        if any(cells):
            rows.append(cells)
    return rows or [[]]


def _from_excel(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def _date(source: Path, sheet: str, row: int, column: str, value: str) -> date | None:
    if not value:
        return None
    day = read_day(value)
    if day is None:
        raise PlanFormatError(
            f"{source}: sheet {sheet!r} row {row}: {column} {value!r} is not a date (write 2018-06-30 or 30/06/2018)."
        )
    return day


def _confidence(source: Path, row: int, value: str) -> float:
    """An action's confidence: a number from 0 to 1; blank (a planner has checked the row) is 1."""
    value = value.strip()
    if not value:
        return 1.0
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise PlanFormatError(
            f"{source}: sheet 'actions' row {row}: confidence {value!r} is not a number from 0 to 1 "
            "(leave it blank once the row is checked)."
        )
    return number


def read_plan(
    source: str | Path, *, strict_dates: bool = True, sheets: dict[str, list[dict[str, str]]] | None = None
) -> Plan:
    """Read a plan workbook into a :class:`~cjgraph.model.Plan`, as written (for the reading every
    command does, checked and settled, see :func:`cjgraph.validate.load_checked`).

    Parameters
    ----------
    source : a folder of CSVs or an .xlsx workbook.
    strict_dates : a due or status date that is not an ISO date raises (the default); the
        validator reads with it off and reports every such cell.
    sheets : the workbook's sheets as :func:`read_sheets` read them, when the caller has them
        already (a workbook is read once, however many times it is checked).

    Returns
    -------
    Plan

    Raises
    ------
    PlanFormatError : a missing sheet or column, a date that is not a date, a confidence outside 0-1.
    LimitError : a workbook larger than cjgraph reads.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cjgraph.examples import tiny_plan
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "tiny"
    >>> write_plan(tiny_plan(), folder)
    >>> [a.ref for a in read_plan(folder).actions]
    ['A1', 'A2', 'A3']
    """
    source = Path(source)
    sheets = _sheets_for_plan(source, sheets)
    kv = {r.get("key", "").strip(): r.get("value", "").strip() for r in sheets["plan"]}
    info = PlanInfo(
        **{f.name: kv.get(f.name, "") or getattr(PlanInfo, f.name, "") for f in fields(PlanInfo) if f.name != "id"},
        id=kv.get("id", "") or source.stem,
    )
    actions = []
    for n, r in enumerate(sheets["actions"], start=2):
        due = _date(source, "actions", n, "due", r.get("due", "")) if strict_dates else _maybe(r.get("due", ""))
        sdate = (
            _date(source, "actions", n, "status_date", r.get("status_date", ""))
            if strict_dates
            else _maybe(r.get("status_date", ""))
        )
        actions.append(
            Action(
                ref=r.get("ref", ""),
                outcome=r.get("outcome", ""),
                text=r.get("text", ""),
                leads=_split(r.get("leads", "")),
                contributors=_split(r.get("contributors", "")),
                timescale=r.get("timescale", ""),
                due=due,
                needs=_split(r.get("needs", "")),
                needs_evidence=r.get("needs_evidence", ""),
                depends_on=_split(r.get("depends_on", "")),
                status=r.get("status", ""),
                status_date=sdate,
                notes=r.get("notes", ""),
                confidence=_confidence(source, n, r.get("confidence", "")),
                review=r.get("review", ""),
                source=r.get("source", ""),
            )
        )
    indicators = tuple(
        Indicator(r.get("outcome", ""), r.get("kind", ""), r.get("indicator", ""), r.get("better", "").strip().lower())
        for r in sheets["indicators"]
    )
    links = tuple(
        IndicatorLink(
            r.get("outcome", ""), r.get("indicator", ""), _split(r.get("linked_actions", "")), r.get("measures", "")
        )
        for r in sheets["indicator_links"]
    )
    partners = tuple(
        Partner(r.get("canonical", ""), _split(r.get("aliases", "")), r.get("kind", ""), r.get("scope", ""))
        for r in sheets["partners"]
    )
    issues = tuple(
        Issue(
            r.get("severity", ""),
            r.get("code", ""),
            r.get("message", ""),
            r.get("subject", ""),
            r.get("suggestion", ""),
            r.get("source", ""),
        )
        for r in sheets.get("issues", [])
    )
    return Plan(info, tuple(actions), indicators, links, partners, issues, *_history(source, sheets, strict_dates))


def _history(
    source: Path, sheets: dict[str, list[dict[str, str]]], strict: bool
) -> tuple[tuple[Update, ...], tuple[IndicatorValue, ...], tuple[Assessment, ...]]:
    """The plan's history sheets (none in an older workbook); with ``strict`` off, a date or a
    number that is not one is read as missing (the validator reports it)."""

    def when(n: int, sheet: str, column: str, value: str) -> date | None:
        return _date(source, sheet, n, column, value) if strict else _maybe(value)

    def figure(n: int, sheet: str, column: str, value: str) -> float | None:
        return _number(source, sheet, n, column, value) if strict else read_figure(value)

    updates = tuple(
        Update(
            ref=r.get("ref", ""),
            date=when(n, "progress", "date", r.get("date", "")),
            status=r.get("status", ""),
            revised_due=when(n, "progress", "revised_due", r.get("revised_due", "")),
            reason=r.get("reason", ""),
            note=r.get("note", ""),
            reported_by=r.get("reported_by", ""),
        )
        for n, r in enumerate(sheets.get("progress", []), start=2)
    )
    values = tuple(
        IndicatorValue(
            outcome=r.get("outcome", ""),
            indicator=r.get("indicator", ""),
            period=r.get("period", ""),
            value=figure(n, "indicator_values", "value", r.get("value", "")),
            unit=r.get("unit", ""),
            source=r.get("source", ""),
            note=r.get("note", ""),
        )
        for n, r in enumerate(sheets.get("indicator_values", []), start=2)
    )
    assessments = tuple(
        Assessment(
            outcome=r.get("outcome", ""),
            year=r.get("year", ""),
            score=figure(n, "self_assessment", "score", r.get("score", "")),
            scale=r.get("scale", ""),
            evidence=r.get("evidence", ""),
        )
        for n, r in enumerate(sheets.get("self_assessment", []), start=2)
    )
    return updates, values, assessments


def _number(source: Path, sheet: str, row: int, column: str, value: str) -> float | None:
    number = read_figure(value)
    if value.strip() and number is None:
        raise PlanFormatError(
            f"{source}: sheet {sheet!r} row {row}: {column} {value!r} is not a number (write it as 12.5, "
            "without words)."
        )
    return number


def _maybe(value: str) -> date | None:
    return read_day(value) if value else None
