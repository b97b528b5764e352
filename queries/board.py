"""The board pack's lines: the answers of the other questions in words a board reads — plan
titles for plan ids, outcome titles for outcome keys, a sentence for a gap reason, every action
with its text, leads, due date and status (with its RAG colour), and gaps that share one cause
as one line with a count and the list behind it. The words for codes are data
(``cjgraph/data/words.toml``); the codes stay in each record beside them.

Examples
--------
>>> from datetime import date
>>> from cjgraph.examples import tiny_graph
>>> from cjgraph.queries import find_gaps, timeline
>>> G = tiny_graph()
>>> plan_title(G, "tiny-2018-2021")
'Fife 2018–2021'
>>> line = action_lines(G, timeline(G, as_of=date(2019, 6, 30)))[0]
>>> line.ref, line.leads, line.status, line.rag, line.overdue, line.no_update
('A1', ('Police Scotland', 'Sacro'), 'Not reported', 'grey', False, True)
>>> [g.sentence for g in gap_lines(G, find_gaps(G, reasons=["action-without-indicator"]))]
['2 actions linked to no indicator']
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx

from cjgraph.contract import need_id, node_field, outcome_id
from cjgraph.queries.gaps import Gap
from cjgraph.queries.paths import Chain
from cjgraph.queries.schedule import TimelineItem
from cjgraph.queries.select import plan_view
from cjgraph.queries.withdrawal import SinglePointOfFailure

__all__ = [
    "ActionLine",
    "GapLine",
    "FailureLine",
    "ChainLine",
    "plan_title",
    "action_lines",
    "gap_lines",
    "failure_lines",
    "chain_lines",
]

SHORT_TEXT = 140  # characters of an action's text in a table row (the whole text on hover and in the xlsx)


@cache
def _words() -> dict[str, Any]:
    text = resources.files("cjgraph").joinpath("data", "words.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class ActionLine:
    """An action as a board reads it: what, who, when and how it is going."""

    plan: str
    plan_title: str
    action: str  # the node id
    ref: str
    text: str
    leads: tuple[str, ...]
    outcomes: tuple[str, ...]  # titles
    due: str
    timescale: str
    status: str  # in words ("On track"; "Not reported")
    rag: str  # red, amber, green, blue (complete), grey (not reported)
    overdue: bool  # past its due date, not complete, and a status was reported
    days_overdue: int  # days past its due date (overdue, or with no update)
    on_track_but_overdue: bool  # reported on track (or not started) though its due date has passed
    no_update: bool  # past its due date and no status was ever reported: not known to be late


@dataclass(frozen=True)
class GapLine:
    """Gaps of one reason (or one cause) in a plan: a sentence, how many, and which."""

    plan: str
    plan_title: str
    reason: str  # the gap reason code, or "no-action-indicator-links"
    sentence: str
    count: int
    subjects: tuple[str, ...]  # in words: outcome titles, need names, "ref: action text", ...


@dataclass(frozen=True)
class FailureLine:
    """A single point of failure in words: the partner, and the outcomes and needs left with no action."""

    plan: str
    plan_title: str
    partner: str
    sole_led: int
    leaves: tuple[str, ...]  # outcome titles and need names


def plan_title(G: nx.MultiDiGraph, plan: str) -> str:
    """A plan as a board names it: its partnership and period ("Midlothian 2017–2020")."""
    return plan_view(G, plan).title


def _outcome(G: nx.MultiDiGraph, plan: str, key: str) -> str:
    node = outcome_id(plan_view(G, plan).framework, key)
    return str(G.nodes[node]["name"]) if node in G else key


def _status(status: str) -> tuple[str, str]:
    entry = _words()["statuses"].get(status or "unreported", _words()["statuses"]["unreported"])
    return entry["words"], entry["rag"]


def action_lines(G: nx.MultiDiGraph, items: list[TimelineItem]) -> list[ActionLine]:
    """The timeline's items (:func:`~cjgraph.queries.timeline`) in words, in their order."""
    out = []
    for i in items:
        node = i.node
        view = plan_view(G, i.plan)
        words, rag = _status(i.status)
        out.append(
            ActionLine(
                plan=i.plan,
                plan_title=plan_title(G, i.plan),
                action=node,
                ref=i.ref,
                text=str(G.nodes[node].get("text", "")),
                leads=tuple(G.nodes[p]["name"] for p in view.leads[node]),
                outcomes=tuple(str(G.nodes[o]["name"]) for o in view.delivers[node]),
                due=i.due,
                timescale=i.timescale,
                status=words,
                rag="red" if i.overdue and rag in ("green", "amber") else rag,  # no update stays grey
                overdue=i.overdue and bool(i.status),
                days_overdue=i.days_overdue,
                on_track_but_overdue=i.overdue and i.status in ("on-track", "not-started"),
                no_update=i.overdue and not i.status,
            )
        )
    return out


