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

from cjgraph.errors import UsageError

__all__ = ["example_names", "example_path"]


def example_names() -> tuple[str, ...]:
    """The ids of the bundled example plans."""
    folder = resources.files("cjgraph.examples")
    return tuple(sorted(e.name.removesuffix(".txt") for e in folder.iterdir() if e.name.endswith(".txt")))


def example_path(name: str) -> Path:
    """The path of a bundled example plan."""
    if name not in example_names():
        raise UsageError(f"no example plan {name!r}; the examples are {', '.join(example_names())}.")
    return Path(str(resources.files("cjgraph.examples").joinpath(f"{name}.txt")))
