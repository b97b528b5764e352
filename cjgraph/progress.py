"""A plan's history as a planner keeps it in the workbook: read as ``extract`` reads words, and
checked row by row (see :mod:`cjgraph.validate`, which calls both).

- ``progress``: a row per progress report on an action. Its status is read from planners' words
  and the Scottish Government delivery plan's ("Green", "In progress", "Outstanding"); the latest
  report (by date) gives the action's current status; the action's own due date stays the one
  the plan gave, a revised due date lives on the report with its reason.
- ``indicator_values``: an indicator's value per reporting year (1 April to 31 March, written
  "2023-24") or a quarter of one ("2023-24 Q2").
- ``self_assessment``: an outcome's score per reporting year, on a scale ("1-10").

Examples
--------
>>> from datetime import date
>>> from cjgraph.model import Action, Plan, PlanInfo, Update
>>> plan = Plan(PlanInfo(id="p", period_start="2018-04-01"), actions=(Action("A1", "access", "Do."),),
...     updates=(Update("A1", date(2018, 6, 30), "Green"), Update("A1", date(2018, 9, 30), "Amber")))
>>> settled, notes = settle_history(plan)
>>> settled.actions[0].status, settled.actions[0].status_date
('at-risk', datetime.date(2018, 9, 30))
>>> [n.code for n in notes]
['status-read', 'status-read']
>>> reporting_year("2023/2024"), reporting_year("2023-24 q2"), reporting_year("last year")
('2023-24', '2023-24 Q2', None)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from cjgraph.cells import read_day
from cjgraph.model import STATUSES, Action, Issue, Plan, Update
from cjgraph.names import closest
from cjgraph.numbers import read_figure

__all__ = [
    "settle_history",
    "check_history",
    "check_history_cells",
    "reporting_year",
    "reporting_quarter",
    "year_bounds",
]

_YEAR = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*(?:\(?\s*q(?:uarter)?\s*([1-4])\s*\)?)?\s*$", re.IGNORECASE)


def reporting_year(text: str) -> str | None:
    """A reporting year (or a quarter of one) as the workbook writes it ("2023-24", "2023-24 Q2"),
    from the ways people write it ("2023/24", "2023-2024", "2023-24 quarter 2"); None when it is
    not one (the second year must follow the first)."""
    m = _YEAR.match(text)
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(2)[-2:])
    if (first + 1) % 100 != second or (len(m.group(2)) == 4 and int(m.group(2)) != first + 1):
        return None
    return f"{first}-{second:02d}" + (f" Q{m.group(3)}" if m.group(3) else "")


def reporting_quarter(day: date) -> tuple[str, str]:
    """The quarter of the reporting year (1 April to 31 March) a date falls in, and its last day.

    >>> reporting_quarter(date(2018, 6, 30)), reporting_quarter(date(2020, 1, 31))
    (('2018-19 Q1', '2018-06-30'), ('2019-20 Q4', '2020-03-31'))
    """
    first = day.year if day.month >= 4 else day.year - 1
    q = (day.month - 4) % 12 // 3 + 1
    end_month = (q * 3 + 3 - 1) % 12 + 1
    end_year = first + (1 if end_month <= 3 else 0)
    end = date(end_year, end_month, 31 if end_month in (3, 12) else 30)
    return f"{first}-{(first + 1) % 100:02d} Q{q}", end.isoformat()


def year_bounds(year: str) -> tuple[date, date]:
    """The first and last day of a reporting year as people write it ("2023-24", "2023/24").

    >>> year_bounds("2023/24")
    (datetime.date(2023, 4, 1), datetime.date(2024, 3, 31))

    Raises
    ------
    UsageError : not a reporting year (a quarter is not one either).
    """
    from cjgraph.errors import UsageError

    said = reporting_year(year)
    if said is None or " Q" in said:
        raise UsageError(f"{year!r} is not a reporting year; give one such as 2023-24 (1 April to 31 March).")
    first = int(said[:4])
    return date(first, 4, 1), date(first + 1, 3, 31)


def _p(severity: str, code: str, sheet: str, row: int, message: str, subject: str = "") -> Issue:
    return Issue(severity, code, message, subject=subject, source=f"{sheet} row {row}")


def read_status(text: str, words: dict[str, str]) -> tuple[str, str]:
    """A status cell as written, and how it was read: ``("on-track", "")`` a status as the
    workbook writes it; ``"word"`` a planner's word for one ("Green", "In progress");
    ``"nearest"`` free text holding one ("Delayed - awaiting funding": off track, the first status
    word in it that is not negated); ``"none"`` free text holding none (read as no status).

    >>> from cjgraph.framework import load_table_words
    >>> words = load_table_words().status_words
    >>> [read_status(t, words) for t in ("at-risk", "Amber", "Delayed - awaiting funding", "Not complete yet", "Tbc")]
    [('at-risk', ''), ('at-risk', 'word'), ('off-track', 'nearest'), ('', 'none'), ('', 'none')]
    """
    said = " ".join(text.lower().split())
    if not said or text in STATUSES:
        return text, ""
    if said in words:
        return words[said], "word"
    found = []
    for word, status in words.items():
        if len(word) < 3:  # "a", "g", "r": letters inside prose are not statuses
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", said):
            if not re.search(r"\b(not|no|un|never)\s*$", said[: m.start()]):
                found.append((m.start(), -len(word), status))
    return (min(found)[2], "nearest") if found else ("", "none")


def read_status_cell(status: str, note: str, words: dict[str, str]) -> tuple[str, str, str]:
    """A status cell read (:func:`read_status`), the note it leaves (free text kept in front of
    the note), and what to say of it ("" when nothing)."""
    read, how = read_status(status, words)
    if how in ("", "word"):
        return read, note, f"status {status!r} is read as {read!r}" if how else ""
    kept = status + (f"; {note}" if note else "")
    if how == "nearest":
        return read, kept, f"status {status!r} is read as {read!r}; its words are kept in the note"
    said = f"status {status!r} holds no status: read as none, its words kept in the note (one of "
    said += f"{', '.join(STATUSES)} is read)"
    return "", kept, said


def settle_history(plan: Plan) -> tuple[Plan, list[Issue]]:
    """The history read as every command reads it: statuses in people's words read as the
    workbook's, reporting years written one way, and each action's current status and its date
    taken from its latest progress report when that is newer than the actions sheet says."""
    from cjgraph.framework import load_table_words

    words = load_table_words().status_words
    notes: list[Issue] = []
    updates = []
    for n, u in enumerate(plan.updates, start=2):
        status, note, said = read_status_cell(u.status, u.note, words)
        if said:
            severity, code = ("info", "status-read") if note == u.note else ("warning", "status-in-words")
            notes.append(_p(severity, code, "progress", n, said, u.ref))
            u = replace(u, status=status, note=note)
        updates.append(u)
    values = []
    under: dict[str, set[str]] = {}
    for i in plan.indicators:
        under.setdefault(i.indicator, set()).add(i.outcome)
    for n, v in enumerate(plan.indicator_values, start=2):
        if not v.outcome and len(under.get(v.indicator, ())) == 1:
            (outcome,) = under[v.indicator]
            said = f"the outcome of {v.indicator[:60]!r} is read from the indicators sheet: {outcome!r}"
            notes.append(_p("info", "outcome-read", "indicator_values", n, said, v.indicator))
            v = replace(v, outcome=outcome)
        year = reporting_year(v.period)
        if year and year != v.period:
            notes.append(_p("info", "period-read", "indicator_values", n, f"period {v.period!r} is read as {year!r}"))
            v = replace(v, period=year)
        values.append(v)
    assessments = []
    for n, a in enumerate(plan.assessments, start=2):
        year = reporting_year(a.year)
        if year and year != a.year:
            notes.append(_p("info", "period-read", "self_assessment", n, f"year {a.year!r} is read as {year!r}"))
            a = replace(a, year=year)
        assessments.append(a)
    actions, current = _current(plan, updates)
    settled = replace(
        plan, actions=actions, updates=tuple(updates), indicator_values=tuple(values), assessments=tuple(assessments)
    )
    return settled, notes + current


def _current(plan: Plan, updates: list[Update]) -> tuple[tuple[Action, ...], list[Issue]]:
    """Each action with the status of its latest dated progress report (a later row wins a tie),
    unless the actions sheet's status is dated later still."""
    latest: dict[str, tuple[int, Update, date]] = {}
    for n, u in enumerate(updates, start=2):
        if u.date is not None and u.status in STATUSES and (u.ref not in latest or u.date >= latest[u.ref][2]):
            latest[u.ref] = (n, u, u.date)
    actions, notes = [], []
    for a in plan.actions:
        if a.ref in latest and (a.status_date is None or latest[a.ref][2] >= a.status_date):
            n, u, when = latest[a.ref]
            if a.status and a.status != u.status:  # a blank status on the actions sheet (the usual case): silent
                said = f"{a.ref} is {u.status!r} by its latest progress report ({when}); the actions sheet says "
                said += repr(a.status)
                notes.append(_p("info", "status-from-progress", "progress", n, said, a.ref))
            a = replace(a, status=u.status, status_date=when)
        actions.append(a)
    return tuple(actions), notes


