"""The annual performance report as a Word document a planner edits as their own: Word's heading
styles (so the navigation pane and a table of contents work), tables whose header row repeats
on every page, and a marked placeholder — the "Placeholder" style, in square brackets — wherever
only the partnership can write (governance, sign-off, how far an outcome was achieved, people's
stories). Nothing is looked up here: the document draws the records of
:mod:`cjgraph.queries.annual`, figures with the workbook rows they come from.

The file records a digest of its text; cjgraph replaces it only while it is unchanged, so a
draft a planner has started editing is never overwritten (``--force`` to do so).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cjgraph.atomic import atomic_file
from cjgraph.queries.annual import GROUPS, AnnualReturn, NationalReturn, YearAction, YearOutcome

__all__ = ["write_annual_report", "write_national_report", "PLACEHOLDER"]

PLACEHOLDER = "Placeholder"  # the style of what only people can write
_WIDTH_CM = 17.0  # A4 less 2 cm margins
_STAMP = "cjgraph annual-report sha256:"


def _document() -> Any:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    for section in doc.sections:  # A4, as Scottish public bodies print
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.0)
    style = doc.styles.add_style(PLACEHOLDER, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.italic = True
    style.font.color.rgb = RGBColor(0x9C, 0x27, 0x00)
    doc.styles["Normal"].font.size = Pt(10)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):  # Arial: on every Word and LibreOffice
        doc.styles[name].font.name = "Arial"
        fonts = doc.styles[name].element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    return doc


def _placeholder(doc: Any, what: str, who: str = "the partnership") -> None:
    doc.add_paragraph(f"[To be written by {who}: {what}]", style=PLACEHOLDER)


def _table(doc: Any, header: Sequence[str] | None, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    """A table with a bold header row that repeats on every page (none without ``header``), its
    columns ``widths`` parts of the page's width."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    whole = OxmlElement("w:tblW")  # the page's width, which LibreOffice otherwise narrows
    whole.set(qn("w:w"), str(int(_WIDTH_CM * 567)))
    whole.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(whole)
    if header:
        first = table.add_row()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        first._tr.get_or_add_trPr().append(repeat)
        for cell, text in zip(first.cells, header, strict=True):
            run = cell.paragraphs[0].add_run(text)
            run.bold, run.font.size = True, Pt(9)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(9)
    for column, part in zip(table.columns, widths, strict=True):
        column.width = Cm(_WIDTH_CM * part / sum(widths))  # the grid, which LibreOffice follows
        for cell in column.cells:
            cell.width = column.width  # each cell, which Word follows
    doc.add_paragraph()


def _figure(x: float | None) -> str:
    return "not recorded" if x is None else f"{x:g}"


def _change(before: float | None, after: float | None, judged: str = "") -> str:
    if before is None or after is None:
        return "no earlier value" if after is not None else ""
    change = after - before
    word = "no change" if change == 0 else f"{'up' if change > 0 else 'down'} {abs(change):g}"
    return f"{word} ({judged})" if judged and judged != "no change" else word


def _action_rows(actions: Sequence[YearAction]) -> list[list[str]]:
    rows = []
    for a in actions:
        due = a.original_due or "none"
        if a.due != a.original_due:
            due = f"{a.original_due or 'none'}, revised to {a.due}"
        why = "; ".join([*a.reasons, *([a.note] if a.note else [])])
        rows.append([a.ref, a.text, ", ".join(a.leads) or "no lead", _STATUS[a.status], due, why, a.source])
    return rows


_STATUS = {  # the workbook's statuses in a report's words
    "complete": "Complete",
    "on-track": "On track",
    "at-risk": "At risk",
    "off-track": "Off track",
    "not-started": "Not started",
    "": "No update reported",
}
_ACTION_HEADER = ("Ref", "Action", "Lead", "Status", "Due", "Reason for revision; note", "From")
_ACTION_WIDTHS = (1.5, 4.0, 2.5, 2.0, 2.4, 2.6, 2.0)  # cm


