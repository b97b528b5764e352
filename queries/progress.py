"""Questions over a plan's life, read from its progress reports (``(Action)-[:UPDATED]->(Update)``):
each action's status on any date, the actions whose timescale slipped, and the actions with no
report for a while.

An action's status on a date is its latest report on or before that date. An action whose plan
keeps no reports for it has the status of the actions sheet (of its ``status_date``, or of any
date when it has none); otherwise, before its first report it has none: "no update reported".
Its due date on a date is the latest revision reported by then, or the plan's own. Past that
date and not complete, an action is overdue when a status was reported, and "no update" (not
known to be late: grey in the board pack, never a red overdue) when none was; the timeline's
``overdue`` is either.

Examples
--------
>>> from datetime import date
>>> from cjgraph.examples import tiny_history_graph
>>> G = tiny_history_graph()
>>> for s in status_on(G, date(2019, 6, 30)):
...     print(s.ref, s.status or "no update reported", s.due, *(["overdue"] if s.overdue else []))
A1 at-risk 2019-09-30
A2 complete 2019-03-31
A3 no update reported 2020-06-30
>>> [(s.ref, s.revisions, s.days) for s in slippage(G)]
[('A1', 1, 183)]
>>> [(s.ref, s.last_reported, s.days_since) for s in stalled(G, date(2019, 6, 30), days=180)]
[('A1', '2018-09-30', 273), ('A3', '', -1)]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from cjgraph.contract import node_field
from cjgraph.queries.select import PlanView, plan_ids, plan_view

__all__ = [
    "StatusOn",
    "Slip",
    "Stalled",
    "Movement",
    "ScoreMovement",
    "PartnerSlip",
    "OutcomeOffTrack",
    "RagQuarter",
    "state_on",
    "status_on",
    "slippage",
    "stalled",
    "indicator_movement",
    "assessment_movement",
    "slippage_by_partner",
    "outcomes_off_track",
    "rag_trend",
]


@dataclass(frozen=True)
class StatusOn:
    """An action on a date: its status then, the report it comes from, its due date then."""

    plan: str
    ref: str
    as_of: str  # the date asked about (ISO)
    status: str  # "" when no update was reported by then
    reported: str  # the date of the report it comes from ("" when none)
    due: str  # the due date then: the latest revision reported by then, or the plan's own ("" when none)
    original_due: str
    overdue: bool  # past its due date, not complete, a status reported
    no_update: bool  # past its due date with no status reported by then: not known to be late
    days_overdue: int  # days past its due date (overdue, or with no update)
    node: str = node_field()  # the action


@dataclass(frozen=True)
class Slip:
    """An action whose due date was revised: how often, from when to when, and why."""

    plan: str
    ref: str
    original_due: str
    revised_due: str  # the latest revision
    revisions: int
    days: int  # the latest revision after the original (negative: brought forward); 0 without an original
    reasons: tuple[str, ...]
    leads: tuple[str, ...]
    node: str = node_field()  # the action


@dataclass(frozen=True)
class Stalled:
    """An action not complete with no report for ``days`` days (or none at all) by a date."""

    plan: str
    ref: str
    as_of: str
    last_reported: str  # "" when never
    days_since: int  # since the last report (-1 when never reported)
    status: str
    leads: tuple[str, ...]
    node: str = node_field()  # the action


def _updates(G: nx.MultiDiGraph, action: str) -> list[str]:
    """The nodes of an action's reports."""
    return [v for _, v, k in G.out_edges(action, keys=True) if k == "UPDATED"]


def _reports(G: nx.MultiDiGraph, action: str) -> list[dict[str, object]]:
    """An action's reports, in date order."""
    return sorted((G.nodes[v] for v in _updates(G, action)), key=lambda u: int(str(u["number"])))


def _by_outcome(view: PlanView) -> dict[str, list[str]]:
    """A plan's actions per outcome node they deliver, in the plan's order."""
    out: dict[str, list[str]] = {}
    for a in view.actions:
        for o in view.delivers[a]:
            out.setdefault(o, []).append(a)
    return out


