"""Check a hand-edited plan workbook and report every problem at once, with sheet and row.

Errors make the workbook unusable for the questions (an unknown outcome key, a duplicate
ref, a due that is not a date, a lead nobody knows, ...): every command stops on them.
Warnings mean, here as in ``extract``, that an answer may be wrong until a person looks (an
action with no lead, a link to a dropped action, and every warning ``extract`` wrote on the
issues sheet that is still there); notes (``info``) say how something was read.
``--strict`` treats warnings as errors.

Examples
--------
>>> from cjgraph.model import Plan, PlanInfo, Action, Partner
>>> plan = Plan(PlanInfo(id="demo"), actions=(Action("A1", "nowhere", "Do it.", leads=("Police",)),))
>>> [p.code for p in check_plan(plan)]
['unknown-outcome', 'lead-not-in-partners']
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from cjgraph.cells import has_control, read_day
from cjgraph.errors import FrameworkError, PlanFormatError
from cjgraph.framework import DEFAULT_FRAMEWORK, load_framework, load_needs
from cjgraph.model import (
    BETTER,
    INDICATOR_KINDS,
    PARTNER_KINDS,
    PARTNER_SCOPES,
    STATUSES,
    Action,
    Issue,
    Partner,
    Plan,
)
from cjgraph.names import closest, fold, look_alike, unconfuse
from cjgraph.progress import check_history, check_history_cells, read_status_cell, settle_history
from cjgraph.timescales import parse_timescale
from cjgraph.workbook import SHEETS, read_plan, read_sheets

__all__ = ["check_plan", "settle_plan", "validate_workbook", "load_checked"]


def _p(severity: str, code: str, sheet: str, row: int, message: str, subject: str = "") -> Issue:
    return Issue(severity, code, message, subject=subject, source=f"{sheet} row {row}")


def settle_plan(plan: Plan) -> tuple[Plan, list[Issue]]:
    """A hand-edited plan read as ``extract`` would read it, and notes of what was read so:

    - a status in planners' words ("Green", "Done", "At risk") becomes the status it means;
    - a lead or contributor cell written with commas or semicolons ("Police Scotland, SPS") is
      split when every part is a known name (ambiguous ones are left for :func:`check_plan`);
    - a name is resolved as the registry and the partners sheet spell it ("SPS" → "Scottish
      Prison Service"); a body in the registry but not on the partners sheet (a new lead such as
      "Scottish Ambulance Service") is added to the plan's partners and reported as new; a
      partners-sheet row naming a registry body ("SAS", or one with no kind) is that body;
    - a status in free text ("Delayed - awaiting funding") is the status word in it, its words
      kept in the notes (warned);
    - a new action typed with a timescale and no due date gets the due date ``extract`` gives it.

    >>> from cjgraph.model import Action, Partner, PlanInfo
    >>> plan = Plan(PlanInfo(id="p"), actions=(Action("A1", "access", "Do.", leads=("SPS, Police",),
    ...     status="Green"),), partners=(Partner("Police Scotland", aliases=("Police",)),))
    >>> settled, notes = settle_plan(plan)
    >>> settled.actions[0].leads, settled.actions[0].status
    (('Scottish Prison Service', 'Police Scotland'), 'on-track')
    >>> [n.code for n in notes]
    ['partner-from-registry', 'status-read', 'names-split', 'name-resolved', 'name-resolved', 'new-partner']
    """
    from dataclasses import replace

    from cjgraph.framework import load_table_words

    words = load_table_words().status_words
    partners, read = _settle_partners(plan.partners)
    plan = replace(plan, partners=partners)
    names = _Names(plan)
    names.notes += read
    actions = []
    for n, a in enumerate(plan.actions, start=2):
        status, notes, said = read_status_cell(a.status, a.notes, words)
        if said:
            quiet = notes == a.notes  # a planner's word for a status; otherwise free text, kept in the notes
            code, severity = ("status-read", "info") if quiet else ("status-in-words", "warning")
            names.note(code, n, said, a.status, severity)
        leads, contributors = (names.cell(cell, n, a.ref) for cell in (a.leads, a.contributors))
        due = _due(a, plan.info.period_start, n, names)
        actions.append(replace(a, status=status, notes=notes, leads=leads, contributors=contributors, due=due))
    for name in names.added:
        names.notes.append(
            _p(
                "info",
                "new-partner",
                "partners",
                len(plan.partners) + 2,
                f"{name!r} is a new partner of the plan (from the registry of Scottish bodies)",
                name,
            )
        )
    settled = replace(plan, actions=tuple(actions), partners=(*plan.partners, *names.added.values()))
    settled, history = settle_history(settled)
    return settled, names.notes + history


def _settle_partners(partners: tuple[Partner, ...]) -> tuple[tuple[Partner, ...], list[Issue]]:
    """The partners sheet read as the leads column is: a row with no kind naming a body of the
    registry, by an abbreviation or another name ("SAS"), is that body (the name written kept as
    an alias), its kind and scope the registry's."""
    from dataclasses import replace

    from cjgraph.framework import registry_entry

    out, notes = [], []
    for n, p in enumerate(partners, start=2):
        body = registry_entry(p.canonical)
        if body is None or p.kind:  # a row the partnership filled in is its own name for the body
            out.append(p)
            continue
        aliases = tuple(dict.fromkeys(a for a in (*p.aliases, p.canonical) if a != body.canonical))
        filled = replace(p, canonical=body.canonical, aliases=aliases, kind=body.kind, scope=body.scope)
        said = f"{p.canonical!r} is read as {body.canonical!r} ({filled.kind}, {filled.scope}), from the registry"
        said += " of Scottish bodies"
        notes.append(_p("info", "partner-from-registry", "partners", n, said, p.canonical))
        out.append(filled)
    return tuple(out), notes


