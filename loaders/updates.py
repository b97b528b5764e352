"""Progress rows from a plan that reports on itself: a delivery-plan update prints, for each
deliverable, an "Update:" and a status; with the date the update is for (its title's month, as
"… delivery plan: update 3 – December 2025"), each becomes a row of the ``progress`` sheet, dated
the last day of that month.

Examples
--------
>>> from cjgraph.model import Action, PlanInfo
>>> info = PlanInfo(id="ndp", title="Delivery plan: update 3 - December 2025")
>>> a = Action(ref="4", outcome="bail", text="Review bail funding", status="on-track",
...            notes="Update: The review has reported.")
>>> rows, issues = progress_from_updates(info, [a])
>>> rows[0].date, rows[0].status, rows[0].note, issues
(datetime.date(2025, 12, 31), 'on-track', 'The review has reported.', [])
"""

from __future__ import annotations

import re

from cjgraph.model import Action, Issue, PlanInfo, Update
from cjgraph.timescales import parse_timescale

__all__ = ["progress_from_updates"]

_UPDATE_LINE = re.compile(r"^Update:\s*(.*)$", re.I | re.M | re.S)
_MONTH_YEAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+20\d\d\b", re.I
)


def progress_from_updates(info: PlanInfo, actions: list[Action]) -> tuple[list[Update], list[Issue]]:
    """A progress row for each action with a status and an "Update:" note, dated by the plan's
    title; when the title names no month, none, and a note saying the statuses stay undated."""
    reported = [(a, text) for a in actions if a.status and (text := _update(a.notes)) is not None]
    if not reported:
        return [], []
    months = _MONTH_YEAR.findall(info.title)
    day = parse_timescale(months[-1]).due if months else None
    if day is None:
        note = Issue(
            "info",
            "update-undated",
            f"{len(reported)} actions print an update and a status, but the plan's title names no month, so no "
            "progress row was made; their statuses are on the actions",
            suggestion="add progress rows with the date the update is for",
            source=info.source,
        )
        return [], [note]
    return [Update(a.ref, day, a.status, note=text) for a, text in reported], []


def _update(notes: str) -> str | None:
    """The text of the "Update:" line of an action's notes (the lines after it up to the next
    label go with it), or None."""
    m = _UPDATE_LINE.search(notes)
    if not m:
        return None
    lines: list[str] = []
    for line in m.group(1).split("\n"):
        if lines and re.match(r"^[A-Z][\w /&()']{1,40}:\s", line):
            break
        lines.append(line.strip())
    return " ".join(x for x in lines if x)
