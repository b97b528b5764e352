"""Cypher in ``cjgraph``: cypher (a library query, a file or text, on the embedded engine or a
Neo4j server), schema, and queries (the library)."""

from __future__ import annotations

from typing import Any

import click

from cjgraph.cli._common import echo_records, friendly, open_engine, print_text
from cjgraph.cli.options import EngineChoice, engine_options, format_option, table_width
from cjgraph.output import render_rows

__all__ = ["COMMANDS"]


def _params(values: tuple[str, ...], json_file: str | None) -> dict[str, Any]:
    """``--params-json FILE`` then each ``--param`` (typed as cypher-shell types them) as the
    query's parameters, ``plan`` defaulting to ''."""
    from cjgraph.cypher.params import read_param, read_params_json

    out: dict[str, Any] = {"plan": ""}
    if json_file:
        out.update(read_params_json(json_file))
    out.update(read_param(item) for item in values)
    return out


@click.command("cypher")
@click.argument("query")
@engine_options
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter (repeatable), typed as cypher-shell types it: n=100 an integer, x=1.5 a float, "
    "flag=true a boolean, ids=['a','b'] a list, name='text' or any other word a string; NAME:=TEXT text as "
    "it is. $plan, and a library query's parameters that may be '', default to ''.",
)
@click.option(
    "--params-json",
    "params_json",
    metavar="FILE",
    default=None,
    help='Parameters from a JSON object ({"n": 100, "ids": ["a"]}); --param values are added to them.',
)
@click.option(
    "--write",
    is_flag=True,
    help="Allow a query that changes the graph (CREATE, MERGE, SET, DELETE...): on the embedded engine "
    "only its in-memory copy (no file changes), on Neo4j the server's data.",
)
@format_option
@friendly
def cypher_command(
    query: str,
    engine: EngineChoice,
    params: tuple[str, ...],
    params_json: str | None,
    write: bool,
    fmt: str,
    wide: bool,
) -> None:
    """Run Cypher on the plans with no server (the embedded engine ladybug), or with --neo4j on
    the graph pushed to a Neo4j server.

    QUERY is the name of a query of the library (see `cjgraph queries`), a .cypher file, or
    Cypher text. Values are given only as parameters, typed as cypher-shell types them
    (--param days=90 is an integer, --param as_of=2018-04-01 text). A library
    query runs in its embedded variant where it has one (NAME.ladybug.cypher). A label,
    relationship type or property the graph does not have is refused with the nearest one it
    has (`cjgraph schema` lists them). Nodes print as their label and name, relationships as
    their type and properties, paths as both; --format json gives them whole. The embedded
    engine never reads or writes a file (COPY, LOAD FROM, ATTACH, INSTALL... are refused).

    \b
    Examples:
      cjgraph cypher lead_load plan.xlsx --param plan=fife-2023-2028
      cjgraph cypher "MATCH (p:Partner) RETURN p.name, p.scope" plan.xlsx
      cjgraph cypher "MATCH (a:Action) WHERE size(a.text) > $n RETURN a.ref" plan.xlsx --param n=100
      cjgraph cypher --examples --write "MATCH (a:Action {ref: 'SO1.1'}) SET a.status = 'complete' RETURN a.ref"
    """
    from cjgraph.cypher.library import query_text, run_query

    values = _params(params, params_json)
    text, defaults, _ = query_text(query, on_server=engine.on_server)
    with open_engine(engine, expect=(text, {**defaults, **values})) as cypher:
        answer = run_query(cypher, query, values, write=write)
    print_text(render_rows(answer.columns, answer.rows, fmt, width=table_width(wide), clip=False))


@click.command("schema")
@engine_options
@format_option
@friendly
def schema_command(engine: EngineChoice, fmt: str, wide: bool) -> None:
    """List the labels and relationship types of the plan graph with their counts, the labels
    each type joins, and every property with how many nodes or relationships have it and how
    many lack it (null there: WHERE x.due IS NULL finds them), and which properties tell nodes
    apart (id; a partner's name only with its plan): on the embedded engine, or with --neo4j
    on the server.

    \b
    Example:
      cjgraph schema plan.xlsx
    """
    with open_engine(engine) as cypher:
        schema = cypher.schema()
    echo_records(schema.records(), fmt, wide=wide)


@click.command("queries")
@friendly
def queries_command() -> None:
    """List the Cypher query library (queries/cypher) with what each answers and its parameters.

    \b
    Example:
      cjgraph queries
    """
    from cjgraph.cypher.library import list_queries

    for q in list_queries():
        click.echo(f"{q.name}\n    {q.description}\n    params: {q.params}")


COMMANDS = [cypher_command, schema_command, queries_command]