def _due(a: Action, period_start: str, row: int, names: _Names) -> date | None:
    """An action's due date: as written, or read from its timescale as ``extract`` reads it when
    the due column is blank (a new row typed with a timescale only); a due date its timescale
    contradicts is kept and warned."""
    if not a.timescale:
        return a.due
    said = parse_timescale(a.timescale, period_start=period_start).due
    if a.due is None and said is not None:
        names.note(
            "due-read", row, f"the due date of {a.ref} is read from its timescale {a.timescale!r}: {said}", a.ref
        )
        return said
    if a.due is not None and said is not None and said != a.due:
        message = f"the timescale {a.timescale!r} of {a.ref} says {said}, its due date {a.due}; the due date is kept"
        names.note("due-disagrees", row, message, a.ref, "warning")
    return a.due


class _Names:
    """How :func:`settle_plan` reads the names of one plan's cells, and what it notes on the way."""

    def __init__(self, plan: Plan) -> None:

        self.plan = plan
        self.sheet = {fold(n): p.canonical for p in plan.partners for n in (p.canonical, *p.aliases)}
        self.added: dict[str, Partner] = {}
        self.notes: list[Issue] = []
        self.said: set[tuple[str, str]] = set()

    def note(self, code: str, row: int, message: str, subject: str, severity: str = "info") -> None:
        if (code, subject) not in self.said:  # each reading reported once
            self.said.add((code, subject))
            self.notes.append(_p(severity, code, "actions", row, message, subject))

    def cell(self, names: tuple[str, ...], row: int, ref: str) -> tuple[str, ...]:
        """A lead or contributor cell's names as the plan knows them."""
        out: list[str] = []
        for name in names:
            parts = [p.strip() for p in name.replace(";", ",").split(",") if p.strip()]
            if len(parts) > 1 and self.known(name, row) is None and all(self.known(p, row) for p in parts):
                message = f"{name!r} of {ref} is read as {len(parts)} names: {', '.join(parts)}"
                self.note("names-split", row, message, name)
            else:
                parts = [name]
            for part in parts:
                folded = unconfuse(part)[0]
                canonical = self.known(part, row) or folded  # a new name too is kept without hidden characters
                if canonical not in (part, folded):
                    self.note("name-resolved", row, f"{part!r} is read as {canonical!r}", part)
                if canonical not in out:
                    out.append(canonical)
        return tuple(out)

    def known(self, name: str, row: int) -> str | None:
        """The canonical name ``name`` stands for, or None; a name matching only once look-alike
        characters are folded ("Pоlice Scotland" with a Cyrillic "о") is read so, and warned."""
        found = self._plain(name)  # names are compared folded, look-alikes included
        folded, hidden = unconfuse(name)
        if hidden:
            message = look_alike(name, found or folded, found is not None, hidden)
            self.note("look-alike-name", row, message, name, severity="warning")
        return found

    def _plain(self, name: str) -> str | None:
        from cjgraph.framework import registry_entry
        from cjgraph.model import Partner

        if fold(name) in self.sheet:
            return self.sheet[fold(name)]
        body = registry_entry(name)
        if body is None:
            return None
        if body.canonical not in {p.canonical for p in self.plan.partners} and body.canonical not in self.added:
            self.added[body.canonical] = Partner(body.canonical, (name,), body.kind, body.scope)
        return body.canonical


