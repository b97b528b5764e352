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

__all__ = ["example_names", "example_path", "tiny_plan", "tiny_graph"]


def example_names() -> tuple[str, ...]:
    """The ids of the bundled example plans."""
    folder = resources.files("cjgraph.examples")
    return tuple(sorted(e.name.removesuffix(".txt") for e in folder.iterdir() if e.name.endswith(".txt")))


def example_path(name: str) -> Path:
    """The path of a bundled example plan."""
    if name not in example_names():
        raise UsageError(f"no example plan {name!r}; the examples are {', '.join(example_names())}.")
    return Path(str(resources.files("cjgraph.examples").joinpath(f"{name}.txt")))


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