def state_on(G: nx.MultiDiGraph, action: str, day: str) -> tuple[str, str, str]:
    """An action's status, the date of the report it comes from, and its due date on ``day``
    (ISO), by the rules of the module's docstring: what :func:`status_on` and the timeline read."""
    d = G.nodes[action]
    reports = _reports(G, action)
    then = [u for u in reports if str(u["date"]) <= day]
    if reports:
        status, reported = (str(then[-1]["status"]), str(then[-1]["date"])) if then else ("", "")
    elif d["status"] and (not d["status_date"] or d["status_date"] <= day):
        status, reported = d["status"], d["status_date"]
    else:
        status, reported = "", ""
    revised = [str(u["revised_due"]) for u in then if u["revised_due"]]
    return status, reported, revised[-1] if revised else d["due"]


def status_on(G: nx.MultiDiGraph, on: date | None = None, *, plan: str | None = None) -> list[StatusOn]:
    """Every action's status and due date on ``on``, by plan and ref order (see the module's
    docstring for the rules). Without ``on``, each plan on the date the timeline judges it at
    (:func:`~cjgraph.queries.schedule.as_of_dates`: today, or the plan's end once it is over).

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.
    """
    from cjgraph.queries.schedule import as_of_dates  # the timeline reads this module's rules

    dates = {d.plan: date.fromisoformat(d.as_of) for d in as_of_dates(G, plan=plan, as_of=on)}
    out = []
    for pid in plan_ids(G, plan):
        view, then = plan_view(G, pid), dates[pid]
        for a in view.actions:
            d = G.nodes[a]
            status, reported, due = state_on(G, a, then.isoformat())
            late = (then - date.fromisoformat(due)).days if due else 0
            past = late > 0 and status != "complete"
            out.append(
                StatusOn(
                    pid,
                    view.ref[a],
                    then.isoformat(),
                    status,
                    reported,
                    due,
                    d["due"],
                    past and bool(status),
                    past and not status,
                    late if past else 0,
                    a,
                )
            )
    return out


