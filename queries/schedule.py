"""Timeline: actions due per quarter, overdue at a date, vague timescales; with the status overlay.

An action is overdue when its due date is before the as-of date and its status is not
``complete``; both as they stood at that date when the plan keeps progress reports (the latest
report by then, and the latest revision of the due date: see :mod:`~cjgraph.queries.progress`).
Quarters are calendar quarters (``2018-Q1`` = January to March). Unless a date is
given, a plan is judged at today while its period runs and at its end date once the period is
over (:func:`as_of_dates`): a plan that ended in 2020 is not "overdue by 3,000 days".

Examples
--------
>>> from datetime import date
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("midlothian-2017-2020"))
>>> items = timeline(G, as_of=date(2018, 4, 1))
>>> sum(i.overdue for i in items)
9
>>> due_per_quarter(items)[0]
QuarterCount(plan='midlothian-2017-2020', quarter='2018-Q1', due=15, overdue=9, complete=6)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import networkx as nx

from cjgraph.contract import node_field, plan_id
from cjgraph.queries.progress import state_on
from cjgraph.queries.select import plan_ids, plan_view

__all__ = ["TimelineItem", "QuarterCount", "AsOf", "timeline", "due_per_quarter", "as_of_dates", "NO_DATE"]

NO_DATE = "no date"


@dataclass(frozen=True)
class TimelineItem:
    """An action on the timeline."""

    plan: str
    ref: str
    outcome: str
    due: str  # ISO date, or "" when the plan gives none
    quarter: str  # "2018-Q1", or "no date"
    timescale: str
    status: str
    overdue: bool
    days_overdue: int
    vague: bool  # no due date ("Ongoing", "As required", or not understood)
    node: str = node_field()  # the action


@dataclass(frozen=True)
class AsOf:
    """The date a plan's actions are judged at, and why that date."""

    plan: str
    as_of: str  # ISO date
    why: str  # "given", "today", "the plan ended", "no period" (today: the plan names none, as a national plan)
    node: str = node_field()  # the plan


def as_of_dates(G: nx.MultiDiGraph, *, plan: str | None = None, as_of: date | None = None) -> list[AsOf]:
    """The date each plan is judged at: ``as_of`` when given; else today while the plan's
    period runs (or when it names none), and its end date once the period is over.

    Parameters
    ----------
    G : a graph of plans.
    plan : one plan id, or None for all.
    as_of : a date for every plan, or None.

    Returns
    -------
    list of :class:`AsOf`, by plan.

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.

    Examples
    --------
    >>> from cjgraph.examples import tiny_graph
    >>> as_of_dates(tiny_graph())
    [AsOf(plan='tiny-2018-2021', as_of='2021-03-31', why='the plan ended')]
    """
    today = date.today()
    out = []
    for pid in plan_ids(G, plan):
        end = G.nodes[plan_id(pid)].get("period_end", "")
        if as_of is not None:
            out.append(AsOf(pid, as_of.isoformat(), "given", plan_id(pid)))
        elif end and date.fromisoformat(end) < today:
            out.append(AsOf(pid, end, "the plan ended", plan_id(pid)))
        elif not end:
            out.append(AsOf(pid, today.isoformat(), "no period", plan_id(pid)))
        else:
            out.append(AsOf(pid, today.isoformat(), "today", plan_id(pid)))
    return out


@dataclass(frozen=True)
class QuarterCount:
    """How many actions fall due in a quarter, how many of them are overdue or complete."""

    plan: str
    quarter: str
    due: int
    overdue: int
    complete: int


def timeline(
    G: nx.MultiDiGraph, *, plan: str | None = None, as_of: date | None = None, overdue_only: bool = False
) -> list[TimelineItem]:
    """Every action with its due date and quarter, overdue at ``as_of``.

    Parameters
    ----------
    G : a graph of plans.
    plan : one plan id, or None for all.
    as_of : the date overdue is judged at; when None, each plan's date of :func:`as_of_dates`
        (today, or the plan's end date once its period is over).
    overdue_only : only the overdue actions.

    Returns
    -------
    list of :class:`TimelineItem`, by plan and due date (no date last).

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.

    Examples
    --------
    >>> from datetime import date
    >>> from cjgraph.examples import tiny_graph
    >>> [(t.ref, t.due, t.overdue, t.days_overdue) for t in timeline(tiny_graph(), as_of=date(2019, 6, 30))]
    [('A1', '2019-03-31', True, 91), ('A2', '2019-03-31', True, 91), ('A3', '2020-06-30', False, 0)]
    """
    dates = {d.plan: date.fromisoformat(d.as_of) for d in as_of_dates(G, plan=plan, as_of=as_of)}
    out = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        judged = dates[pid]
        for position, a in enumerate(view.actions):
            d = G.nodes[a]
            status, _, due = state_on(G, a, judged.isoformat())  # as reported by then (the progress sheet)
            late = (judged - date.fromisoformat(due)).days if due else 0
            overdue = bool(due) and late > 0 and status != "complete"
            item = TimelineItem(
                plan=pid,
                ref=view.ref[a],
                outcome=",".join(G.nodes[o]["key"] for o in view.delivers[a]),
                due=due,
                quarter=_quarter(due),
                timescale=d.get("timescale", ""),
                status=status,
                overdue=overdue,
                days_overdue=late if overdue else 0,
                vague=not due,
                node=a,
            )
            if overdue or not overdue_only:
                out.append(((pid, not due, due, position), item))
    return [item for _, item in sorted(out, key=lambda pair: pair[0])]


def due_per_quarter(items: list[TimelineItem]) -> list[QuarterCount]:
    """Count timeline items per plan and quarter (``no date`` last).

    Parameters
    ----------
    items : the items of :func:`timeline`.

    Returns
    -------
    list of :class:`QuarterCount`: due, overdue and complete per plan and quarter.

    Examples
    --------
    >>> from datetime import date
    >>> from cjgraph.examples import tiny_graph
    >>> [(q.quarter, q.due, q.overdue) for q in due_per_quarter(timeline(tiny_graph(), as_of=date(2019, 6, 30)))]
    [('2019-Q1', 2, 2), ('2020-Q2', 1, 0)]
    """
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for i in items:
        c = counts[(i.plan, i.quarter)]
        c[0] += 1
        c[1] += i.overdue
        c[2] += i.status == "complete"
    return [
        QuarterCount(plan, quarter, *c)
        for (plan, quarter), c in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] == NO_DATE, kv[0][1]))
    ]


def _quarter(due: str) -> str:
    if not due:
        return NO_DATE
    return f"{due[:4]}-Q{(int(due[5:7]) - 1) // 3 + 1}"