def _closest(name: str, plan: Plan) -> list[str]:
    """Up to two known names closest to a mistyped one: the plan's partners first, then the
    registry's bodies."""
    from cjgraph.framework import load_registry

    return closest(name, [p.canonical for p in plan.partners]) or closest(name, [b.canonical for b in load_registry()])


def check_plan(plan: Plan) -> list[Issue]:
    """Every problem of a plan, in sheet and row order (rows count the header as row 1): one
    checker per sheet, their findings joined."""
    out: list[Issue] = []
    try:
        fw = load_framework(plan.info.framework or DEFAULT_FRAMEWORK)
        outcomes = set(fw.keys)
    except FrameworkError as e:
        out.append(_p("error", "unknown-framework", "plan", 1, str(e)))
        outcomes = set()
    out += _check_info(plan)
    out += _check_actions(plan, outcomes)
    out += _check_indicators(plan, outcomes)
    out += _check_links(plan, outcomes)
    out += _check_partners(plan)
    out += _check_issues(plan)
    out += check_history(plan, outcomes)
    return out


def _check_info(plan: Plan) -> list[Issue]:
    out = []
    for field_name in ("period_start", "period_end"):
        value = getattr(plan.info, field_name)
        if value and not _is_date(value):
            out.append(
                _p("error", "bad-date", "plan", 1, f"{field_name} {value!r} is not a date (2018-06-30 or 30/06/2018)")
            )
    if not plan.info.id:
        out.append(_p("error", "missing-id", "plan", 1, "the plan has no id"))
    return out


def _check_actions(plan: Plan, outcomes: set[str]) -> list[Issue]:
    out: list[Issue] = []
    refs = Counter(a.ref for a in plan.actions)
    needs = {n.key for n in load_needs()}
    partners = {p.canonical for p in plan.partners}
    framework = plan.info.framework or DEFAULT_FRAMEWORK
    for n, a in enumerate(plan.actions, start=2):
        what = f"action {a.ref}" if a.ref else "the action"
        who = a.ref or "the action without a ref"
        if not a.ref:
            out.append(_p("error", "missing-ref", "actions", n, "the action has no ref"))
        elif refs[a.ref] > 1:
            out.append(_p("error", "duplicate-ref", "actions", n, f"ref {a.ref!r} is used {refs[a.ref]} times", a.ref))
        if outcomes and a.outcome not in outcomes:
            known = ", ".join(sorted(outcomes))
            said = f"outcome {a.outcome!r} of {who} is not a key of {framework} ({known})"
            out.append(_p("error", "unknown-outcome", "actions", n, said, a.ref))
        if not a.text.strip():
            out.append(_p("error", "missing-text", "actions", n, f"{what} has no text", a.ref))
        if not a.leads:
            out.append(_p("warning", "action-without-lead", "actions", n, f"{what} has no lead", a.ref))
        out += _check_names(plan, n, a, who, partners)
        for dep in a.depends_on:
            if dep not in refs:
                said = f"{who} depends on {dep!r}, which is not an action ref"
                out.append(_p("error", "depends-on-missing-ref", "actions", n, said, dep))
        for need in a.needs:
            if need not in needs:
                said = f"need {need!r} of {who} is not one of {', '.join(sorted(needs))}"
                out.append(_p("error", "unknown-need", "actions", n, said, need))
        if a.status and a.status not in STATUSES:
            said = f"status {a.status!r} of {who} is not one of {', '.join(STATUSES)}"
            out.append(_p("error", "unknown-status", "actions", n, said, a.ref))
    return out