def _outcome(doc: Any, o: YearOutcome, r: AnnualReturn) -> None:
    doc.add_heading(o.title, level=2)
    counts = ", ".join(f"{GROUPS[g].split(' (')[0].lower()} {o.count(g)}" for g in GROUPS)
    if o.actions:
        doc.add_paragraph(f"Actions taken in {r.year}: {len(o.actions)} ({counts}).")
    if o.not_reported:
        doc.add_paragraph(f"No progress reported in {r.year} on: {', '.join(o.not_reported)}.")
    if o.also:
        doc.add_paragraph(f"Also served by {', '.join(o.also)}, told under their own outcomes.")
    if not (o.actions or o.not_reported or o.also):
        doc.add_paragraph("No action of the plan serves this outcome.")
    for group, heading in GROUPS.items():
        mine = [a for a in o.actions if a.group == group]
        if mine:
            doc.add_heading(heading, level=3)
            _table(doc, _ACTION_HEADER, _action_rows(mine), _ACTION_WIDTHS)
    _indicators(doc, o, r)
    _assessment(doc, o, r)
    _placeholder(doc, f"how far this outcome was achieved in {r.year}, with reference to the indicators above.")


def _indicators(doc: Any, o: YearOutcome, r: AnnualReturn) -> None:
    doc.add_heading("Indicators", level=3)
    if not o.indicators:
        doc.add_paragraph("Neither the plan nor its framework lists an indicator for this outcome.")
        return
    last = f"{int(r.year[:4]) - 1}-{r.year[2:4]}"
    listed = [i for i in o.indicators if i.node]
    rows = [
        [
            i.indicator,
            i.kind,
            _figure(i.previous),
            _figure(i.value),
            _change(i.previous, i.value, i.judged),
            "; ".join(i.quarters),
            i.source or "no value recorded",
        ]
        for i in listed
    ]
    if rows:
        header = ("Indicator", "Kind", last, r.year, "Movement", "Quarters", "From")
        _table(doc, header, rows, (3.7, 1.8, 1.6, 1.6, 2.2, 2.5, 3.0))
    others = [i.indicator for i in o.indicators if not i.node]
    if others:
        doc.add_paragraph(
            "The framework's national indicators for this outcome that the plan's indicators sheet does not "
            f"list, so no value is recorded: {'; '.join(others)}."
        )


def _assessment(doc: Any, o: YearOutcome, r: AnnualReturn) -> None:
    doc.add_heading("Self-assessment", level=3)
    if o.score is None:
        doc.add_paragraph(f"No self-assessment recorded for {r.year}.")
        return
    scale = f" on a scale of {o.scale}" if o.scale else ""
    before = (
        f"; last year {o.previous_score:g}, {_change(o.previous_score, o.score)}"
        if o.previous_score is not None
        else ""
    )
    evidence = f" Evidence: {o.evidence}." if o.evidence else ""
    doc.add_paragraph(f"{o.score:g}{scale}{before} ({o.score_source}).{evidence}")


def _front(doc: Any, r: AnnualReturn) -> None:
    doc.add_heading(f"Community justice annual performance report {r.year}", level=0)
    if r.history_note:
        doc.add_paragraph().add_run(r.history_note[:1].upper() + r.history_note[1:]).bold = True
    doc.add_paragraph(
        f"Drafted by cjgraph from the plan's workbook: every figure names the workbook row it comes from. "
        f"Text in the Placeholder style, in square brackets, is for the partnership to write. The reporting "
        f"year runs from {r.start} to {r.end}."
    )
    doc.add_heading("1. The partnership and the plan", level=1)
    _table(
        doc,
        None,
        [
            ["Partnership", r.partnership or "not recorded"],
            ["Plan", f"{r.title} ({r.plan})"],
            ["Period", r.period],
            ["Framework", r.framework],
            ["Reporting year", f"{r.year} ({r.start} to {r.end})"],
        ],
        (1, 3),
    )
    _placeholder(doc, "the partnership's members, its chair and the sign-off of this report, with its date.")
    doc.add_heading("2. Governance", level=1)
    _placeholder(doc, "how the partnership is governed and how it followed its plan this year.")
    doc.add_heading("3. Progress on last year's recommendations", level=1)
    _placeholder(doc, "each recommendation of last year's report and what was done about it.")


