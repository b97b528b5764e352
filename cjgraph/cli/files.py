"""The commands that read and write plan files: extract (documents → workbooks), validate (a
hand-edited workbook), export (the graph for other tools) and history (a plan's progress sheet
from copies of its workbook saved over time)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from cjgraph.cli._common import friendly, plan_graph, plan_paths
from cjgraph.cli.options import EXPORT_OUT, examples_option, force_option, out_option, sources_argument, strict_option
from cjgraph.export import EXPORT_FORMATS

__all__ = ["COMMANDS"]


@click.command()
@click.argument("plans", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Where to write: a folder of CSVs or an .xlsx file for one plan; a folder for several "
    "(each plan written there as <plan-id>.xlsx; every command reads the folder as those plans).",
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
    """Read plan documents (.txt, .docx, .pdf, or a web page saved as .html) into reviewable
    plan workbooks.

    Finds every improvement action with its outcome (of the national framework its
    headings name), leads, contributors and timescale; reads indicators and indicator
    links; resolves partner names; proposes needs; says how sure it is of each action
    (confidence, review, source); and writes an `issues` sheet of everything to review
    (repairs, unknown names with suggestions, inconsistencies inside the plan, text in an
    action table it could not read), each with its source line. It prints the share of
    the action tables' text it read. A web page copied into a .txt file and the national
    delivery plan's deliverables ("Timescale:", "Lead partner -") are read too.

    \b
    Example:
      cjgraph extract plan.docx --out plan.xlsx
    """
    from cjgraph.atomic import check_outputs
    from cjgraph.examples import with_illustrative_history
    from cjgraph.loaders.extract import extract_plan
    from cjgraph.workbook import write_plan, write_plans

    try:
        sources = plan_paths(plans, examples)
    except click.UsageError:
        raise click.UsageError("give at least one PLAN document, or --examples.") from None
    check_outputs(out, sources)
    results = [extract_plan(p, framework=framework) for p in sources]  # all read before anything is written
    read = [with_illustrative_history(s, r.plan) for s, r in zip(sources, results, strict=True)]
    if len(results) == 1 and not examples:
        write_plan(read[0], out, force=force)
        written = [out]
    else:
        written = write_plans(list(zip(sources, read, strict=True)), out, force=force)
    if not quiet:
        for r in results:
            click.echo(r.summary())
        click.echo("wrote " + ", ".join(str(w) for w in written))


@click.command()
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


@click.command("export")
@strict_option
@sources_argument
@examples_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    required=True,
    help="graphml / gexf (Gephi, networkx), json (node-link), csv (a folder: nodes.csv, edges.csv), "
    "neo4j-import (a folder of CSVs for neo4j-admin database import), cypher (a script for Neo4j Browser).",
)
@out_option(EXPORT_OUT)
@force_option
@friendly
def export(sources: tuple[Path, ...], examples: bool, strict: bool, fmt: str, out: Path, force: bool) -> None:
    """Write the plan graph for Gephi, networkx, Neo4j and other tools.

    \b
    Example:
      cjgraph export plan.xlsx --format graphml --out plan.graphml
    """
    from cjgraph.export import export_graph

    G = plan_graph(sources, examples, strict=strict, out=out)
    export_graph(G, out, fmt, force=force)
    click.echo(f"wrote {out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships")


@click.command("history")
@click.argument("copies", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--dates",
    default=None,
    metavar="D1,D2,…",
    help="The date each copy stands for, in the order given [default: each copy's latest status date].",
)
@out_option("The workbook to write: the latest copy with its history (.xlsx, or a folder of CSVs).")
@force_option
@strict_option
@friendly
def history(copies: tuple[Path, ...], dates: str | None, out: Path, force: bool, strict: bool) -> None:
    """A plan's progress sheet made from copies of its workbook saved over time.

    Each change between one copy and the next (an action's status, due date or notes) becomes a
    progress report dated at the later copy; the first copy's statuses become reports at its
    date. The workbook written is the latest copy with those reports, each action's due date
    put back to the one it first had (the later ones become revisions: write their reasons in,
    then run validate). Reports the copies already hold are kept.

    \b
    Example:
      cjgraph history plan-q1.xlsx plan-q2.xlsx plan-q3.xlsx --out plan.xlsx
    """
    from cjgraph.atomic import check_outputs
    from cjgraph.cli._common import notify
    from cjgraph.errors import UsageError
    from cjgraph.loading import load_plan
    from cjgraph.progress import history_from_versions
    from cjgraph.workbook import write_plan

    check_outputs(Path(out), list(copies))  # never written over one of the copies
    plans = [load_plan(c, strict=strict, notify=notify) for c in copies]
    ids = {p.info.id for p in plans}
    if len(ids) > 1:
        raise UsageError(f"the copies hold different plans ({', '.join(sorted(ids))}); give copies of one plan.")
    when = _copy_dates(copies, plans, dates)
    plan, notes = history_from_versions(list(zip(when, plans, strict=True)))
    write_plan(plan, out, force=force)
    for n in notes:
        click.echo(f"{out}: {n.source}: {n.severity}: {n.message}", err=True)
    revised = sum(1 for u in plan.updates if u.revised_due and not u.reason)
    click.echo(
        f"wrote {out}: {len(plan.updates)} progress reports from {len(copies)} copies"
        + (f"; {revised} revised due dates have no reason yet (cjgraph validate {out} lists them)" if revised else "")
    )


def _copy_dates(copies: tuple[Path, ...], plans: list[Any], dates: str | None) -> list[date]:
    """The date each copy stands for: given, or the copy's latest status date; each once."""
    from cjgraph.errors import UsageError

    if dates is not None:
        given = [d.strip() for d in dates.split(",") if d.strip()]
        if len(given) != len(copies):
            raise UsageError(f"--dates gives {len(given)} dates for {len(copies)} copies; give one per copy, in order.")
        try:
            when = [date.fromisoformat(d) for d in given]
        except ValueError:
            bad = next(d for d in given if not _iso(d))
            raise UsageError(f"--dates: {bad!r} is not a date (YYYY-MM-DD).") from None
    else:
        when = []
        for copy, plan in zip(copies, plans, strict=True):
            own = [a.status_date for a in plan.actions if a.status_date]
            if not own:
                raise UsageError(
                    f"{copy} has no status date to say when it was saved; give the copies' dates with --dates D1,D2,…"
                )
            when.append(max(own))
    twice = [d for d in when if when.count(d) > 1]
    if twice:
        raise UsageError(f"two copies stand for the same date ({twice[0]}); give each copy its own date with --dates.")
    return when


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


COMMANDS = [extract, validate, export, history]