def _check_names(plan: Plan, n: int, a: Action, who: str, partners: set[str]) -> list[Issue]:
    """The leads and contributors of one action that are not partners of the plan, each with the
    names it may have meant."""
    out = []
    for name in (*a.leads, *a.contributors):
        if name in partners:
            continue
        role = "lead" if name in a.leads else "contributor"
        near = _closest(name, plan)
        hint = f" (did you mean {' or '.join(repr(x) for x in near)}?)" if near else ""
        if "," in name or ";" in name:  # a list whose parts are not all known names
            hint += "; several names in one cell are written with ' | ' between them"
        said = (
            f"{role} {name!r} of {who} is neither on the partners sheet nor in the registry of Scottish "
            f"bodies{hint}; correct it, or add it to the partners sheet"
        )
        out.append(_p("error", f"{role}-not-in-partners", "actions", n, said, name))
    return out


def _check_indicators(plan: Plan, outcomes: set[str]) -> list[Issue]:
    out = []
    for n, ind in enumerate(plan.indicators, start=2):
        if outcomes and ind.outcome not in outcomes:
            said = f"outcome {ind.outcome!r} is not a framework key"
            out.append(_p("error", "unknown-outcome", "indicators", n, said))
        if ind.kind not in INDICATOR_KINDS:
            said = f"kind {ind.kind!r} is not one of {', '.join(INDICATOR_KINDS)}"
            out.append(_p("error", "unknown-kind", "indicators", n, said))
        if not ind.indicator.strip():
            out.append(_p("error", "missing-text", "indicators", n, "the indicator has no text"))
        if ind.better and ind.better not in BETTER:
            said = f"better {ind.better!r} is not higher or lower (leave it blank when neither way is better)"
            out.append(_p("error", "unknown-better", "indicators", n, said))
    return out


def _check_links(plan: Plan, outcomes: set[str]) -> list[Issue]:
    out = []
    refs = {a.ref for a in plan.actions}
    indicator_texts = {(i.outcome, i.indicator) for i in plan.indicators}
    for n, link in enumerate(plan.indicator_links, start=2):
        if outcomes and link.outcome not in outcomes:
            said = f"outcome {link.outcome!r} is not a framework key"
            out.append(_p("error", "unknown-outcome", "indicator_links", n, said))
        if (link.outcome, link.indicator) not in indicator_texts:
            said = f"indicator {link.indicator[:60]!r} is not on the indicators sheet"
            out.append(_p("warning", "link-to-unknown-indicator", "indicator_links", n, said))
        for ref in link.linked_actions:
            if ref not in refs:
                said = f"linked action {ref!r} is not an action ref (an action dropped?); the link is left out"
                out.append(_p("warning", "link-to-missing-ref", "indicator_links", n, said, ref))
    return out


def _check_partners(plan: Plan) -> list[Issue]:
    out = []
    names = Counter(p.canonical for p in plan.partners)
    for n, p in enumerate(plan.partners, start=2):
        if not p.canonical.strip():
            out.append(_p("error", "missing-name", "partners", n, "the partner has no name (column canonical)"))
        elif names[p.canonical] > 1:
            out.append(_p("error", "duplicate-partner", "partners", n, f"partner {p.canonical!r} is listed twice"))
        if p.kind not in PARTNER_KINDS:
            said = f"kind {p.kind!r} of {p.canonical!r} is not one of {', '.join(PARTNER_KINDS)}"
            out.append(_p("error", "unknown-kind", "partners", n, said))
        if p.scope not in PARTNER_SCOPES:
            said = f"scope {p.scope!r} of {p.canonical!r} is not national or local"
            out.append(_p("error", "unknown-scope", "partners", n, said))
    return out


