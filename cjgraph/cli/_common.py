"""What the commands of ``cjgraph`` share besides their options (:mod:`cjgraph.cli.options`):
one sentence for every error (:func:`friendly`), the plans' graph from SOURCE... and
``--examples``, and one way to print records. The command modules import from here and from
the options, never from each other or from the package, so the command line has no circle.

>>> import click
>>> from click.testing import CliRunner
>>> from cjgraph.errors import UsageError
>>> @click.command()
... @friendly
... def demo() -> None:
...     raise UsageError("give at least one plan.")
>>> result = CliRunner().invoke(demo, [])
>>> result.exit_code, result.output.strip()
(1, 'cjgraph: error: give at least one plan.')
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cjgraph.cli.options import EngineChoice, table_width
from cjgraph.errors import CjgraphError
from cjgraph.output import render

if TYPE_CHECKING:  # the graph, the engines and the server are imported only when a command needs them
    from cjgraph.cypher.engine import CypherEngine
    from cjgraph.cypher.neo4j import Server
    from cjgraph.graph import PlanGraph
    from cjgraph.model import Issue

__all__ = ["friendly", "plan_graph", "echo_records", "print_text", "EngineChoice", "open_engine", "connect", "WATCHED"]

F = TypeVar("F", bound=Callable[..., Any])
WATCHED = 5000  # nodes (or rows) from which a long command shows its progress on a terminal


def friendly(func: F) -> F:
    """Turn a :class:`CjgraphError` (and a few OS errors) into one line on stderr and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CjgraphError as e:
            click.echo(f"cjgraph: error: {e}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:  # Ctrl-C: temporaries were removed on the way out
            click.echo("cjgraph: interrupted; nothing half-written was left.", err=True)
            # a writer cut short (a generator of a sheet's rows) complains again as it is collected
            sys.unraisablehook = lambda _unraisable: None
            sys.exit(130)
        except (PermissionError, IsADirectoryError, NotADirectoryError) as e:
            click.echo(f"cjgraph: error: {e.filename}: {e.strerror.lower() if e.strerror else e}.", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def plan_paths(sources: Sequence[Path], examples: bool) -> list[Path]:
    """The plans a command was given: SOURCE... and, with ``--examples``, the bundled plans."""
    from cjgraph.examples import example_names, example_path

    paths = list(sources) + ([example_path(n) for n in example_names()] if examples else [])
    if not paths:
        raise click.UsageError("give at least one SOURCE (a plan document or workbook), or --examples.")
    return paths


def plan_graph(sources: Sequence[Path], examples: bool, *, strict: bool, out: Path | None = None) -> PlanGraph:
    """The graph of the sources (and the examples); ``out``, when given, must not be one of them."""
    from cjgraph.loading import load

    paths = plan_paths(sources, examples)
    if out is not None:
        from cjgraph.atomic import check_outputs

        check_outputs(out, paths)
    return load(*paths, strict=strict, notify=notify)


def notify(path: Path, said: list[Issue]) -> None:
    """A workbook's open warnings in one line on stderr (the answer stays on stdout): how many,
    and where to see them; notes alone (how planners' words were read) say nothing."""
    warnings = sum(p.severity == "warning" for p in said)
    if warnings:
        notes = len(said) - warnings
        also = f" and {notes} note{'s' * (notes != 1)}" if notes else ""
        click.echo(
            f"{path}: {warnings} warning{'s' * (warnings != 1)}{also} open (cjgraph validate {path} lists them)",
            err=True,
        )


def echo_records(records: Sequence[Any], fmt: str, *, wide: bool) -> None:
    """Print a question's records in ``fmt`` (a table fitted to the terminal unless ``wide``)."""
    print_text(render(records, fmt, width=table_width(wide)))


def print_text(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))  # CSV text ends with its own newline


def connect(uri: str | None, user: str | None, database: str | None) -> Server:
    """A connection to the Neo4j server of the environment, with the options' overrides."""
    from cjgraph.cypher.neo4j import connect as open_server
    from cjgraph.cypher.neo4j import settings_from_env

    return open_server(settings_from_env(uri, user, database))


@contextmanager
def open_engine(choice: EngineChoice, expect: tuple[str, dict[str, Any]] | None = None) -> Iterator[CypherEngine]:
    """The engine ``choice`` names, closed after; ``expect`` the query (and parameters) that will
    be run, which the embedded engine plans while the plans are read."""
    if not choice.on_server:
        from cjgraph.cypher.embedded import EmbeddedCypher

        engine = EmbeddedCypher()  # it starts on another core while the plans are read
        if expect is not None:
            engine.expect(*expect)
        try:
            engine.load(plan_graph(choice.sources, choice.examples, strict=choice.strict))
            yield engine
        finally:
            engine.close()
        return
    if choice.sources or choice.examples:
        raise click.UsageError("--neo4j asks the server's graph: push the plans first, and give no SOURCE.")
    with connect(choice.uri, choice.user, choice.database) as server:
        yield server