def _subject(G: nx.MultiDiGraph, g: Gap) -> str:
    """What a gap is about, in words: its node's name (an outcome's or a need's title), an
    action's ref and text."""
    d = G.nodes[g.node] if g.node in G else {}
    if d.get("kind") == "Action":
        return f"{g.subject}: {d['text']}" if d.get("text") else g.subject
    if d.get("kind") in ("Outcome", "Need", "PriorityAction"):
        return str(d.get("name") or g.subject)
    return g.subject


def gap_lines(G: nx.MultiDiGraph, gaps: list[Gap]) -> list[GapLine]:
    """The gaps (:func:`~cjgraph.queries.find_gaps`) as a line per plan and reason; a plan that
    links no action to any indicator gets one line for its actions without indicators and its
    indicators without actions (one cause)."""
    groups: dict[tuple[str, str], list[Gap]] = {}
    for g in gaps:
        groups.setdefault((g.plan, g.reason), []).append(g)
    sentences = _words()["reasons"]
    out = []
    for (plan, reason), rows in groups.items():
        if reason in ("action-without-indicator", "indicator-without-action") and _unlinked(G, plan):
            if reason == "indicator-without-action":
                continue  # said with the actions' line
            indicators = groups.get((plan, "indicator-without-action"), [])
            sentence = sentences["no-action-indicator-links"].format(actions=len(rows), indicators=len(indicators))
            subjects = tuple(_subject(G, g) for g in rows) + tuple(g.subject for g in indicators)
            out.append(
                GapLine(plan, plan_title(G, plan), "no-action-indicator-links", sentence, len(subjects), subjects)
            )
            continue
        one, many = sentences[reason]
        sentence = one if len(rows) == 1 else many.format(n=len(rows))
        out.append(GapLine(plan, plan_title(G, plan), reason, sentence, len(rows), tuple(_subject(G, g) for g in rows)))
    return out


def _unlinked(G: nx.MultiDiGraph, plan: str) -> bool:
    """The plan has actions and indicators but links none of them."""
    view = plan_view(G, plan)
    return bool(view.actions) and bool(view.indicators) and not any(view.measured_by[a] for a in view.actions)


def failure_lines(G: nx.MultiDiGraph, failures: list[SinglePointOfFailure]) -> list[FailureLine]:
    """Single points of failure (:func:`~cjgraph.queries.single_points_of_failure`) in words."""
    out = []
    for s in failures:
        needs = tuple(str(G.nodes[need_id(n)]["name"]) if need_id(n) in G else n for n in s.needs)
        leaves = tuple(_outcome(G, s.plan, o) for o in s.outcomes) + needs
        out.append(FailureLine(s.plan, plan_title(G, s.plan), s.partner, s.sole_led, leaves))
    return out


@dataclass(frozen=True)
class ChainLine:
    """What depends on one lead partner in a plan, in words: the chains partner → action →
    outcome → indicator (or need) that run through it, and where they stop short."""

    plan: str
    plan_title: str
    partner: str
    actions: int  # the actions it leads
    outcomes: tuple[str, ...]  # titles of the outcomes those actions deliver
    indicators: int  # indicators measuring those actions
    needs: tuple[str, ...]  # names of the needs those actions address
    unmeasured: tuple[str, ...]  # refs of its actions that reach no indicator: a chain that stops short
    node: str = node_field()  # the partner


def chain_lines(G: nx.MultiDiGraph, found: list[Chain]) -> list[ChainLine]:
    """The chains of :func:`~cjgraph.queries.chains` per plan and lead partner, the partners on
    whom most depends first (most actions led, then most indicators reached).

    >>> from cjgraph.examples import tiny_graph
    >>> from cjgraph.queries import chains
    >>> G = tiny_graph()
    >>> [(c.partner, c.actions, c.indicators, c.unmeasured) for c in chain_lines(G, chains(G))][:2]
    [('Police Scotland', 2, 1, ('A3',)), ('Sacro', 2, 1, ('A2',))]
    """
    by: dict[tuple[str, str], list[Chain]] = {}
    for c in found:
        if c.role == "leads" and c.nodes[0]:
            by.setdefault((c.plan, c.nodes[0]), []).append(c)
    out = []
    for (plan, node), mine in by.items():
        refs = {c.ref for c in mine}
        measured = {c.ref for c in mine if c.target_kind == "Indicator"}
        out.append(
            ChainLine(
                plan=plan,
                plan_title=plan_title(G, plan),
                partner=mine[0].partner,
                actions=len(refs),
                outcomes=tuple(sorted({_outcome(G, plan, c.outcome) for c in mine if c.outcome})),
                indicators=len({c.nodes[3] for c in mine if c.target_kind == "Indicator"}),
                needs=tuple(sorted({str(G.nodes[c.nodes[3]]["name"]) for c in mine if c.target_kind == "Need"})),
                unmeasured=tuple(sorted(refs - measured)),
                node=node,
            )
        )
    return sorted(out, key=lambda x: (x.plan, -x.actions, -x.indicators, x.partner))
