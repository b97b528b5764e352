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
from datetime import date

from cjgraph.framework import (
    DEFAULT_FRAMEWORK,
    Framework,
    load_framework,
    load_registry,
    registry_entry,
    statutory_partners,
)
from cjgraph.loaders.needs import propose_needs
from cjgraph.loaders.timescales import parse_timescale
from cjgraph.model import Action, Indicator, IndicatorLink, Partner, Plan, PlanInfo

__all__ = ["synthetic_plans"]

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
    n: int, *, seed: int = 0, actions: tuple[int, int] = (40, 80), framework: str = DEFAULT_FRAMEWORK
) -> list[Plan]:
    """``n`` synthetic plans written against ``framework`` (council areas in turn; ids made
    unique past 32)."""
    rng = random.Random(seed)
    fw = load_framework(framework)
    areas = sorted(a for b in load_registry() if b.type == "council" for a in b.areas)
    return [_plan(rng, fw, areas[i % len(areas)], i // len(areas), actions) for i in range(n)]


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
