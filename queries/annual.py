"""The annual performance report's facts (s23 of the Community Justice (Scotland) Act 2016): for
one plan and one reporting year (1 April to 31 March), what was done towards each national
outcome of its framework, read from the plan's history, in the order of Community Justice
Scotland's annual return; and, across plans, the national picture.

Every fact is a question's answer: an action's status at the year's end is :func:`state_on`'s,
an indicator's movement :func:`indicator_movement`'s, a score's :func:`assessment_movement`'s;
every figure names the workbook row it comes from ("progress row 4"). Nothing a partnership must
write itself (governance, sign-off, how far an outcome was achieved) is made up: the report
leaves a marked place for it.

An action "taken in the year" has a progress report dated in the year (or, in a plan without
reports, a status dated in it). It appears once, under its own outcome (the ``outcome`` of the
actions sheet), in the first group that fits at the year's end:

- *completed*: complete;
- *outstanding*: off track, or past its due date (revised or not) and not complete;
- *revised*: its timescale revised in the year (the original date kept, the reason given);
- *in progress*: the rest.

>>> from cjgraph.examples import tiny_history_graph
>>> r = annual_return(tiny_history_graph(), "2018-19")
>>> [(o.key, [(a.ref, a.group) for a in o.actions], o.not_reported) for o in r.outcomes if o.actions or o.not_reported]
[('communities', [], ('A3',)), ('access', [('A2', 'completed'), ('A1', 'revised')], ())]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx

from cjgraph.contract import node_field, outcome_id, plan_id
from cjgraph.errors import GraphError, UsageError
from cjgraph.framework import load_framework
from cjgraph.names import fold
from cjgraph.progress import reporting_year, year_bounds
from cjgraph.queries.progress import Slip, indicator_movement, slippage, state_on
from cjgraph.queries.select import plan_ids, plan_view

__all__ = [
    "GROUPS",
    "YearAction",
    "YearIndicator",
    "YearOutcome",
    "AnnualReturn",
    "annual_return",
    "NationalOutcome",
    "NationalBody",
    "NationalReturn",
    "national_return",
]

#: the groups of the actions taken in a year, in the report's order, with their headings
GROUPS = {
    "completed": "Completed",
    "in progress": "In progress",
    "revised": "In progress with a revised timescale",
    "outstanding": "Outstanding (the timescale has passed and work goes on)",
}


@dataclass(frozen=True)
class YearAction:
    """An action taken in the year: where it stood at the year's end, and why."""

    ref: str
    text: str
    leads: tuple[str, ...]
    group: str  # a key of GROUPS
    status: str  # at the year's end
    reported: str  # the date of its latest report in the year
    original_due: str
    due: str  # at the year's end (a revision reported by then, or the original)
    reasons: tuple[str, ...]  # the reasons for revisions reported in the year
    revised: bool  # its timescale revised in a report of the year (whatever its group)
    note: str  # the latest report's note
    source: str  # the workbook rows it comes from ("progress rows 3, 5")
    node: str = node_field()


@dataclass(frozen=True)
class YearIndicator:
    """An indicator of an outcome in the year: its value, last year's, and the movement."""

    indicator: str
    kind: str  # "national" or "local"
    value: float | None  # None: no value recorded for the year
    previous: float | None
    unit: str
    change: float | None  # value - previous, when both are there
    judged: str  # "better", "worse", "no change", "" (the plan does not say which way is better)
    quarters: tuple[str, ...]  # the year's quarterly values ("Q1: 12.5")
    source: str  # "indicator_values rows 2, 3"; "" when none
    node: str = node_field()  # the indicator ("" for a national indicator the plan does not list)


@dataclass(frozen=True)
class YearOutcome:
    """A national outcome in the year: the actions taken towards it, its indicators and its
    self-assessment."""

    key: str
    title: str
    actions: tuple[YearAction, ...]  # by GROUPS order, then ref
    also: tuple[str, ...]  # refs of actions taken in the year that serve it, told under their own outcome
    not_reported: tuple[str, ...]  # refs of its actions not complete with no report in the year
    indicators: tuple[YearIndicator, ...]
    score: float | None
    previous_score: float | None
    scale: str
    evidence: str
    score_source: str  # "self_assessment row 3"
    node: str = node_field()

    def count(self, group: str) -> int:
        """How many of its actions are in ``group``."""
        return sum(a.group == group for a in self.actions)


