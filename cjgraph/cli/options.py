"""The options the commands of ``cjgraph`` share, each declared once here and used by every
command that takes it: SOURCE..., ``--examples``, ``--plan``, ``--format`` (with ``--wide``),
``--out``, ``--force``, ``--strict``, ``--as-of``, and the engine and server options.

>>> import click
>>> from click.testing import CliRunner
>>> @click.command()
... @force_option
... def demo(force: bool) -> None:
...     click.echo(force)
>>> CliRunner().invoke(demo, ["--force"]).output
'True\\n'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from cjgraph.output import FORMATS

__all__ = [
    "force_option",
    "strict_option",
    "sources_argument",
    "examples_option",
    "plan_option",
    "format_option",
    "out_option",
    "table_width",
    "server_options",
    "as_of_option",
    "engine_options",
    "EngineChoice",
]

F = TypeVar("F", bound=Callable[..., Any])
EXPORT_OUT = "The file (a folder for csv, neo4j-import)."  # --out of export and pull


def force_option(func: F) -> F:
    """``--force``: write into a folder cjgraph did not write, or wrote for another command (its
    files are left as they are), or replace a file cjgraph did not write, wrote as another kind
    of output, or that was edited since."""
    return click.option(
        "--force",
        is_flag=True,
        help="Write into an existing folder that cjgraph did not write, or wrote for another command (its "
        "files are left as they are: cjgraph never deletes or overwrites them), or replace a file that "
        "cjgraph did not write, wrote as another kind of output, or that was edited since. Never a link, "
        "a device or a FIFO.",
    )(func)


def strict_option(func: F) -> F:
    """``--strict``: a workbook's warnings stop the command as its errors do."""
    return click.option("--strict", is_flag=True, help="Stop on a workbook's warnings too, not only on its errors.")(
        func
    )


def sources_argument(func: F) -> F:
    """SOURCE...: plan documents (.txt, .docx, .pdf, .html) or workbooks (folder of CSVs, .xlsx)."""
    return click.argument("sources", nargs=-1, type=click.Path(path_type=Path))(func)


def examples_option(func: F) -> F:
    """``--examples``: add the example plans bundled with cjgraph."""
    return click.option("--examples", is_flag=True, help="Add the example plans bundled with cjgraph.")(func)


def plan_option(what: str = "Answer for") -> Callable[[F], F]:
    """``--plan ID``: one plan only (``what`` says for what: "Answer for", "Draw")."""

    def decorate(func: F) -> F:
        return click.option("--plan", "plan", default=None, metavar="ID", help=f"{what} this plan only.")(func)

    return decorate


def format_option(func: F) -> F:
    """``--format`` (table, csv, json) and ``--wide`` (a table at full width, not wrapped to the
    terminal's)."""
    func = click.option(
        "--wide",
        is_flag=True,
        help="Print a table at its full width instead of wrapping long columns to the terminal's.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format; json is an array of objects with sorted keys.",
    )(func)


def table_width(wide: bool) -> int | None:
    """The width a table must fit: the terminal's, when printing to one and not ``wide``;
    ``None`` (no limit) otherwise."""
    import shutil
    import sys

    if wide or not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def _not_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """``--out ""`` is a mistake, not the current folder (which is ``--out .``)."""
    if value is not None and not value.strip():
        raise click.BadParameter("is empty; give a file or folder name (--out . for the current folder).")
    return None if value is None else Path(value)


def out_option(help_text: str, *, required: bool = True) -> Callable[[F], F]:
    """``--out PATH`` (what it is, in ``help_text``)."""

    def decorate(func: F) -> F:
        return click.option("--out", type=click.Path(), required=required, help=help_text, callback=_not_empty)(func)

    return decorate


def server_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--uri, --user, --database (the password only from NEO4J_PASSWORD)."""
    func = click.option("--database", metavar="DB", help="Database name [default: NEO4J_DATABASE, or the server's].")(
        func
    )
    func = click.option("--user", metavar="USER", help="User name [default: NEO4J_USERNAME, or neo4j].")(func)
    return click.option("--uri", metavar="URI", help="Server address, bolt://host:7687 [default: NEO4J_URI].")(func)


@dataclass(frozen=True)
class EngineChoice:
    """Where Cypher runs, as the engine options chose it: the embedded engine on the graph of
    ``sources`` (and the examples), or (``on_server``) a Neo4j server."""

    sources: tuple[Path, ...]
    examples: bool
    strict: bool
    on_server: bool
    uri: str | None
    user: str | None
    database: str | None


def engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """SOURCE... and --examples for the embedded engine, or --neo4j and the server options; the
    command is given them as one ``engine``, an :class:`EngineChoice`."""

    @wraps(func)
    def chosen(
        *args: Any,
        sources: tuple[Path, ...],
        examples: bool,
        strict: bool,
        on_server: bool,
        uri: str | None,
        user: str | None,
        database: str | None,
        **kwargs: Any,
    ) -> Any:
        return func(*args, engine=EngineChoice(sources, examples, strict, on_server, uri, user, database), **kwargs)

    wrapped: Callable[..., Any] = server_options(chosen)
    wrapped = click.option(
        "--neo4j", "on_server", is_flag=True, help="Ask the Neo4j server (NEO4J_URI) instead; give no SOURCE."
    )(wrapped)
    return strict_option(sources_argument(examples_option(wrapped)))


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD.") from None


def as_of_option(func: F) -> F:
    """``--as-of DATE``: the date overdue is judged at (a plan's own date when not given)."""
    return click.option(
        "--as-of",
        "as_of",
        callback=_as_of,
        metavar="DATE",
        help="Overdue at this date [default: today, or a plan's end date once its period is over].",
    )(func)