def _check_issues(plan: Plan) -> list[Issue]:
    """One meaning of "warning": what extract warned of stays a warning here, on the issues sheet
    it wrote, until a person deals with it and deletes the row."""
    out = []
    for n, issue in enumerate(plan.issues, start=2):
        if issue.severity in ("error", "warning"):
            where = f" ({issue.source})" if issue.source else ""
            said = f"{issue.message}{where}; delete this row of the issues sheet once it is dealt with"
            out.append(_p("warning", issue.code, "issues", n, said, issue.subject))
    return out


def validate_workbook(source: str | Path, sheets: dict[str, list[dict[str, str]]] | None = None) -> list[Issue]:
    """Read a workbook leniently and return every problem (bad dates included) at once
    (``sheets``: its sheets, when the caller has read them already)."""
    source = Path(source)
    sheets = read_sheets(source) if sheets is None else sheets
    problems: list[Issue] = []
    for n, row in enumerate(sheets["actions"], start=2):
        for col in ("due", "status_date"):
            value = row.get(col, "")
            if value and not _is_date(value):
                problems.append(
                    _p(
                        "error",
                        "bad-date",
                        "actions",
                        n,
                        f"{col} {value!r} of {row.get('ref', '?')} is not a date (2018-06-30 or 30/06/2018)",
                    )
                )
    problems += check_history_cells(sheets)
    for sheet, rows in sheets.items():
        for n, row in enumerate(rows, start=2):
            for col, value in row.items():
                if value and has_control(value):
                    problems.append(
                        _p(
                            "warning",
                            "control-characters",
                            sheet,
                            n,
                            f"{col} {value[:40]!r} holds control characters (NUL, escape, …); they are removed when "
                            "the workbook is read",
                        )
                    )
    plan, notes = settle_plan(read_plan(source, strict_dates=False, sheets=sheets))
    problems.extend(notes)
    problems.extend(check_plan(plan))
    return sorted(problems, key=_order)


def load_checked(source: str | Path, *, strict: bool = False) -> tuple[Plan, list[Issue]]:
    """The plan of a workbook as every command reads it: checked as :func:`validate_workbook`
    checks it, with the planner's edits settled (:func:`settle_plan`). Errors (warnings too,
    with ``strict``) raise :class:`PlanFormatError` listing each with its sheet and row; the
    warnings and notes are returned for the caller to show once."""
    source = Path(source)
    sheets = read_sheets(source)  # once: checked, then read
    problems = validate_workbook(source, sheets)
    stopping = [p for p in problems if p.severity == "error" or (strict and p.severity == "warning")]
    if stopping:
        shown = "\n".join(f"  {p.source}: {p.message}" for p in stopping[:20])
        more = f"\n  … and {len(stopping) - 20} more" if len(stopping) > 20 else ""
        kind = ("problem" if strict else "error") + ("s" if len(stopping) != 1 else "")
        raise PlanFormatError(
            f"{source}: {len(stopping)} {kind} in the workbook; nothing was answered. Fix them (cjgraph validate "
            f"{source} lists every problem):\n{shown}{more}"
        )
    plan, _ = settle_plan(read_plan(source, sheets=sheets))
    return plan, [p for p in problems if p.severity != "error"]


def _order(issue: Issue) -> tuple[int, int]:
    sheet, _, row = issue.source.partition(" row ")
    sheets = SHEETS
    return (sheets.index(sheet) if sheet in sheets else 9, int(row) if row.isdigit() else 0)


def _is_date(value: str) -> bool:
    return read_day(value) is not None