@dataclass(frozen=True)
class AnnualReturn:
    """One plan's year, in the annual return's order."""

    plan: str
    partnership: str
    title: str
    period: str  # "2018-04-01 to 2021-03-31"
    framework: str  # the framework's name
    year: str  # "2018-19"
    start: str
    end: str
    history_note: str  # "" when the history is the partnership's own reports
    outcomes: tuple[YearOutcome, ...]  # every national outcome of the framework, in its order
    slipped: tuple[Slip, ...]  # actions whose timescale was revised in the year
    carried: tuple[YearAction, ...]  # actions not complete at the year's end: next year's work
    node: str = node_field()  # the plan

    def count(self, group: str) -> int:
        """How many actions taken in the year are in ``group``."""
        return sum(o.count(group) for o in self.outcomes)


def annual_return(G: nx.MultiDiGraph, year: str, *, plan: str | None = None) -> AnnualReturn:
    """The facts of ``plan``'s annual report for ``year`` (the graph's only plan without it).

    Raises
    ------
    UsageError : ``year`` is not a reporting year, or not one of the plan's period.
    GraphError : an unknown plan, a graph of several plans without ``plan``, or one that breaks
        the contract.
    """
    start, end = year_bounds(year)
    pids = plan_ids(G, plan)
    if len(pids) != 1:
        raise GraphError(f"the graph holds {len(pids)} plans; say which with --plan ({', '.join(pids)}).")
    if not _in_period(G, pids[0], start, end):
        d = G.nodes[plan_id(pids[0])]
        raise UsageError(
            f"plan {pids[0]!r} runs from {d['period_start']} to {d['period_end']}: {year} is not one of its years."
        )
    return _Year(G, pids[0], start, end).answer()


def _in_period(G: nx.MultiDiGraph, pid: str, start: date, end: date) -> bool:
    """Whether the reporting year overlaps the plan's period (any year does when it is not known)."""
    d = G.nodes[plan_id(pid)]
    first, last = str(d["period_start"]), str(d["period_end"])
    return (not last or start.isoformat() <= last) and (not first or first <= end.isoformat())