def check_history(plan: Plan, outcomes: set[str], today: date | None = None) -> list[Issue]:
    """Every problem of the history sheets, with sheet and row: a report on an action the plan
    does not have, dated before the plan or in the future, out of date order, a revision with no
    reason; a value or score for an indicator or outcome the plan does not have, a period that is
    not a reporting year, the same one twice, a score outside its scale."""
    return _check_progress(plan, today or date.today()) + _check_values(plan) + _check_assessments(plan, outcomes)


def check_history_cells(sheets: dict[str, list[dict[str, str]]]) -> list[Issue]:
    """The history cells that are not what their column holds, as typed: a date that is not a
    date, a value or a score that is not a number (read as missing, so each is said here)."""
    out = []
    for sheet, col in (("progress", "date"), ("progress", "revised_due")):
        for n, row in enumerate(sheets.get(sheet, []), start=2):
            value = row.get(col, "")
            if value and _day(value) is None:
                said = (
                    f"{col} {value!r} of the report on {row.get('ref', '?')} is not a date (2018-06-30 or 30/06/2018)"
                )
                out.append(_p("error", "bad-date", sheet, n, said))
    for sheet, col in (("indicator_values", "value"), ("self_assessment", "score")):
        for n, row in enumerate(sheets.get(sheet, []), start=2):
            value = row.get(col, "")
            if value.strip() and read_figure(value) is None:
                out.append(_p("error", "not-a-number", sheet, n, f"{col} {value!r} is not a number"))
    return out


