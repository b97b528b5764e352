"""Run the doctested examples of every cjgraph module."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cjgraph


def _modules() -> list[str]:
    names = ["cjgraph"]
    for info in pkgutil.walk_packages(cjgraph.__path__, "cjgraph."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_public_functions_have_examples() -> None:
    missing = [n for n in _modules() if not (importlib.import_module(n).__doc__ or "").strip()]
    assert missing == []