class _Year:
    """One plan's year, gathered."""

    def __init__(self, G: nx.MultiDiGraph, pid: str, start: date, end: date) -> None:
        self.G, self.pid, self.start, self.end = G, pid, start, end
        self.view = plan_view(G, pid)
        self.year = reporting_year(f"{start.year}-{end.year % 100:02d}") or ""
        self.last_year = reporting_year(f"{start.year - 1}-{start.year % 100:02d}") or ""
        self.actions = {a: self.action(a) for a in self.view.actions}
        self.moves = {(m.node, m.after): m for m in indicator_movement(G, plan=pid)}
        self.scores = {
            (str(G.nodes[s]["outcome"]), str(G.nodes[s]["year"])): G.nodes[s]
            for s, _, k in G.in_edges(plan_id(pid), keys=True)
            if k == "PART_OF" and G.nodes[s]["kind"] == "Assessment"
        }

    def answer(self) -> AnnualReturn:
        d = self.G.nodes[plan_id(self.pid)] if plan_id(self.pid) in self.G else {}
        framework = load_framework(self.view.framework)
        outcomes = tuple(self.outcome(o.key, o.title) for o in framework.outcomes)
        slipped = tuple(s for s in slippage(self.G, plan=self.pid) if self.revised(s.node))
        carried = tuple(
            self.action(a, everything=True) for a in self.view.actions if self.status_at(a, self.end) != "complete"
        )
        return AnnualReturn(
            self.pid,
            str(d.get("partnership", "")),
            self.view.title,
            f"{d.get('period_start', '')} to {d.get('period_end', '')}",
            framework.name,
            self.year,
            self.start.isoformat(),
            self.end.isoformat(),
            str(d.get("history_note", "")),
            outcomes,
            slipped,
            tuple(a for a in carried if a is not None),
            plan_id(self.pid),
        )

    def status_at(self, a: str, day: date) -> str:
        return state_on(self.G, a, day.isoformat())[0]

    def reports(self, a: str) -> list[dict[str, object]]:
        """The action's reports dated in the year, in date order."""
        found = [self.G.nodes[v] for _, v, k in self.G.out_edges(a, keys=True) if k == "UPDATED"]
        first, last = self.start.isoformat(), self.end.isoformat()
        return sorted((u for u in found if first <= str(u["date"]) <= last), key=lambda u: int(str(u["number"])))

    def revised(self, a: str) -> bool:
        """Whether the action's timescale was revised in a report dated in the year."""
        return any(u["revised_due"] for u in self.reports(a))

    def action(self, a: str, *, everything: bool = False) -> YearAction | None:
        """The action as the year left it; None when it was not taken in the year (unless
        ``everything``: next year's list holds every action not complete)."""
        d, reports = self.G.nodes[a], self.reports(a)
        sheet = not any(k == "UPDATED" for _, _, k in self.G.out_edges(a, keys=True))
        in_year = bool(reports) or (sheet and self.start.isoformat() <= str(d["status_date"]) <= self.end.isoformat())
        if not (in_year or everything):
            return None
        status, _, due = state_on(self.G, a, self.end.isoformat())
        reasons = tuple(dict.fromkeys(str(u["reason"]) for u in reports if u["revised_due"] and u["reason"]))
        revised = self.revised(a)
        late = bool(due) and due < self.end.isoformat()
        group = (
            "completed"
            if status == "complete"
            else "outstanding"
            if status == "off-track" or late
            else "revised"
            if revised
            else "in progress"
        )
        rows = [str(u["row"]) for u in reports]
        source = (
            (f"progress row{'s' * (len(rows) > 1)} {', '.join(rows)}") if rows else ("actions sheet" if sheet else "")
        )
        return YearAction(
            self.view.ref[a],
            str(d["text"]),
            tuple(str(self.G.nodes[p]["name"]) for p in self.view.leads[a]),
            group,
            status,
            str(reports[-1]["date"]) if reports else (str(d["status_date"]) if sheet else ""),
            str(d["due"]),
            due,
            reasons,
            revised,
            str(reports[-1]["note"]) if reports else "",
            source,
            a,
        )

    def outcome(self, key: str, title: str) -> YearOutcome:
        node = outcome_id(self.view.framework, key)
        mine = [a for a in self.view.actions if node in self.view.delivers[a]]
        own = [a for a in mine if self.G.nodes[a]["outcome"] == key]
        taken = sorted(
            (y for a in own if (y := self.actions[a]) is not None), key=lambda y: (list(GROUPS).index(y.group), y.ref)
        )
        also = tuple(sorted(self.view.ref[a] for a in mine if a not in own and self.actions[a] is not None))
        done_before = self.start - timedelta(days=1)
        quiet = tuple(
            sorted(
                self.view.ref[a]
                for a in own
                if self.actions[a] is None and self.status_at(a, done_before) != "complete"
            )
        )
        return YearOutcome(key, title, tuple(taken), also, quiet, self.indicators(key), *self.score(key), node)

    def indicators(self, key: str) -> tuple[YearIndicator, ...]:
        out, listed = [], set()
        for i in self.view.indicators:
            d = self.G.nodes[i]
            if d["outcome"] != key:
                continue
            listed.add(fold(str(d["name"])))
            values = {
                str(m["period"]): m
                for _, m_id, k in self.G.out_edges(i, keys=True)
                if k == "VALUE"
                for m in [self.G.nodes[m_id]]
            }
            this, before = values.get(self.year), values.get(self.last_year)
            quarters = tuple(
                f"{p[-2:]}: {values[p]['value']:g}" for p in sorted(values) if p.startswith(self.year + " Q")
            )
            used = [
                values[p]
                for p in sorted(values)
                if p == self.year or p == self.last_year or p.startswith(self.year + " Q")
            ]
            rows = [str(m["row"]) for m in used]
            move = self.moves.get((i, self.year))
            out.append(
                YearIndicator(
                    str(d["name"]),
                    str(d["indicator_kind"]),
                    float(this["value"]) if this else None,
                    float(before["value"]) if before else None,
                    str((this or before or {}).get("unit", "")),
                    move.change if move and move.before == self.last_year else None,
                    move.judged if move and move.before == self.last_year else "",
                    quarters,
                    f"indicator_values row{'s' * (len(rows) > 1)} {', '.join(rows)}" if rows else "",
                    i,
                )
            )
        for text in self._national_indicators(key):
            if fold(text) not in listed:
                out.append(YearIndicator(text, "national", None, None, "", None, "", (), "", ""))
        return tuple(out)

    def _national_indicators(self, key: str) -> tuple[str, ...]:
        found = [o for o in load_framework(self.view.framework).outcomes if o.key == key]
        return found[0].national_indicators if found else ()

    def score(self, key: str) -> tuple[float | None, float | None, str, str, str]:
        """The outcome's self-assessment for the year and the year before."""
        this, before = self.scores.get((key, self.year)), self.scores.get((key, self.last_year))
        if this is None:
            return None, float(before["score"]) if before else None, "", "", ""
        return (
            float(this["score"]),
            float(before["score"]) if before else None,
            str(this["scale"]),
            str(this["evidence"]),
            f"self_assessment row {this['row']}",
        )