def _check_progress(plan: Plan, today: date) -> list[Issue]:
    out: list[Issue] = []
    refs = [a.ref for a in plan.actions]
    start = _day(plan.info.period_start)
    last: dict[str, tuple[int, date]] = {}
    for n, u in enumerate(plan.updates, start=2):
        if u.ref not in refs:
            near = closest(u.ref, refs)
            hint = f" (did you mean {' or '.join(repr(x) for x in near)}?)" if near else ""
            said = f"ref {u.ref!r} is not an action of the plan{hint}"
            out.append(_p("error", "unknown-ref", "progress", n, said, u.ref))
        if u.date is None:
            said = f"the report on {u.ref or 'an action'} has no date"
            out.append(_p("error", "missing-date", "progress", n, said, u.ref))
            continue
        if start and u.date < start:
            said = f"the report on {u.ref} is dated {u.date}, before the plan begins ({start})"
            out.append(_p("error", "date-before-plan", "progress", n, said, u.ref))
        if u.date > today:
            said = f"the report on {u.ref} is dated {u.date}, after today"
            out.append(_p("warning", "date-in-future", "progress", n, said, u.ref))
        if u.status and u.status not in STATUSES:
            said = f"status {u.status!r} of the report on {u.ref} is not one of {', '.join(STATUSES)}"
            out.append(_p("error", "unknown-status", "progress", n, said, u.ref))
        if u.revised_due and not u.reason.strip():
            said = f"the due date of {u.ref} is revised to {u.revised_due} with no reason given"
            out.append(_p("warning", "revision-without-reason", "progress", n, said, u.ref))
        if u.ref in last and last[u.ref][1] > u.date:
            said = f"the report on {u.ref} dated {u.date} comes after one dated {last[u.ref][1]} (row {last[u.ref][0]})"
            out.append(_p("warning", "out-of-date-order", "progress", n, said, u.ref))
        last[u.ref] = (n, u.date)
    return out


