"""The commands that read and write plan files: extract (documents → workbooks), validate (a
hand-edited workbook) and export (the graph for other tools)."""

from __future__ import annotations

import sys
from pathlib import Path

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
    from cjgraph.atomic import check_outputs
    from cjgraph.loaders.extract import extract_plan
    from cjgraph.workbook import write_plan, write_plans

    try:
        sources = plan_paths(plans, examples)
    except click.UsageError:
        raise click.UsageError("give at least one PLAN document, or --examples.") from None
    check_outputs(out, sources)
    results = [extract_plan(p, framework=framework) for p in sources]  # all read before anything is written
    if len(results) == 1 and not examples:
        write_plan(results[0].plan, out, force=force)
        written = [out]
    else:
        written = write_plans([(s, r.plan) for s, r in zip(sources, results, strict=True)], out, force=force)
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


COMMANDS = [extract, validate, export]
