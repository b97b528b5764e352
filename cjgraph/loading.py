"""Plans read from the files people have: documents extracted on the fly, workbooks checked as
``cjgraph validate`` checks them, and the graph of them all.

The one module of the core that reads documents (it calls the loaders): everything below it
needs only the plan model and the graph's contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from cjgraph.errors import UsageError
from cjgraph.graph import PlanGraph, graph_from_plans
from cjgraph.model import Issue, Plan
from cjgraph.sandbox import Later, alongside

__all__ = ["load", "load_plan", "plan_sources"]


def load_plan(
    source: str | Path, *, strict: bool = False, notify: Callable[[Path, list[Issue]], None] | None = None
) -> Plan:
    """A plan from a document (extracted on the fly) or a workbook (folder of CSVs or ``.xlsx``).

    A workbook is checked as ``cjgraph validate`` checks it and read as ``extract`` reads names
    and statuses (:func:`cjgraph.validate.load_checked`): its errors (and, with ``strict``, its
    warnings) raise :class:`PlanFormatError` listing each; ``notify`` is given its warnings and
    notes to show once."""
    path, plan, said = _read(source, strict)
    if notify is not None and said:
        notify(path, said)
    return plan


def _read(source: str | Path, strict: bool) -> tuple[Path, Plan, list[Issue]]:
    """A source's plan and, for a workbook, its warnings and notes (see :func:`load_plan`)."""
    path = Path(source)
    if path.is_dir() or path.suffix.lower() == ".xlsx":
        from cjgraph.validate import load_checked

        plan, said = load_checked(path, strict=strict)
        return path, plan, said
    from cjgraph.examples import with_illustrative_history
    from cjgraph.loaders.extract import extract_plan

    return path, with_illustrative_history(path, extract_plan(path).plan), []


# from this many sources on, the second half is read alongside the first, on another core
ALONGSIDE = 4


def _read_all(
    sources: tuple[str | Path, ...], strict: bool, notify: Callable[[Path, list[Issue]], None] | None
) -> list[Plan]:
    """Each source's plan, in the order given, its warnings given to ``notify`` as it is read; the
    first source in order that cannot be read is the one whose error is raised."""
    half = len(sources) // 2 if len(sources) >= ALONGSIDE else len(sources)
    rest = alongside(_read_list, sources[half:], strict) if half < len(sources) else None
    plans = []
    try:
        for path, plan, said in _read_each(sources[:half], strict, rest):
            if notify is not None and said:
                notify(path, said)
            plans.append(plan)
    finally:
        if rest is not None:
            rest.cancel()
    return plans


def _read_list(sources: tuple[str | Path, ...], strict: bool) -> list[tuple[Path, Plan, list[Issue]]]:
    return [_read(s, strict) for s in sources]


def _read_each(sources: tuple[str | Path, ...], strict: bool, rest: Later | None = None) -> Iterator[Any]:
    yield from (_read(s, strict) for s in sources)
    if rest is not None:
        yield from rest()


def load(
    *sources: str | Path, strict: bool = False, notify: Callable[[Path, list[Issue]], None] | None = None
) -> PlanGraph:
    """The graph of plans given as documents or workbooks (each read by :func:`load_plan`).

    Parameters
    ----------
    sources : plan documents (.txt, .docx, .pdf: extracted on the fly) or workbooks (a folder of
        CSVs or an .xlsx, checked and settled as ``cjgraph validate`` does), or a folder of
        workbooks (as ``extract`` writes several plans: each one in it, :func:`plan_sources`).
    strict : a workbook's warnings stop the loading as its errors do.
    notify : called with a workbook's path and its warnings and notes, to show them once.

    Returns
    -------
    PlanGraph

    Raises
    ------
    PlanFormatError : a workbook with errors (each listed with sheet and row).
    DocumentError : a document that cannot be read or holds no plan.
    GraphError : the same plan given twice.

    Examples
    --------
    >>> from cjgraph.examples import example_path
    >>> load(example_path("midlothian-2017-2020"), example_path("north-lanarkshire-2017-2020"))
    <PlanGraph: 2 plans (midlothian-2017-2020, north-lanarkshire-2017-2020); 95 Action, 42 Assessment, ...>
    """
    return graph_from_plans(_read_all(tuple(plan_sources(sources)), strict, notify))


def plan_sources(sources: Iterable[str | Path]) -> list[Path]:
    """The plans of ``sources``: each as given, but a folder that is not itself a plan folder (it
    has no ``plan.csv``) stands for the plan workbooks in it — its ``.xlsx`` files and plan
    folders, by name, a folder left out when a workbook of the same name is beside it.

    Raises
    ------
    UsageError : a folder that holds no plan.
    """
    out: list[Path] = []
    for source in map(Path, sources):
        if not source.is_dir() or (source / "plan.csv").exists():
            out.append(source)
            continue
        books = sorted(
            p for p in source.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith((".", "~$"))
        )
        folders = sorted(
            p for p in source.iterdir() if (p / "plan.csv").is_file() and p.with_suffix(".xlsx") not in books
        )
        if not books and not folders:
            raise UsageError(
                f"{source}: holds no plan workbook (.xlsx) or plan folder, and is not a plan folder itself."
            )
        out += sorted(books + folders)
    return out