def slippage(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[Slip]:
    """The actions whose due date was revised in their reports, by plan and ref order: how many
    revisions, the latest revised date and by how many days it moved from the plan's own, the
    reasons given (in date order, each once) and the leads (whose actions slip most: count them).

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.
    """
    out = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        for a in view.actions:
            revised = [u for u in _reports(G, a) if u["revised_due"]]
            if not revised:
                continue
            original, latest = str(G.nodes[a]["due"]), str(revised[-1]["revised_due"])
            days = (date.fromisoformat(latest) - date.fromisoformat(original)).days if original else 0
            reasons = tuple(dict.fromkeys(str(u["reason"]) for u in revised if u["reason"]))
            leads = tuple(G.nodes[p]["name"] for p in view.leads[a])
            out.append(Slip(pid, view.ref[a], original, latest, len(revised), days, reasons, leads, a))
    return out


def stalled(G: nx.MultiDiGraph, on: date | None = None, *, days: int = 90, plan: str | None = None) -> list[Stalled]:
    """The actions not complete on ``on`` (each plan's date of :func:`status_on` without it) whose
    last report is more than ``days`` days old, or that have none by then, by plan and ref order.
    Only plans that keep reports are asked: an action of a plan with none would always be
    "stalled".

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.
    """
    out = []
    for s in status_on(G, on, plan=plan):
        if s.status == "complete" or not _keeps_reports(G, s.plan):
            continue
        since = (date.fromisoformat(s.as_of) - date.fromisoformat(s.reported)).days if s.reported else -1
        if since > days or since < 0:
            leads = tuple(G.nodes[p]["name"] for p in plan_view(G, s.plan).leads[s.node])
            out.append(Stalled(s.plan, s.ref, s.as_of, s.reported, since, s.status, leads, s.node))
    return out


def _keeps_reports(G: nx.MultiDiGraph, plan: str) -> bool:
    return any(_updates(G, a) for a in plan_view(G, plan).actions)


@dataclass(frozen=True)
class Movement:
    """An indicator's value from one period to the next of the same span (a year to the next
    year, a quarter to the next quarter given), and whether that is better or worse."""

    plan: str
    indicator: str
    outcome: str
    before: str  # the earlier period ("2023-24", "2023-24 Q2")
    after: str
    value_before: float
    value_after: float
    change: float  # value_after - value_before
    direction: str  # "up", "down" or "same"
    judged: str  # "better", "worse", "no change", or "" when the plan does not say which way is better
    node: str = node_field()  # the indicator


def indicator_movement(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[Movement]:
    """Each indicator's movement between successive periods of its values, by plan, indicator
    and period. Better or worse is judged by the way the plan says the indicator is better (its
    ``better`` column: "higher" or "lower"), never guessed from its words.

    >>> from cjgraph.examples import tiny_history_graph
    >>> [(m.before, m.after, m.change, m.judged) for m in indicator_movement(tiny_history_graph())]
    [('2018-19', '2019-20', 3.0, 'better'), ('2019-20 Q1', '2019-20 Q2', -3.0, 'worse')]

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.
    """
    out = []
    for pid in plan_ids(G, plan):
        for i in plan_view(G, pid).indicators:
            d = G.nodes[i]
            values = [G.nodes[v] for _, v, k in G.out_edges(i, keys=True) if k == "VALUE"]
            for span in ("year", "quarter"):
                mine = sorted((m for m in values if m["span"] == span), key=lambda m: str(m["period"]))
                for b, m in zip(mine, mine[1:], strict=False):
                    change = float(m["value"]) - float(b["value"])
                    direction = "up" if change > 0 else "down" if change < 0 else "same"
                    judged = _judged(change, str(d["better"]))
                    out.append(
                        Movement(
                            pid,
                            str(d["name"]),
                            str(d["outcome"]),
                            str(b["period"]),
                            str(m["period"]),
                            float(b["value"]),
                            float(m["value"]),
                            change,
                            direction,
                            judged,
                            i,
                        )
                    )
    return sorted(out, key=lambda m: (m.plan, m.indicator, m.after))


def _judged(change: float, better: str) -> str:
    if change == 0:
        return "no change"
    if (better == "higher" and change > 0) or (better == "lower" and change < 0):
        return "better"
    return "worse" if better else ""


@dataclass(frozen=True)
class ScoreMovement:
    """A plan's self-assessment of an outcome from one reporting year to the next it scored."""

    plan: str
    outcome: str  # its key
    before: str  # the earlier reporting year
    after: str
    score_before: float
    score_after: float
    change: float
    scale: str  # the later score's scale ("1-10")
    node: str = node_field()  # the outcome


def assessment_movement(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[ScoreMovement]:
    """Each outcome's self-assessment from one reporting year to the next, per plan, by plan,
    outcome and year.

    >>> from cjgraph.examples import tiny_history_graph
    >>> [(m.outcome, m.before, m.after, m.change) for m in assessment_movement(tiny_history_graph())]
    [('access', '2018-19', '2019-20', 1.5)]

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.
    """
    wanted = set(plan_ids(G, plan))
    scores: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (plan, outcome node) -> its scores
    for o, a, k in G.edges(keys=True):
        if k == "ASSESSED" and G.nodes[a]["plan"] in wanted:
            scores.setdefault((G.nodes[a]["plan"], o), []).append(G.nodes[a])
    out = []
    for (pid, o), mine in scores.items():
        mine.sort(key=lambda a: str(a["year"]))
        for b, a in zip(mine, mine[1:], strict=False):
            change = float(a["score"]) - float(b["score"])
            out.append(
                ScoreMovement(
                    pid, G.nodes[o]["key"], b["year"], a["year"], b["score"], a["score"], change, a["scale"], o
                )
            )
    return sorted(out, key=lambda m: (m.plan, m.outcome, m.after))


@dataclass(frozen=True)
class PartnerSlip:
    """A lead partner's actions whose due date was revised, in one plan."""

    plan: str
    partner: str
    led: int  # the actions it leads in the plan
    slipped: int  # of those, the ones revised
    revisions: int
    days: int  # the days its slipped actions moved, together
    node: str = node_field()  # the partner


def slippage_by_partner(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[PartnerSlip]:
    """Whose actions slip most: per plan, each lead partner with a revised action, most slipped
    first (an action led by two counts for both).

    >>> from cjgraph.examples import tiny_history_graph
    >>> [(s.partner, s.led, s.slipped, s.days) for s in slippage_by_partner(tiny_history_graph())]
    [('Police Scotland', 2, 1, 183), ('Sacro', 2, 1, 183)]

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.
    """
    out = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        led: dict[str, int] = {}
        for a in view.actions:
            for p in view.leads[a]:
                led[p] = led.get(p, 0) + 1
        mine: dict[str, list[Slip]] = {}
        for s in slippage(G, plan=pid):
            for p in view.leads[s.node]:
                mine.setdefault(p, []).append(s)
        for p, slips in mine.items():
            revisions, days = sum(s.revisions for s in slips), sum(s.days for s in slips)
            out.append(PartnerSlip(pid, G.nodes[p]["name"], led[p], len(slips), revisions, days, p))
    return sorted(out, key=lambda s: (s.plan, -s.slipped, s.partner))


@dataclass(frozen=True)
class OutcomeOffTrack:
    """An outcome of a plan whose every action was off track (the delivery plan's "Outstanding"
    included) on a date."""

    plan: str
    outcome: str  # its key
    as_of: str
    actions: int
    refs: tuple[str, ...]
    node: str = node_field()  # the outcome


def outcomes_off_track(G: nx.MultiDiGraph, on: date | None = None, *, plan: str | None = None) -> list[OutcomeOffTrack]:
    """The outcomes whose every action was off track on ``on`` (each plan on its date of
    :func:`status_on` without it), by plan and outcome.

    >>> from datetime import date
    >>> from cjgraph.examples import tiny_history_graph
    >>> [(o.outcome, o.refs) for o in outcomes_off_track(tiny_history_graph(), date(2020, 1, 31))]
    [('communities', ('A3',))]

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.
    """
    states = {s.node: s for s in status_on(G, on, plan=plan)}
    out = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        for o, acts in _by_outcome(view).items():
            if all(states[a].status == "off-track" for a in acts):
                refs = tuple(sorted(view.ref[a] for a in acts))
                out.append(OutcomeOffTrack(pid, G.nodes[o]["key"], states[acts[0]].as_of, len(acts), refs, o))
    return sorted(out, key=lambda o: (o.plan, o.outcome))


@dataclass(frozen=True)
class RagQuarter:
    """An outcome of a plan at the end of a quarter in which the plan reported progress: its
    actions counted by their status then, and one colour for them."""

    plan: str
    outcome: str  # its key
    quarter: str  # "2018-19 Q2"
    quarter_end: str
    actions: int
    complete: int
    on_track: int
    at_risk: int
    off_track: int
    not_started: int
    no_update: int  # no status reported by then
    rag: str  # "red" (any off track), "amber" (any at risk), "grey" (any not reported), else "green"
    node: str = node_field()  # the outcome


def rag_trend(G: nx.MultiDiGraph, *, plan: str | None = None) -> list[RagQuarter]:
    """Each outcome's RAG at the end of every quarter (of the reporting year, April to March) in
    which its plan reported progress, by plan, outcome and quarter: the status of each action
    that delivers it then (:func:`state_on`), counted. The colour is red when any action was off
    track, amber when any was at risk, grey when any had no status reported (never green for
    what nobody reported), and green otherwise.

    >>> from cjgraph.examples import tiny_history_graph
    >>> [(r.outcome, r.quarter, r.rag) for r in rag_trend(tiny_history_graph())][:3]
    [('access', '2018-19 Q1', 'grey'), ('access', '2018-19 Q2', 'amber'), ('access', '2019-20 Q3', 'amber')]

    Raises
    ------
    GraphError : an unknown plan, or a graph that breaks the contract.
    """
    out = []
    for pid in plan_ids(G, plan):
        view = plan_view(G, pid)
        quarters = sorted(
            {(str(G.nodes[u]["quarter"]), str(G.nodes[u]["quarter_end"])) for a in view.actions for u in _updates(G, a)}
        )
        for o, acts in _by_outcome(view).items():
            for quarter, end in quarters:
                said = [state_on(G, a, end)[0] for a in acts]
                out.append(_rag(pid, G.nodes[o]["key"], quarter, end, said, o))
    return sorted(out, key=lambda r: (r.plan, r.outcome, r.quarter))


def _rag(plan: str, outcome: str, quarter: str, end: str, said: list[str], node: str) -> RagQuarter:
    n = {s: said.count(s) for s in ("complete", "on-track", "at-risk", "off-track", "not-started", "")}
    rag = "red" if n["off-track"] else "amber" if n["at-risk"] else "grey" if n[""] else "green"
    counts = (n["complete"], n["on-track"], n["at-risk"], n["off-track"], n["not-started"], n[""])
    return RagQuarter(plan, outcome, quarter, end, len(said), *counts, rag, node)
