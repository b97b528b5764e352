"""Synthetic plans of the same shape as the real ones, for benchmarks and tests.

Each plan belongs to a council area, covers every outcome of its framework (the default one
unless asked) with 40-80 actions in all,
has 1-3 leads and 0-3 contributors per action drawn from the area's statutory partners,
national bodies, common local services and collectives, month-year or open-ended
timescales, national and local indicators per outcome and link lists from indicators to
actions (some actions left unlinked, as in real plans). The same seed gives the same plans.

Examples
--------
>>> plans = synthetic_plans(3, seed=1)
>>> [p.info.id for p in plans]
['aberdeen-city-2017-2020', 'aberdeenshire-2017-2020', 'angus-2017-2020']
>>> all(40 <= len(p.actions) <= 80 for p in plans)
True
>>> synthetic_plans(3, seed=1) == plans
True
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from cjgraph.framework import (
    DEFAULT_FRAMEWORK,
    Framework,
    load_framework,
    load_registry,
    registry_entry,
    statutory_partners,
)
from cjgraph.loaders.needs import propose_needs
from cjgraph.model import Action, Assessment, Indicator, IndicatorLink, IndicatorValue, Partner, Plan, PlanInfo, Update
from cjgraph.timescales import parse_timescale

__all__ = ["synthetic_plans", "synthetic_history"]

_VERBS = ("Develop", "Review", "Improve", "Extend", "Pilot", "Agree", "Establish", "Evaluate", "Map", "Deliver")
_OBJECTS = (
    "a housing pathway for people leaving custody",
    "access to GP and dental services on release",
    "mentoring and peer support for young people",
    "employability support with local employers",
    "drug and alcohol recovery services in the community",
    "family support for people with convictions",
    "benefits and debt advice at the point of arrest",
    "mental health assessment in police custody",
    "restorative justice options for young people",
    "unpaid work placements that build skills",
    "information sharing between partners",
    "training in trauma informed practice for staff",
    "community awareness of community justice",
    "diversion from prosecution",
    "a programme challenging attitudes to offending",
)
_LOCAL = (
    "Criminal Justice Social Work",
    "Community Justice Co-ordinator",
    "Housing",
    "Education",
    "Third Sector",
    "All Partners",
    "Children and Families Service",
    "Alcohol and Drug Partnership",
)
_NATIONAL = (
    "Police Scotland",
    "Scottish Prison Service",
    "Skills Development Scotland",
    "Scottish Fire and Rescue Service",
    "Department for Work and Pensions",
    "Sacro",
)
_MONTHS = ("March", "June", "September", "December")


def synthetic_plans(
    n: int,
    *,
    seed: int = 0,
    actions: tuple[int, int] = (40, 80),
    framework: str = DEFAULT_FRAMEWORK,
    quarters: int = 0,
) -> list[Plan]:
    """``n`` synthetic plans written against ``framework`` (council areas in turn; ids made
    unique past 32), each with ``quarters`` quarters of history (:func:`synthetic_history`)."""
    rng = random.Random(seed)
    fw = load_framework(framework)
    areas = sorted(a for b in load_registry() if b.type == "council" for a in b.areas)
    plans = [_plan(rng, fw, areas[i % len(areas)], i // len(areas), actions) for i in range(n)]
    return [synthetic_history(p, quarters=quarters, seed=seed) for p in plans] if quarters else plans


_REASONS = (
    "funding came late",
    "a post was vacant for two quarters",
    "waiting on national guidance",
    "partner capacity taken up by other work",
    "the venue was not available",
)
# how a reported status moves from one quarter to the next (weights of the statuses after it)
_NEXT = {
    "": {"": 3, "not-started": 2, "on-track": 5},
    "not-started": {"not-started": 3, "on-track": 6, "at-risk": 1},
    "on-track": {"on-track": 12, "at-risk": 3, "complete": 4, "off-track": 1},
    "at-risk": {"on-track": 4, "at-risk": 3, "off-track": 2, "complete": 1},
    "off-track": {"at-risk": 4, "off-track": 4, "on-track": 2},
}


def synthetic_history(plan: Plan, *, quarters: int = 12, seed: int = 0, note: str = "") -> Plan:
    """``plan`` with ``quarters`` quarters of made-up history from the start of its period: a
    progress report per action most quarters (none ever for about one action in twenty;
    statuses moving as a board sees them; a due date
    near at hand put back six months with a reason when an action falls behind), a value per
    reporting year for each indicator (and per quarter for the first of each outcome), which way
    is better said for each, and a self-assessment of each outcome per year. ``note`` labels the
    plan's history (``PlanInfo.history_note``). The same plan and seed give the same history.

    >>> plan = synthetic_history(synthetic_plans(1)[0], quarters=4)
    >>> sorted({str(u.date) for u in plan.updates})
    ['2017-06-30', '2017-09-30', '2017-12-31', '2018-03-31']
    """
    from dataclasses import replace

    from cjgraph.progress import reporting_quarter

    rng = random.Random(f"{seed}:{plan.info.id}")
    start = date.fromisoformat(plan.info.period_start or "2017-04-01")
    ends = [date.fromisoformat(reporting_quarter(_months_after(start, 3 * q))[1]) for q in range(quarters)]
    updates = [u for a in plan.actions for u in _reports(rng, a, ends)]
    updates.sort(key=lambda u: (u.date, u.ref))
    years = sorted({reporting_quarter(d)[0][:7] for d in ends})
    indicators = tuple(replace(i, better=rng.choice(("higher", "higher", "lower"))) for i in plan.indicators)
    return replace(
        plan,
        info=replace(plan.info, history_note=note or plan.info.history_note),
        updates=tuple(updates),
        indicators=indicators,
        indicator_values=tuple(_values(rng, indicators, years, ends)),
        assessments=tuple(_scores(rng, plan, years)),
    )


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _reports(rng: random.Random, a: Action, ends: list[date]) -> list[Update]:
    status, due, out = "", a.due, list[Update]()
    if rng.random() < 0.05:  # an action whose lead never reports on it
        return out
    for end in ends:
        status = rng.choices(list(_NEXT[status]), weights=list(_NEXT[status].values()))[0]
        if not status or (status != "complete" and rng.random() < 0.1):  # nothing to report, or a quarter missed
            continue
        revised, reason = None, ""
        behind = status in ("at-risk", "off-track")
        if behind and due is not None and (due - end).days < 183 and rng.random() < 0.6:
            revised, reason = _months_after(due, 7) - timedelta(days=1), rng.choice(_REASONS)  # 6 months on
            due = revised
        out.append(Update(a.ref, end, status, revised, reason, reported_by=a.leads[0] if a.leads else ""))
        if status == "complete":
            break
    return out


def _values(
    rng: random.Random, indicators: tuple[Indicator, ...], years: list[str], ends: list[date]
) -> list[IndicatorValue]:
    from cjgraph.progress import reporting_quarter

    out, first = [], set()
    for i in indicators:
        value = float(rng.randint(20, 200))
        for year in years:
            out.append(IndicatorValue(i.outcome, i.indicator, year, value, "people", "synthetic returns"))
            value = max(0.0, round(value * rng.uniform(0.85, 1.15)))
        if i.outcome not in first:
            first.add(i.outcome)
            for end in ends:
                out.append(IndicatorValue(i.outcome, i.indicator, reporting_quarter(end)[0], float(rng.randint(5, 60))))
    return out


def _scores(rng: random.Random, plan: Plan, years: list[str]) -> list[Assessment]:
    out = []
    for outcome in dict.fromkeys(a.outcome for a in plan.actions):
        score = float(rng.randint(3, 7))
        for year in years:
            out.append(Assessment(outcome, year, score, "1-10", "synthetic self-assessment session"))
            score = float(min(10, max(1, score + rng.choice((-1, 0, 1, 1)))))
    return out


def _plan(rng: random.Random, fw: Framework, area: str, round_: int, sizes: tuple[int, int]) -> Plan:
    start = 2017 + round_ % 5
    slug = "-".join(area.lower().replace("'", "").split())
    pid = f"{slug}-{start}-{start + 3}" + (f"-{round_ // 5 + 1}" if round_ >= 5 else "")
    statutory = [b.canonical for _, b in statutory_partners(area)]
    pool = statutory + list(_NATIONAL) + list(_LOCAL) + [f"{area} Third Sector Interface"]
    total = rng.randint(*sizes)
    width = len(fw.outcomes)
    per = [total // width + (1 if k < total % width else 0) for k in range(width)]
    acts: list[Action] = []
    indicators: list[Indicator] = []
    links: list[IndicatorLink] = []
    used: set[str] = set()
    for k, (o, count) in enumerate(zip(fw.outcomes, per, strict=True)):
        same_type = [p for p in fw.outcomes[: k + 1] if p.type == o.type]  # "SO3", "PC1": per outcome type
        prefix = f"{fw.ref_prefixes.get(o.type, 'O')}{len(same_type)}"
        refs = []
        for j in range(1, count + 1):
            ref = f"{prefix}.{j}"
            text = f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} in {area}."
            leads = tuple(rng.sample(pool, rng.choice((1, 1, 1, 2, 2, 3))))
            contributors = tuple(c for c in rng.sample(pool, rng.randint(0, 3)) if c not in leads)
            timescale = (
                rng.choice(("Ongoing", "As required"))
                if rng.random() < 0.12
                else f"{rng.choice(_MONTHS)} {start + rng.randint(0, 3)}"
            )
            needs, evidence = propose_needs(text)
            acts.append(
                Action(
                    ref,
                    o.key,
                    text,
                    leads,
                    contributors,
                    timescale,
                    parse_timescale(timescale).due,
                    needs,
                    evidence,
                    status=rng.choice(("", "", "on-track", "complete", "at-risk")),
                    status_date=date(start + 1, 3, 31),
                )
            )
            used.update(leads, contributors)
            refs.append(ref)
        inds = [Indicator(o.key, "national", t) for t in o.national_indicators]
        inds += [
            Indicator(o.key, "local", f"Number of people supported by {prefix} actions ({m})")
            for m in range(rng.randint(0, 3))
        ]
        indicators += inds
        linked = tuple(r for r in refs if rng.random() > 0.1)
        links += [IndicatorLink(o.key, i.indicator, linked) for i in inds if i.kind == "national"]
    partners = []
    for name in sorted(used):
        body = registry_entry(name)
        partners.append(Partner(name, (name,), body.kind if body else "third-sector", body.scope if body else "local"))
    info = PlanInfo(
        id=pid,
        partnership=area,
        title=f"{area} Community Justice Outcomes Improvement Plan (synthetic)",
        period_start=f"{start}-04-01",
        period_end=f"{start + 3}-03-31",
        source="synthetic",
        framework=fw.id,
    )
    return Plan(info, tuple(acts), tuple(indicators), tuple(links), tuple(partners))
