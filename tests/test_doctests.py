"""Run the doctested examples of every cjgraph module."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = (
    "cjgraph",
    "cjgraph.cli",
    "cjgraph.cypher",
    "cjgraph.examples",
    "cjgraph.loaders",
    "cjgraph.queries",
    "cjgraph.visualisations",
)


def _modules() -> list[str]:
    """Every module of every package (the mapped folders are walked one by one)."""
    names = set(PACKAGES)
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__, f"{package}."):
            names.add(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_module_has_a_docstring() -> None:
    missing = [n for n in _modules() if not (importlib.import_module(n).__doc__ or "").strip()]
    assert missing == []


def test_all_modules_found() -> None:
    assert {"cjgraph.loaders.extract", "cjgraph.queries.gaps", "cjgraph.workbook"} <= set(_modules())