def _check_values(plan: Plan) -> list[Issue]:
    out: list[Issue] = []
    known = {(i.outcome, i.indicator) for i in plan.indicators}
    texts = sorted({i.indicator for i in plan.indicators})
    seen = Counter((v.outcome, v.indicator, reporting_year(v.period)) for v in plan.indicator_values)
    for n, v in enumerate(plan.indicator_values, start=2):
        name = repr(v.indicator[:60])
        if v.indicator not in texts:
            near = closest(v.indicator, texts)
            hint = f" (did you mean {' or '.join(repr(x[:60]) for x in near)}?)" if near else ""
            said = f"indicator {name} is not on the indicators sheet{hint}"
            out.append(_p("error", "unknown-indicator", "indicator_values", n, said, v.indicator))
        elif (v.outcome, v.indicator) not in known:
            under = sorted(o for o, i in known if i == v.indicator)
            said = f"indicator {name} is not under outcome {v.outcome!r} on the indicators sheet (it is under "
            said += f"{', '.join(under)}; leave the outcome blank when it is under one only)"
            out.append(_p("error", "unknown-indicator", "indicator_values", n, said, v.indicator))
        out += _period(v.period, "indicator_values", n, "period")
        if v.value is None:
            said = f"{name} has no value for {v.period}"
            out.append(_p("error", "missing-value", "indicator_values", n, said, v.indicator))
        if reporting_year(v.period) and seen[(v.outcome, v.indicator, reporting_year(v.period))] > 1:
            said = f"{name} has {seen[(v.outcome, v.indicator, reporting_year(v.period))]} values for {v.period}"
            out.append(_p("error", "duplicate-value", "indicator_values", n, said, v.indicator))
    return out


def _check_assessments(plan: Plan, outcomes: set[str]) -> list[Issue]:
    out: list[Issue] = []
    seen = Counter((a.outcome, reporting_year(a.year)) for a in plan.assessments)
    for n, a in enumerate(plan.assessments, start=2):
        if outcomes and a.outcome not in outcomes:
            near = closest(a.outcome, sorted(outcomes))
            hint = f" (did you mean {' or '.join(repr(x) for x in near)}?)" if near else ""
            said = f"outcome {a.outcome!r} is not a key of the plan's framework{hint}"
            out.append(_p("error", "unknown-outcome", "self_assessment", n, said, a.outcome))
        out += _period(a.year, "self_assessment", n, "year", quarters=False)
        scale = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[-–to]+\s*(\d+(?:\.\d+)?)\s*", a.scale)
        if a.score is None:
            out.append(_p("error", "missing-score", "self_assessment", n, f"{a.outcome!r} has no score for {a.year}"))
        elif scale and not float(scale.group(1)) <= a.score <= float(scale.group(2)):
            said = f"score {a.score:g} of {a.outcome!r} for {a.year} is outside its scale {a.scale}"
            out.append(_p("error", "score-outside-scale", "self_assessment", n, said, a.outcome))
        if a.scale and not scale:
            said = f"scale {a.scale!r} is not a range such as 1-10"
            out.append(_p("warning", "unknown-scale", "self_assessment", n, said, a.outcome))
        if reporting_year(a.year) and seen[(a.outcome, reporting_year(a.year))] > 1:
            said = f"{a.outcome!r} has two scores for {a.year}"
            out.append(_p("error", "duplicate-score", "self_assessment", n, said, a.outcome))
    return out


