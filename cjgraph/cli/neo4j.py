"""Neo4j in ``cjgraph``: push (the plans to a server) and pull (the graph back, as export writes it)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cjgraph.cli._common import WATCHED, connect, friendly, plan_graph
from cjgraph.cli.options import (
    EXPORT_OUT,
    examples_option,
    force_option,
    out_option,
    server_options,
    sources_argument,
    strict_option,
)
from cjgraph.export import EXPORT_FORMATS

__all__ = ["COMMANDS"]


@click.command("push")
@strict_option
@sources_argument
@examples_option
@click.option("--replace", is_flag=True, help="Delete each plan's previous nodes (and their relationships) first.")
@server_options
@friendly
def push_command(
    sources: tuple[Path, ...],
    examples: bool,
    strict: bool,
    replace: bool,
    uri: str | None,
    user: str | None,
    database: str | None,
) -> None:
    """Write the plans to a Neo4j server: constraints, then each plan in one transaction.

    Connection settings come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE
    (the options override all but the password, which is read only from NEO4J_PASSWORD). Nodes
    and relationships are MERGEd on their ids, so pushing a plan again changes nothing; a plan
    whose push fails or is interrupted is left as it was (its transaction is rolled back).
    A progress bar shows on a terminal for pushes of 5,000 rows or more.

    \b
    Example:
      cjgraph push plan.xlsx --replace
    """
    from cjgraph.cypher.neo4j import push

    G = plan_graph(sources, examples, strict=strict)
    total = G.number_of_nodes() + G.number_of_edges()  # a row each
    with connect(uri, user, database) as server:
        if total >= WATCHED and sys.stderr.isatty():  # a large push, watched
            with click.progressbar(length=total, label="pushing", file=sys.stderr) as bar:
                report = push(server, G, replace=replace, progress=bar.update)
        else:
            report = push(server, G, replace=replace)
    click.echo(
        f"pushed {len(report.plans)} plan{'s' if len(report.plans) != 1 else ''} to {server.settings.uri}: "
        f"{G.number_of_nodes()} nodes, {G.number_of_edges()} relationships "
        f"({report.nodes_created} nodes and {report.relationships_created} relationships created, "
        f"{report.nodes_deleted} nodes deleted)"
    )
    if report.blanks_nulled or report.plan_ids_changed:
        click.echo(
            f"brought up to date what an older cjgraph wrote: {report.blanks_nulled} empty values now null "
            f"(missing), {report.plan_ids_changed} plan ids now the plan's key"
        )


@click.command("pull")
@click.option("--plan", "plans", multiple=True, metavar="ID", help="Only this plan (repeatable), with shared nodes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="graphml",
    show_default=True,
    help="As for `cjgraph export`.",
)
@out_option(EXPORT_OUT)
@server_options
@force_option
@friendly
def pull_command(
    plans: tuple[str, ...], fmt: str, out: Path, uri: str | None, user: str | None, database: str | None, force: bool
) -> None:
    """Read the plan graph back from a Neo4j server and write it as `cjgraph export` does.

    Only cjgraph's labels and relationship types are read, so other data on the server is left out.

    \b
    Example:
      cjgraph pull --out plans.graphml
    """
    from cjgraph.cypher.neo4j import pull
    from cjgraph.export import export_graph

    with connect(uri, user, database) as server:
        G = pull(server, list(plans) or None)
    export_graph(G, out, fmt, force=force)
    click.echo(f"wrote {out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships")


COMMANDS = [push_command, pull_command]
