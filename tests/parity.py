"""What each query of the Cypher library must answer: the networkx answer of the same question,
as rows of the columns compared. Shared by the embedded-engine and the Bolt-server tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import networkx as nx

from cjgraph.queries import (
    ALL_PLANS,
    assessment_movement,
    chains,
    compare_plans,
    find_gaps,
    impact,
    indicator_movement,
    lead_load,
    outcomes_off_track,
    partner_links,
    partner_network,
    rag_trend,
    single_points_of_failure,
    slippage,
    slippage_by_partner,
    stalled,
    status_on,
    timeline,
)

Rows = list[tuple[Any, ...]]
AS_OF = "2018-04-01"


def norm(value: Any) -> Any:
    """Lists compare as sorted tuples (Cypher's collect has no order); numbers as numbers."""
    if isinstance(value, list | tuple):
        return tuple(sorted(norm(v) for v in value))
    return value


def rows(answer_rows: list[list[Any]], columns: int | tuple[int, ...]) -> Rows:
    """The compared columns of a query's rows, sorted."""
    cols = tuple(range(columns)) if isinstance(columns, int) else columns
    return sorted(tuple(norm(r[c]) for c in cols) for r in answer_rows)


def _plan(p: dict[str, str]) -> str | None:
    return p["plan"] or None


def _gap(reason: str) -> Callable[[nx.MultiDiGraph, dict[str, str]], Rows]:
    return lambda G, p: sorted((g.plan, g.reason, g.subject) for g in find_gaps(G, plan=_plan(p), reasons=[reason]))


def _spof(G: nx.MultiDiGraph, p: dict[str, str]) -> Rows:
    out = []
    for s in single_points_of_failure(G, plan=_plan(p)):
        out += [(s.plan, s.partner, "outcome", o) for o in s.outcomes]
        out += [(s.plan, s.partner, "need", n) for n in s.needs]
    return sorted(out)


def _timeline(G: nx.MultiDiGraph, p: dict[str, str]) -> Rows:
    return sorted(
        (
            i.plan,
            i.ref,
            norm(i.outcome.split(",") if i.outcome else []),
            i.due,
            i.quarter,
            i.timescale,
            i.status,
            i.overdue,
            i.days_overdue,
            i.vague,
        )
        for i in timeline(G, plan=_plan(p), as_of=date.fromisoformat(p["as_of"]))
    )


# query name -> (the networkx answer, the columns of the query's rows compared with it)
EXPECTED: dict[str, tuple[Callable[[nx.MultiDiGraph, dict[str, str]], Rows], int | tuple[int, ...]]] = {
    "lead_load": (
        lambda G, p: sorted(
            (r.plan, r.partner, r.led, r.sole, r.weighted, r.contributed)
            for r in lead_load(G, plan=_plan(p))
            if r.plan != ALL_PLANS
        ),
        6,
    ),
    **{
        name: (_gap(name.replace("_", "-")), 3)
        for name in (
            "priority_action_unserved",
            "action_without_indicator",
            "action_without_date",
            "action_without_lead",
            "statutory_partner_leads_nothing",
            "need_unaddressed",
            "outcome_without_action",
            "outcome_unmeasured",
            "outcome_only_qualitative",
            "indicator_without_action",
            "collective_lead",
        )
    },
    "overdue": (
        lambda G, p: sorted(
            (i.plan, i.ref, i.due)
            for i in timeline(G, plan=_plan(p), as_of=date.fromisoformat(p["as_of"]))
            if i.overdue
        ),
        3,
    ),
    "impact": (
        lambda G, p: sorted(
            (i.plan, i.partner, i.subject)
            for i in impact(G, p["partner"], plan=_plan(p))
            if i.effect == "action-left-without-lead"
        ),
        (0, 1, 3),
    ),
    "chains": (
        lambda G, p: sorted(
            (c.plan, c.partner, c.role, c.ref, c.outcome, c.target_kind, c.target)
            for c in chains(G, p["start"] or None, plan=_plan(p))
        ),
        7,
    ),
    "single_points_of_failure": (_spof, 4),
    "status_on": (
        lambda G, p: sorted(
            (
                s.plan,
                s.ref,
                s.as_of,
                s.status,
                s.reported,
                s.due,
                s.original_due,
                s.overdue,
                s.no_update,
                s.days_overdue,
            )
            for s in status_on(G, date.fromisoformat(p["as_of"]), plan=_plan(p))
        ),
        10,
    ),
    "slippage": (
        lambda G, p: sorted(
            (s.plan, s.ref, s.original_due, s.revised_due, s.revisions, s.days, norm(s.reasons), norm(s.leads))
            for s in slippage(G, plan=_plan(p))
        ),
        8,
    ),
    "indicator_movement": (
        lambda G, p: sorted(
            (
                m.plan,
                m.indicator,
                m.outcome,
                m.before,
                m.after,
                m.value_before,
                m.value_after,
                m.change,
                m.direction,
                m.judged,
            )
            for m in indicator_movement(G, plan=_plan(p))
        ),
        10,
    ),
    "assessment_movement": (
        lambda G, p: sorted(
            (m.plan, m.outcome, m.before, m.after, m.score_before, m.score_after, m.change, m.scale)
            for m in assessment_movement(G, plan=_plan(p))
        ),
        8,
    ),
    "slippage_by_partner": (
        lambda G, p: sorted(
            (s.plan, s.partner, s.led, s.slipped, s.revisions, s.days) for s in slippage_by_partner(G, plan=_plan(p))
        ),
        6,
    ),
    "outcomes_off_track": (
        lambda G, p: sorted(
            (o.plan, o.outcome, o.as_of, o.actions, norm(o.refs))
            for o in outcomes_off_track(G, date.fromisoformat(p["as_of"]), plan=_plan(p))
        ),
        5,
    ),
    "rag_trend": (
        lambda G, p: sorted(
            (r.plan, r.outcome, r.quarter, r.quarter_end, r.actions, r.complete, r.on_track, r.at_risk)
            + (r.off_track, r.not_started, r.no_update, r.rag)
            for r in rag_trend(G, plan=_plan(p))
        ),
        12,
    ),
    "stalled": (
        lambda G, p: sorted(
            (s.plan, s.ref, s.as_of, s.last_reported, s.days_since, s.status, norm(s.leads))
            for s in stalled(G, date.fromisoformat(p["as_of"]), days=int(p["days"]), plan=_plan(p))
        ),
        7,
    ),
    "timeline": (_timeline, 10),
    "network": (
        lambda G, p: sorted(
            (r.plan, r.partner, r.actions, r.degree, r.weighted_degree) for r in partner_network(G, plan=_plan(p))
        ),
        5,
    ),
    "partner_links": (
        lambda G, p: sorted(
            (r.plan, r.partner_a, r.partner_b, r.shared, norm(r.refs)) for r in partner_links(G, plan=_plan(p))
        ),
        5,
    ),
    "compare": (
        lambda G, p: sorted(
            (c.outcome, c.plan, c.actions, c.lead_partners, c.indicators, c.linked_indicators, norm(c.needs))
            for c in compare_plans(G)
            if not c.via and (not p["plan"] or c.plan == p["plan"])  # the library query: own outcomes only
        ),
        7,
    ),
}

# the parameters each query is tried with (besides $plan)
CASES: dict[str, list[dict[str, str]]] = {
    "impact": [
        {"partner": "Community Justice Co-ordinator"},
        {"partner": "Scottish Prison Service"},
        {"partner": "All Partners"},
    ],
    "chains": [
        {"start": ""},
        {"start": "partner:police-scotland"},
        {"start": "action:north-lanarkshire-2017-2020:SO3.7"},
        {"start": "need:housing"},
    ],
    "overdue": [{"as_of": AS_OF}, {"as_of": "2019-10-01"}],
    "timeline": [{"as_of": AS_OF}, {"as_of": "2019-10-01"}],
    "status_on": [{"as_of": "2018-07-01"}, {"as_of": "2019-06-30"}, {"as_of": "2019-10-01"}],
    "stalled": [{"as_of": "2019-06-30", "days": "180"}, {"as_of": "2018-10-01", "days": "30"}],
    "outcomes_off_track": [{"as_of": "2019-06-30"}, {"as_of": "2020-01-31"}],
}


# the parameters each query is tried with on gappy_graph() (its partners and nodes)
GAPPY_CASES: dict[str, list[dict[str, str]]] = {
    **CASES,
    "impact": [{"partner": "Police Scotland"}, {"partner": "All Partners"}],
    "chains": [{"start": ""}, {"start": "partner:police-scotland"}, {"start": "need:housing"}],
}


def params(name: str, plan: str = "", cases: dict[str, list[dict[str, str]]] = CASES) -> list[dict[str, str]]:
    """Every parameter set a query is tried with."""
    base = {"plan": plan, "as_of": AS_OF, "partner": "", "start": "", "days": "90"}
    return [{**base, **case} for case in cases.get(name, [{}])]


def gappy_graph() -> nx.MultiDiGraph:
    """Three synthetic plans and two tiny ones where every gap reason occurs: an action with no
    lead, no date, no indicator; a collective lead; a need nobody addresses; an outcome with no
    action, one measured only qualitatively, one not measured; an indicator no action uses; a
    2023 plan serving one priority action's outcome and none of the others; and the tiny plan
    with its history (progress reports with a revision, an action never reported on)."""
    from cjgraph.examples import tiny_history_plan
    from cjgraph.examples.synthetic import synthetic_plans
    from cjgraph.graph import graph_from_plans
    from cjgraph.model import Action, Indicator, Partner, Plan, PlanInfo
    from cjgraph.progress import settle_history

    gappy = Plan(
        PlanInfo(id="gappy-2020-2023", partnership="Angus"),
        actions=(
            Action("G1", "access", "Find a home for everyone leaving custody.", leads=(), needs=("housing",)),
            Action("G2", "access", "Talk to people.", leads=("All Partners",), timescale="Ongoing"),
        ),
        indicators=(
            Indicator("access", "local", "Number of people housed"),
            Indicator("communities", "local", "Feedback from the community"),
        ),
        partners=(Partner("All Partners", kind="collective"),),
    )
    served = Plan(
        PlanInfo(id="served-2023-2028", partnership="Angus", framework="cjpf-2023"),
        actions=(Action("D1", "diversion", "Agree a diversion pathway.", leads=("Police Scotland",)),),
    )
    return graph_from_plans([*synthetic_plans(3, seed=11), gappy, served, settle_history(tiny_history_plan())[0]])
