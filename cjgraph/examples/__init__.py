"""The example plans bundled with cjgraph (Midlothian and North Lanarkshire CJOIPs 2017-2020,
as text extracted from the published documents).

>>> example_names()
('midlothian-2017-2020', 'north-lanarkshire-2017-2020')
>>> example_path("midlothian-2017-2020").name
'midlothian-2017-2020.txt'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from cjgraph.errors import UsageError

__all__ = [
    "ILLUSTRATIVE",
    "with_illustrative_history",
    "example_names",
    "example_path",
    "tiny_plan",
    "tiny_graph",
    "tiny_history_plan",
    "tiny_history_graph",
]


def example_names() -> tuple[str, ...]:
    """The ids of the bundled example plans."""
    folder = resources.files("cjgraph.examples")
    return tuple(sorted(e.name.removesuffix(".txt") for e in folder.iterdir() if e.name.endswith(".txt")))


def example_path(name: str) -> Path:
    """The path of a bundled example plan."""
    if name not in example_names():
        raise UsageError(f"no example plan {name!r}; the examples are {', '.join(example_names())}.")
    return Path(str(resources.files("cjgraph.examples").joinpath(f"{name}.txt")))


#: what the bundled examples' history is (it is not the partnerships')
ILLUSTRATIVE = (
    "illustrative: the progress, values and scores are made up by cjgraph to show a plan's life; "
    "they are not the partnership's reports"
)


def with_illustrative_history(path: Path, plan: Any) -> Any:
    """A bundled example plan read from ``path`` with its illustrative history (a quarter's
    reports for each quarter of its period, labelled :data:`ILLUSTRATIVE`), each action's status
    its latest report's; any other plan as it is."""
    folder = Path(str(resources.files("cjgraph.examples")))
    if path.suffix != ".txt" or path.parent.resolve() != folder.resolve() or path.stem not in example_names():
        return plan
    from cjgraph.examples.synthetic import synthetic_history
    from cjgraph.progress import settle_history

    start, end = plan.info.period_start, plan.info.period_end
    quarters = (int(end[:4]) - int(start[:4])) * 4 if start and end else 12
    return settle_history(synthetic_history(plan, quarters=quarters, note=ILLUSTRATIVE))[0]


def tiny_plan() -> Any:
    """A plan of three actions, small enough to show every question on in a docstring: Police
    Scotland leads two (one with Sacro, due March 2019 and June 2020), Sacro one (due March 2019),
    under two 2016 outcomes; one indicator, linked to the first action. It is a plan workbook
    (a folder of CSVs) bundled with cjgraph, read as any workbook is.

    >>> [a.ref for a in tiny_plan().actions]
    ['A1', 'A2', 'A3']
    """
    from cjgraph.workbook import read_plan

    return read_plan(Path(str(resources.files("cjgraph.examples").joinpath("tiny"))))


def tiny_graph() -> Any:
    """The graph of :func:`tiny_plan`.

    >>> tiny_graph()
    <PlanGraph: 1 plan (tiny-2018-2021); 3 Action, 1 Indicator, 9 Need, 7 Outcome, ... 1 Plan>
    """
    from cjgraph.graph import graph_from_plans

    return graph_from_plans([tiny_plan()])


def tiny_history_plan() -> Any:
    """:func:`tiny_plan` with a year of history (illustrative): A1 reported on track in June 2018,
    then at risk in September with its due date revised from March to September 2019 ("funding
    came late"); A2 complete in September 2018; A3 first reported on in December 2019,
    "Outstanding" (read as off track: the only action of its outcome). The indicator (higher is
    better) has values for 2018-19 and 2019-20, and for the first two quarters of 2019-20; its
    outcome (A1's and A2's) self-assessed at 6 of 10 for 2018-19 and 7.5 for 2019-20.

    >>> [(u.ref, str(u.date), u.status) for u in tiny_history_plan().updates][:3]
    [('A1', '2018-06-30', 'on-track'), ('A1', '2018-09-30', 'at-risk'), ('A2', '2018-09-30', 'complete')]
    """
    from dataclasses import replace
    from datetime import date

    from cjgraph.model import Assessment, IndicatorValue, Update

    plan = tiny_plan()
    outcome, indicator = plan.indicators[0].outcome, plan.indicators[0].indicator  # A1's and A2's outcome
    return replace(
        plan,
        updates=(
            Update("A1", date(2018, 6, 30), "on-track", reported_by="Police Scotland"),
            Update("A1", date(2018, 9, 30), "at-risk", date(2019, 9, 30), "funding came late", "bid resubmitted"),
            Update("A2", date(2018, 9, 30), "complete"),
            Update("A3", date(2019, 12, 31), "Outstanding", note="venue not yet found"),
        ),
        indicators=(replace(plan.indicators[0], better="higher"), *plan.indicators[1:]),
        indicator_values=(
            IndicatorValue(outcome, indicator, "2018-19", 41.0, "people", "Housing options returns"),
            IndicatorValue(outcome, indicator, "2019-20", 44.0, "people", "Housing options returns"),
            IndicatorValue(outcome, indicator, "2019-20 Q1", 12.5, "people"),
            IndicatorValue(outcome, indicator, "2019-20 Q2", 9.5, "people"),
        ),
        assessments=(
            Assessment(outcome, "2018-19", 6.0, "1-10", "start-of-year session"),
            Assessment(outcome, "2019-20", 7.5, "1-10", "end-of-year session"),
        ),
    )


def tiny_history_graph() -> Any:
    """The graph of :func:`tiny_history_plan`, each action's status its latest report's.

    >>> tiny_history_graph()
    <PlanGraph: 1 plan (tiny-2018-2021); 3 Action, 2 Assessment, 1 Indicator, 4 Measurement, ... 4 Update>
    """
    from cjgraph.graph import graph_from_plans
    from cjgraph.progress import settle_history

    return graph_from_plans([settle_history(tiny_history_plan())[0]])
