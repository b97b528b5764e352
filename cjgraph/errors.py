"""The one error hierarchy of cjgraph.

Every error a user can cause is a :class:`CjgraphError`; the CLI prints its message (one
sentence naming the file, the place and the value) and exits non-zero, never a traceback.
Subclasses also inherit the built-in they resemble, so ``except ValueError`` still works.
"""

from __future__ import annotations

__all__ = [
    "CjgraphError",
    "PlanFormatError",
    "DocumentError",
    "WorkbookError",
    "FrameworkError",
    "GraphError",
    "CypherError",
    "ServerError",
    "OutputError",
    "LimitError",
    "MissingDependencyError",
    "UsageError",
]


class CjgraphError(Exception):
    """Base class of every error cjgraph raises on purpose."""


class DocumentError(CjgraphError, ValueError):
    """A plan document (text, DOCX, PDF) cannot be read or holds no plan."""


class PlanFormatError(CjgraphError, ValueError):
    """A plan workbook (folder of CSVs or ``.xlsx``) is malformed."""


class WorkbookError(PlanFormatError):
    """A workbook cannot be written or read back as a whole."""


class FrameworkError(CjgraphError, LookupError):
    """Framework reference data is missing, unknown or malformed."""


class GraphError(CjgraphError, ValueError):
    """The graph cannot be built from these plans, or cannot answer this question as asked
    (an unknown plan, partner, node or gap reason)."""


class CypherError(GraphError):
    """A Cypher query cjgraph will not run, or an engine could not: one sentence naming the
    query's line where there is one."""


class ServerError(CjgraphError, ConnectionError):
    """A Neo4j (Bolt) server cannot be reached, refuses the login, fails a statement, or cannot
    take what is sent."""


class OutputError(CjgraphError, OSError):
    """An output cannot be written where asked without endangering the user's files (a folder
    cjgraph did not write, an input, a read-only file), or cannot be written at all."""


class LimitError(CjgraphError, ValueError):
    """An input is larger than cjgraph reads, or a picture larger than it draws; the message says
    the figure and the limit."""


class MissingDependencyError(CjgraphError, ImportError):
    """An optional part of cjgraph is used without the package it needs; the message says what
    to install (``pip install 'cjgraph[neo4j]'`` ...)."""


class UsageError(CjgraphError, ValueError):
    """cjgraph was asked for something it does not have: an unknown output format, library
    query or example plan, or an output that cannot hold what was asked."""


def require(module: str, purpose: str, install: str) -> object:
    """Import ``module`` (a dotted name) for ``purpose``, or raise :class:`MissingDependencyError`
    with the install hint.

    >>> require("json", "reading JSON", "nothing").__name__
    'json'
    >>> require("no_such_module_x", "drawing maps", "pip install 'cjgraph[maps]'")
    Traceback (most recent call last):
    ...
    cjgraph.errors.MissingDependencyError: drawing maps needs no_such_module_x: pip install 'cjgraph[maps]'.
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(f"{purpose} needs {module.partition('.')[0]}: {install}.") from None
