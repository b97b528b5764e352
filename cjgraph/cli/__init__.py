"""The ``cjgraph`` command: a thin layer over the library; every error is one sentence.

Examples
--------
>>> from click.testing import CliRunner
>>> CliRunner().invoke(main, ["--version"]).output.strip()
'cjgraph 0.1.0'
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from cjgraph import __version__
from cjgraph.atomic import atomic_dir, check_outputs
from cjgraph.cli.options import force_option
from cjgraph.errors import CjgraphError, UsageError
from cjgraph.scratch import use_run_folder

__all__ = ["main", "friendly"]

F = TypeVar("F", bound=Callable[..., Any])


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


_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _terminate(signum: int, _frame: object) -> None:
    # SIGTERM / SIGHUP as Ctrl-C: unwinding runs the clean-up that removes temporaries; one is
    # enough, so that a second cannot cut the clean-up short
    for name in _SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise KeyboardInterrupt


def _unraisable(previous: Callable[[Any], object]) -> Callable[[Any], None]:
    """A hook for exceptions Python cannot raise (in a destructor or a weakref callback): an
    interruption that lands there would be printed and lost, so it is sent again to the main flow."""

    def hook(unraisable: Any) -> None:
        if issubclass(unraisable.exc_type, KeyboardInterrupt) and hasattr(signal, "setitimer"):
            # again in 10 ms, from an alarm: by then the main flow runs (were it here, it would be lost again)
            signal.signal(signal.SIGALRM, _terminate)
            signal.setitimer(signal.ITIMER_REAL, 0.01)
            return
        previous(unraisable)

    return hook


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cjgraph", message="%(prog)s %(version)s")
def main() -> None:
    """Community Justice Outcomes Improvement Plans as a partnership and accountability graph.

    Start with `cjgraph extract PLAN --out WORKBOOK`, review the workbook in Excel, then
    check your edits with `cjgraph validate WORKBOOK`.
    """
    for name in _SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    sys.unraisablehook = _unraisable(sys.unraisablehook)
    use_run_folder()  # every temporary (a library's, the engine's) in one folder the next run sweeps


@main.command()
@click.argument("plans", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Where to write: a folder of CSVs or an .xlsx file for one plan; a folder for several "
    "(each plan written there as <plan-id>.xlsx and <plan-id>/).",
)
@click.option("--examples", is_flag=True, help="Extract the example plans bundled with cjgraph.")
@click.option(
    "--framework",
    default=None,
    help="National framework the plan is written against (opif-2016, cjpf-2023); default: the one whose "
    "outcomes its headings name.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not print the summary.")
@force_option
@friendly
def extract(
    plans: tuple[Path, ...], out: Path, examples: bool, framework: str | None, quiet: bool, force: bool
) -> None:
    """Read plan documents (.txt, .docx, .pdf) into reviewable plan workbooks.

    Finds every improvement action with its outcome (of the national framework its
    headings name), leads, contributors and timescale; reads indicators and indicator
    links; resolves partner names; proposes needs; says how sure it is of each action
    (confidence, review, source); and writes an `issues` sheet of everything to review
    (repairs, unknown names with suggestions, inconsistencies inside the plan), each with
    its source line.

    \b
    Example:
      cjgraph extract plan.docx --out plan.xlsx
    """
    from cjgraph.examples import example_names, example_path
    from cjgraph.loaders.extract import extract_plan
    from cjgraph.workbook import write_plan

    sources = list(plans) + ([example_path(n) for n in example_names()] if examples else [])
    if not sources:
        raise click.UsageError("give at least one PLAN document, or --examples.")
    check_outputs(out, sources)
    results = [extract_plan(p, framework=framework) for p in sources]  # all read before anything is written
    if len(results) == 1 and not examples:
        write_plan(results[0].plan, out, force=force)
        written = [out]
    else:
        if out.suffix.lower() == ".xlsx":
            raise UsageError(f"{out}: several plans need a folder for --out, not an .xlsx file.")
        by_id: dict[str, Path] = {}
        for source, r in zip(sources, results, strict=True):
            if r.plan.info.id in by_id:
                raise UsageError(
                    f"{by_id[r.plan.info.id]} and {source} are both the plan {r.plan.info.id!r} and would be "
                    "written to the same name; extract them one at a time, each with its own --out."
                )
            by_id[r.plan.info.id] = source
        with atomic_dir(out, kind="plans", force=force) as folder:  # all plans appear together, or none
            for r in results:
                write_plan(r.plan, folder / f"{r.plan.info.id}.xlsx")
                write_plan(r.plan, folder / r.plan.info.id)
        written = [out / f"{r.plan.info.id}{suffix}" for r in results for suffix in (".xlsx", "")]
    if not quiet:
        for r in results:
            click.echo(r.summary())
        click.echo("wrote " + ", ".join(str(w) for w in written))


@main.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (non-zero exit).")
@friendly
def validate(workbook: Path, strict: bool) -> None:
    """Check a hand-edited plan workbook (folder of CSVs or .xlsx).

    Reports every problem at once with its sheet and row: unknown outcome keys, duplicate
    refs, dues that are not dates, leads missing from the partners sheet, links to missing
    refs, unknown needs, statuses, kinds and scopes; notes how it reads planners' words
    (a RAG status, "SPS", comma-separated leads). Every other command reads a workbook the
    same way and stops on its errors. Exits 1 on errors (or, with --strict, on warnings too).

    \b
    Example:
      cjgraph validate plan.xlsx --strict
    """
    from cjgraph.validate import validate_workbook

    problems = validate_workbook(workbook)
    for p in problems:
        click.echo(f"{workbook}: {p.source}: {p.severity}: {p.message} [{p.code}]")
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    click.echo(f"{workbook}: {errors} errors, {warnings} warnings")
    if errors or (strict and warnings):
        sys.exit(1)


def _add_questions() -> None:
    from cjgraph.cli.questions import QUESTIONS

    for command in QUESTIONS.values():
        main.add_command(command)


_add_questions()