@dataclass(frozen=True)
class NationalOutcome:
    """A national outcome across the partnerships' plans in a year."""

    framework: str  # its framework's name
    key: str
    title: str
    plans: int  # the plans written against its framework whose period holds the year
    reporting: int  # of those, the ones that report an action taken towards it in the year
    actions: int  # the actions taken towards it (each under its own outcome)
    completed: int
    revised: int  # timescales revised in the year (whatever the action's group)
    outstanding: int
    not_reported: int  # its actions not complete with no report in the year
    assessed: int  # the plans that self-assessed it for the year
    scores: tuple[str, ...]  # each plan's score ("midlothian-2017-2020: 6 of 1-10")
    node: str = node_field()


@dataclass(frozen=True)
class NationalBody:
    """A national body (a partner of national scope) across the plans: its load and slippage."""

    partner: str
    plans: int  # the plans in which it leads an action
    led: int  # the actions it leads
    taken: int  # of those, taken in the year
    revised: int  # revised in the year
    outstanding: int  # outstanding at the year's end
    node: str = node_field()


@dataclass(frozen=True)
class NationalReturn:
    """Every plan's year together: the view Community Justice Scotland writes its national report
    from."""

    year: str
    plans: tuple[str, ...]  # each plan as a board names it ("Midlothian 2017–2020")
    outcomes: tuple[NationalOutcome, ...]  # by framework, then in each framework's order
    bodies: tuple[NationalBody, ...]  # most actions led first


def national_return(G: nx.MultiDiGraph, year: str) -> NationalReturn:
    """Each national outcome and each national body across every plan of the graph in ``year``.

    >>> from cjgraph.examples import tiny_history_graph
    >>> r = national_return(tiny_history_graph(), "2018-19")
    >>> [(o.key, o.reporting, o.completed, o.revised) for o in r.outcomes if o.actions]
    [('access', 1, 1, 1)]

    Raises
    ------
    UsageError : ``year`` is not a reporting year, or no plan's period holds it.
    GraphError : a graph that breaks the contract.
    """
    start, end = year_bounds(year)
    years = {pid: _Year(G, pid, start, end) for pid in plan_ids(G) if _in_period(G, pid, start, end)}
    if not years:
        raise UsageError(f"no plan of the graph runs in {year}.")
    returns = {pid: y.answer() for pid, y in years.items()}
    outcomes = []
    for fw in dict.fromkeys(y.view.framework for y in years.values()):
        mine = [r for pid, r in returns.items() if years[pid].view.framework == fw]
        for o in load_framework(fw).outcomes:
            outcomes.append(_national_outcome(load_framework(fw).name, o.key, o.title, mine, fw))
    bodies = _bodies(G, years)
    titles = tuple(r.title for r in returns.values())
    return NationalReturn(reporting_year(year) or year, titles, tuple(outcomes), bodies)


def _national_outcome(name: str, key: str, title: str, returns: list[AnnualReturn], fw: str) -> NationalOutcome:
    each = [next(o for o in r.outcomes if o.key == key) for r in returns]
    scored = [(r.plan, o) for r, o in zip(returns, each, strict=True) if o.score is not None]
    return NationalOutcome(
        name,
        key,
        title,
        len(returns),
        sum(bool(o.actions) for o in each),
        sum(len(o.actions) for o in each),
        sum(o.count("completed") for o in each),
        sum(a.revised for o in each for a in o.actions),
        sum(o.count("outstanding") for o in each),
        sum(len(o.not_reported) for o in each),
        len(scored),
        tuple(f"{pid}: {o.score:g} of {o.scale or 'its scale'}" for pid, o in scored),
        outcome_id(fw, key),
    )


def _bodies(G: nx.MultiDiGraph, years: dict[str, _Year]) -> tuple[NationalBody, ...]:
    load: dict[str, list[tuple[str, str]]] = {}  # partner -> (plan, action) it leads
    for pid, y in years.items():
        for a in y.view.actions:
            for p in y.view.leads[a]:
                if G.nodes[p]["scope"] == "national":
                    load.setdefault(p, []).append((pid, a))
    out = []
    for p, led in load.items():
        taken = [(pid, years[pid].actions[a]) for pid, a in led if years[pid].actions[a] is not None]
        out.append(
            NationalBody(
                str(G.nodes[p]["name"]),
                len({pid for pid, _ in led}),
                len(led),
                len(taken),
                sum(years[pid].revised(a) for pid, a in led),
                sum(y.group == "outstanding" for _, y in taken if y is not None),
                p,
            )
        )
    return tuple(sorted(out, key=lambda b: (-b.led, b.partner)))