def _period(text: str, sheet: str, n: int, column: str, *, quarters: bool = True) -> list[Issue]:
    year = reporting_year(text)
    if year and (quarters or " Q" not in year):
        return []
    form = "a reporting year such as 2023-24" + (" or a quarter such as 2023-24 Q2" if quarters else "")
    return [_p("error", "bad-period", sheet, n, f"{column} {text!r} is not {form}", text)]


def _day(text: str) -> date | None:
    return read_day(text)


def history_from_versions(versions: list[tuple[date, Plan]]) -> tuple[Plan, list[Issue]]:
    """The plan's history made from copies of its workbook saved over time (one per quarter,
    say), each with the date it stands for: the latest copy, with a progress report for every
    change between successive copies (its status, its due date, its notes), dated at the later
    copy's date; the first copy's statuses as reports at its date. Each action's due date is
    put back to the one it first had, the later dates becoming revisions (their reason left for
    a person to write: the validator warns of each). Reports the copies already held are kept;
    a report made again is not added twice.

    Returns the plan and notes of what a person should look at (an action dropped or added
    between copies).

    >>> from dataclasses import replace
    >>> from cjgraph.examples import tiny_plan
    >>> p = tiny_plan()
    >>> q1 = replace(p, actions=(replace(p.actions[0], status="on-track"), *p.actions[1:]))
    >>> a1 = replace(q1.actions[0], status="at-risk", due=date(2019, 9, 30), notes="funding late")
    >>> q2 = replace(q1, actions=(a1, *q1.actions[1:]))
    >>> plan, notes = history_from_versions([(date(2018, 6, 30), q1), (date(2018, 9, 30), q2)])
    >>> [(u.ref, str(u.date), u.status, str(u.revised_due), u.note) for u in plan.updates]
    [('A1', '2018-06-30', 'on-track', 'None', ''), ('A1', '2018-09-30', 'at-risk', '2019-09-30', 'funding late')]
    >>> str(plan.action("A1").due), plan.action("A1").status
    ('2019-03-31', 'at-risk')
    """
    ordered = sorted(versions, key=lambda v: v[0])
    first_due: dict[str, date | None] = {}
    rows: list[Update] = []
    notes: list[Issue] = []
    before: dict[str, Action] = {}
    for when, plan in ordered:
        now = {a.ref: a for a in plan.actions}
        for ref, a in now.items():
            first_due.setdefault(ref, a.due)
            old = before.get(ref)
            changed = old is None or (a.status, a.due, a.notes) != (old.status, old.due, old.notes)
            if old is None and before:
                said = f"{ref} first appears in the copy of {when}"
                notes.append(Issue("info", "action-added", said, subject=ref, source=f"progress {when}"))
            if changed and (a.status or (old is not None and a.due != old.due)):
                revised = a.due if a.due != first_due[ref] else None
                note = a.notes if old is None or a.notes != old.notes else ""
                rows.append(Update(ref, when, a.status, revised, note=note if old is not None else ""))
        for ref in before.keys() - now.keys():
            said = f"{ref} is not in the copy of {when} (dropped, or renumbered): its reports end there"
            notes.append(Issue("warning", "action-dropped", said, subject=ref, source=f"progress {when}"))
        before = now
    last = ordered[-1][1]
    kept = [u for _, p in ordered for u in p.updates]
    seen = {(u.ref, u.date, u.status, u.revised_due) for u in kept}
    made = [u for u in rows if (u.ref, u.date, u.status, u.revised_due) not in seen]
    place = {ref: k for k, ref in enumerate(dict.fromkeys(a.ref for _, p in ordered for a in p.actions))}
    updates = tuple(sorted(dict.fromkeys([*kept, *made]), key=lambda u: (place.get(u.ref, -1), u.date or date.min)))
    actions = tuple(replace(a, due=first_due.get(a.ref, a.due)) for a in last.actions)
    return replace(last, actions=actions, updates=updates), notes