def _back(doc: Any, r: AnnualReturn) -> None:
    doc.add_heading("5. Other local outcomes", level=1)
    _placeholder(
        doc, "any local outcome of the plan; the workbook reads each action under the national outcome it serves."
    )
    doc.add_heading("6. Achievements and challenges", level=1)
    taken = sum(len(o.actions) for o in r.outcomes)
    doc.add_paragraph(
        f"Of the {taken} actions taken in {r.year}: completed {r.count('completed')}; timescale revised "
        f"{len(r.slipped)}; outstanding at the year's end {r.count('outstanding')}."
    )
    if r.slipped:
        doc.add_heading("Revised timescales", level=3)
        rows = [
            [
                s.ref,
                ", ".join(s.leads),
                s.original_due,
                s.revised_due,
                str(s.days),
                "; ".join(s.reasons) or "none given",
            ]
            for s in r.slipped
        ]
        _table(
            doc, ("Ref", "Lead", "Original due", "Revised due", "Days", "Reasons"), rows, (1.3, 3.5, 2.4, 2.4, 1.2, 6.2)
        )
    _placeholder(doc, "the year's achievements and challenges in the partnership's words, and people's stories.")
    doc.add_heading("7. Next steps", level=1)
    doc.add_paragraph(f"Actions not complete at {r.end}, carried into next year: {len(r.carried)}.")
    if r.carried:
        _table(doc, _ACTION_HEADER, _action_rows(r.carried), _ACTION_WIDTHS)
    _placeholder(doc, "the partnership's priorities and recommendations for next year.")


def annual_report_document(r: AnnualReturn) -> Any:
    """The plan's annual report as a python-docx ``Document``."""
    doc = _document()
    doc.core_properties.title = f"Community justice annual performance report {r.year}: {r.title}"
    doc.core_properties.author = "cjgraph"
    _front(doc, r)
    doc.add_heading("4. Performance against the national outcomes", level=1)
    for o in r.outcomes:
        _outcome(doc, o, r)
    _back(doc, r)
    return doc


_NATIONAL_HEADER = (
    "Outcome",
    "Plans reporting",
    "Actions taken",
    "Completed",
    "Revised",
    "Outstanding",
    "No report",
    "Self-assessed",
)
_BODIES_HEADER = ("Partner", "Plans", "Actions led", "Taken in the year", "Revised", "Outstanding")


def national_report_document(n: NationalReturn) -> Any:
    """Every plan's year together, per national outcome and per national body."""
    doc = _document()
    doc.core_properties.title = f"Community justice across partnerships {n.year}"
    doc.core_properties.author = "cjgraph"
    doc.add_heading(f"Community justice across partnerships {n.year}", level=0)
    doc.add_paragraph(f"Drafted by cjgraph from {len(n.plans)} plans' workbooks: {', '.join(n.plans)}.")
    doc.add_heading("Per national outcome", level=1)
    for framework in dict.fromkeys(o.framework for o in n.outcomes):
        doc.add_heading(framework, level=2)
        rows = [
            [o.title, f"{o.reporting} of {o.plans}", *map(str, (o.actions, o.completed, o.revised, o.outstanding))]
            + [str(o.not_reported), f"{o.assessed} of {o.plans}"]
            for o in n.outcomes
            if o.framework == framework
        ]
        _table(doc, _NATIONAL_HEADER, rows, (4.0, 1.9, 1.7, 1.9, 1.7, 2.1, 1.6, 2.1))
    doc.add_heading("National bodies", level=1)
    doc.add_paragraph("Partners of national scope, most actions led first: their load and slippage across the plans.")
    rows = [[b.partner, *map(str, (b.plans, b.led, b.taken, b.revised, b.outstanding))] for b in n.bodies]
    _table(doc, _BODIES_HEADER, rows, (5.5, 1.6, 1.8, 2.2, 1.8, 2.2))
    _placeholder(
        doc, "the national picture in words: what the partnerships achieved and what holds them back.", "its author"
    )
    return doc


def write_annual_report(r: AnnualReturn, out: str | Path, *, force: bool = False) -> None:
    """Write the plan's annual report to ``out`` (.docx), whole or not at all."""
    _save(annual_report_document(r), Path(out), force=force)


def write_national_report(n: NationalReturn, out: str | Path, *, force: bool = False) -> None:
    """Write the report across plans to ``out`` (.docx), whole or not at all."""
    _save(national_report_document(n), Path(out), force=force)


def _save(doc: Any, out: Path, *, force: bool) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    doc.core_properties.identifier = _STAMP + _digest(buffer.getvalue())
    with atomic_file(out, kind="annual-report", force=force, owner=_owner) as tmp:
        doc.save(str(tmp))


def _digest(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return hashlib.sha256(z.read("word/document.xml")).hexdigest()


def _owner(path: Path) -> tuple[str | None, bool]:
    """Whether cjgraph wrote ``path`` as an annual report, and whether its text is unchanged since."""
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
        now = _digest(data)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None, False
    if _STAMP not in core:
        return None, False
    return "annual-report", _STAMP + now in core
