"""The graph commands of ``cjgraph``: the questions (lead-load, gaps, chains, impact, timeline,
network, compare, diff), the map and the board pack (map, report), Cypher (cypher, queries),
export, and Neo4j (push, pull). They take plan documents or workbooks as SOURCE (or ``--examples``); questions
print records as a table, CSV or JSON.

>>> sorted(QUESTIONS)[:3]
['chains', 'compare', 'cypher']
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from cjgraph.cli.options import (
    as_of_option,
    engine_options,
    examples_option,
    force_option,
    format_option,
    out_option,
    plan_option,
    server_options,
    sources_argument,
    strict_option,
    strict_wanted,
    table_width,
)
from cjgraph.export import EXPORT_FORMATS
from cjgraph.output import render, render_rows

__all__ = ["QUESTIONS", "source_options"]

QUESTIONS: dict[str, click.Command] = {}
_EXPORT_OUT = "The file (a folder for csv, neo4j-import)."
_WATCHED = 5000  # nodes from which a long command shows its progress on a terminal


def source_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """SOURCE... plus --examples, --plan, --format (--wide) and --strict."""
    for option in (format_option, plan_option(), examples_option, strict_option, sources_argument):
        func = option(func)
    return func


def _graph(sources: Sequence[Path], examples: bool, *, out: Path | None = None) -> Any:
    """The graph of the sources (and the examples); ``out``, when given, must not be one of them."""
    from cjgraph.examples import example_names, example_path
    from cjgraph.loading import load

    paths = list(sources) + ([example_path(n) for n in example_names()] if examples else [])
    if not paths:
        raise click.UsageError("give at least one SOURCE (a plan document or workbook), or --examples.")
    if out is not None:
        from cjgraph.atomic import check_outputs

        check_outputs(out, paths)
    return load(*paths, strict=strict_wanted(), notify=_notify)


def _notify(path: Path, said: list[Any]) -> None:
    """A workbook's warnings and notes, once and briefly, on stderr (the answer stays on stdout)."""
    warnings = [p for p in said if p.severity == "warning"]
    notes = [p for p in said if p.severity != "warning"]
    lines = [f"{path}: {len(warnings)} warnings, {len(notes)} notes (cjgraph validate {path} lists them)"]
    lines += [f"  {p.source}: {p.message}" for p in [*warnings, *notes][:5]]
    if len(said) > 5:
        lines.append(f"  … and {len(said) - 5} more")
    click.echo("\n".join(lines), err=True)


def _echo(records: Sequence[Any], fmt: str) -> None:
    _print(render(records, fmt, width=table_width()))


def _print(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))  # CSV text ends with its own newline


def _question(name: str) -> Callable[[Callable[..., Any]], click.Command]:
    def register(func: Callable[..., Any]) -> click.Command:
        from cjgraph.cli import friendly

        command = click.command(name)(friendly(func))
        QUESTIONS[name] = command
        return command

    return register


@_question("lead-load")
@source_options
@click.option("--concentration", is_flag=True, help="Print each plan's lead concentration instead.")
def lead_load_command(
    sources: tuple[Path, ...], examples: bool, plan: str | None, fmt: str, concentration: bool
) -> None:
    """Actions each partner leads (alone, shared, weighted by 1/number of leads) and contributes to.

    One row per partner and plan, heaviest first, with the share of the plan and the actions
    led by year due; with several plans also national bodies across all plans. With
    --concentration: each plan's top lead and the Herfindahl-Hirschman index of lead shares.

    \b
    Example:
      cjgraph lead-load plan.xlsx --plan fife-2023-2028
    """
    from cjgraph.queries import lead_concentration, lead_load

    G = _graph(sources, examples)
    _echo(lead_concentration(G, plan=plan) if concentration else lead_load(G, plan=plan), fmt)


@_question("gaps")
@source_options
@click.option(
    "--reason",
    "reasons",
    multiple=True,
    metavar="CODE",
    help="Only these reason codes (repeatable), e.g. --reason need-unaddressed.",
)
def gaps_command(
    sources: tuple[Path, ...], examples: bool, plan: str | None, fmt: str, reasons: tuple[str, ...]
) -> None:
    """What is not measured, not addressed or not led, each with a reason code.

    Codes: outcome-without-action, outcome-unmeasured, outcome-only-qualitative,
    priority-action-unserved, indicator-without-action, action-without-indicator,
    action-without-lead, action-without-date, need-unaddressed,
    statutory-partner-leads-nothing, collective-lead.

    \b
    Example:
      cjgraph gaps plan.xlsx --reason need-unaddressed
    """
    from cjgraph.queries import find_gaps

    _echo(find_gaps(_graph(sources, examples), plan=plan, reasons=list(reasons) or None), fmt)


@_question("chains")
@source_options
@click.option(
    "--from",
    "start",
    default=None,
    metavar="NAME",
    help="Only chains through this partner, action ref, outcome key or need key.",
)
def chains_command(sources: tuple[Path, ...], examples: bool, plan: str | None, fmt: str, start: str | None) -> None:
    """The paths partner -> action -> outcome -> indicator / need, from any node.

    \b
    Example:
      cjgraph chains plan.xlsx --from "Police Scotland"
    """
    from cjgraph.queries import chains

    _echo(chains(_graph(sources, examples), start, plan=plan), fmt)


@_question("impact")
@source_options
@click.option(
    "--partner",
    default=None,
    metavar="NAME",
    help="The partner that withdraws; without it, list the single points of failure.",
)
def impact_command(sources: tuple[Path, ...], examples: bool, plan: str | None, fmt: str, partner: str | None) -> None:
    """If a partner withdraws: actions left with no lead, outcomes and needs left with no action.

    Without --partner: the partners whose withdrawal would leave an outcome or a need of a
    plan with no action (single points of failure).

    \b
    Example:
      cjgraph impact plan.xlsx --partner SPS
    """
    from cjgraph.queries import impact, single_points_of_failure

    G = _graph(sources, examples)
    _echo(impact(G, partner, plan=plan) if partner else single_points_of_failure(G, plan=plan), fmt)


@_question("timeline")
@source_options
@as_of_option
@click.option("--by-quarter", is_flag=True, help="Count actions due, overdue and complete per quarter.")
@click.option("--overdue", "only_overdue", is_flag=True, help="Only the overdue actions.")
def timeline_command(
    sources: tuple[Path, ...],
    examples: bool,
    plan: str | None,
    fmt: str,
    as_of: date | None,
    by_quarter: bool,
    only_overdue: bool,
) -> None:
    """Actions by due date and quarter, overdue at a date, with no date, and their status.

    \b
    Example:
      cjgraph timeline plan.xlsx --as-of 2025-03-31
    """
    from cjgraph.queries import due_per_quarter, timeline

    items = timeline(_graph(sources, examples), plan=plan, as_of=as_of, overdue_only=only_overdue)
    _echo(due_per_quarter(items) if by_quarter else items, fmt)


@_question("network")
@source_options
@click.option("--links", is_flag=True, help="List the partner pairs and the actions they share instead.")
def network_command(sources: tuple[Path, ...], examples: bool, plan: str | None, fmt: str, links: bool) -> None:
    """Partners linked through the actions they share, with degree and betweenness centrality.

    \b
    Example:
      cjgraph network plan.xlsx --links
    """
    from cjgraph.queries import partner_links, partner_network

    G = _graph(sources, examples)
    _echo(partner_links(G, plan=plan) if links else partner_network(G, plan=plan), fmt)


@_question("compare")
@source_options
def compare_command(sources: tuple[Path, ...], examples: bool, plan: str | None, fmt: str) -> None:
    """Plans side by side per national outcome: actions, leads, indicators, needs covered.

    \b
    Example:
      cjgraph compare plan-2017.xlsx plan-2023.xlsx
    """
    from cjgraph.queries import compare_plans

    _echo(compare_plans(_graph(sources, examples), plan=plan), fmt)


@_question("diff")
@strict_option
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option
def diff_command(old: Path, new: Path, fmt: str) -> None:
    """Two versions of a plan: actions added, dropped, renumbered, moved, re-worded, re-led,
    re-dated; for a quarterly update, status, status date and notes changed.

    \b
    Example:
      cjgraph diff plan-2024-q1.xlsx plan-2024-q2.xlsx
    """
    from cjgraph.loading import load_plan
    from cjgraph.queries import diff_plans

    before, after = (load_plan(p, strict=strict_wanted(), notify=_notify) for p in (old, new))
    if (before.info.id, before.info.partnership) != (after.info.id, after.info.partnership):
        click.echo(
            f"warning: {old} and {new} are different plans ({before.info.id}, {after.info.id}); they are "
            "compared all the same",
            err=True,
        )
    changes = diff_plans(before, after)
    if not changes and fmt == "table":
        click.echo(f"{old} and {new} hold the same actions: nothing was added, dropped or changed.")
        return
    _echo(changes, fmt)


@_question("map")
@strict_option
@sources_argument
@examples_option
@out_option("The HTML file to write.")
@plan_option("Draw")
@click.option("--focus", default=None, metavar="PARTNER", help="Draw one partner's ego network.")
@click.option("--outcome", default=None, metavar="KEY", help="Draw one outcome with its actions, partners, indicators.")
@click.option("--need", default=None, metavar="KEY", help="Draw one need with the actions addressing it.")
@click.option("--workshop", is_flag=True, help="Projector-size fonts; action refs only in tooltips.")
@force_option
def map_command(
    sources: tuple[Path, ...],
    examples: bool,
    out: Path,
    plan: str | None,
    focus: str | None,
    outcome: str | None,
    need: str | None,
    workshop: bool,
    force: bool,
) -> None:
    """An interactive network map as one offline HTML file, for board workshops.

    Colour and shape by kind with an on-map legend, partners sized by lead-load, edge style
    by relationship, gaps marked (unmeasured outcome, unaddressed need, collective lead),
    tooltips, a search box, click to highlight a neighbourhood, filters by plan, outcome,
    partner and need. Every script and style is inline: the page makes no network request.
    A map too large to lay out in reasonable time is refused with its size: draw a part of it.

    \b
    Example:
      cjgraph map plan.xlsx --out map.html --workshop
    """
    from cjgraph.visualisations.maps import write_map

    G = _graph(sources, examples, out=out)
    write_map(G, out, plan=plan, focus=focus, outcome=outcome, need=need, workshop=workshop, force=force)
    click.echo(f"wrote {out}")


@_question("report")
@strict_option
@sources_argument
@examples_option
@out_option("The folder to write the board pack into: new, empty, or one cjgraph wrote before.")
@as_of_option
@force_option
def report_command(sources: tuple[Path, ...], examples: bool, out: Path, as_of: date | None, force: bool) -> None:
    """The board pack: index.html, map.html, map.svg, charts as SVG, report.xlsx.

    index.html is self-contained and works offline: summary figures, the lead-load chart,
    gap tables with reason codes, the timeline of due and overdue actions, the needs x
    outcomes coverage matrix and the embedded map. report.xlsx has one sheet per question.
    A map too large to lay out in reasonable time is left out and the pack says why; long
    tables and sheets are cut, saying how many rows more there are.

    \b
    Example:
      cjgraph report plan.xlsx --out board-pack
    """
    from cjgraph.visualisations.report import write_report

    G = _graph(sources, examples, out=out)
    if G.number_of_nodes() >= _WATCHED and sys.stderr.isatty():  # a long pack, watched: show its steps
        from cjgraph.visualisations.report import REPORT_STEPS

        with click.progressbar(length=len(REPORT_STEPS), label="board pack", file=sys.stderr) as bar:

            def progress(name: str) -> None:
                bar.label = f"board pack: {name}"
                bar.update(0 if name == REPORT_STEPS[0] else 1)

            write_report(G, out, as_of=as_of, force=force, progress=progress)
            bar.update(1)
    else:
        write_report(G, out, as_of=as_of, force=force)
    click.echo(
        f"wrote {out}: index.html, map.html, map.svg, report.xlsx, lead-load, timeline and coverage charts (.svg)"
    )


def _params(values: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"plan": ""}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE.", param_hint="--param")
        out[name] = value
    return out


def _connect(uri: str | None, user: str | None, database: str | None) -> Any:
    from cjgraph.cypher.neo4j import connect, settings_from_env

    return connect(settings_from_env(uri, user, database))


@contextmanager
def _engine(
    sources: Sequence[Path],
    examples: bool,
    on_server: bool,
    uri: str | None,
    user: str | None,
    database: str | None,
) -> Iterator[Any]:
    """The engine the options of :func:`engine_options` choose: the embedded engine on the
    sources' graph, or (``--neo4j``) a connection to the server, closed after."""
    if not on_server:
        from cjgraph.cypher.embedded import EmbeddedCypher

        yield EmbeddedCypher(_graph(sources, examples))
        return
    if sources or examples:
        raise click.UsageError("--neo4j asks the server's graph: push the plans first, and give no SOURCE.")
    with _connect(uri, user, database) as server:
        yield server


@_question("cypher")
@click.argument("query")
@engine_options
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter (repeatable); $plan, and a library query's parameters that may be '', default to ''.",
)
@click.option(
    "--write",
    is_flag=True,
    help="Allow a query that changes the graph (CREATE, MERGE, SET, DELETE...): on the embedded engine "
    "only its in-memory copy (no file changes), on Neo4j the server's data.",
)
@format_option
def cypher_command(query: str, params: tuple[str, ...], write: bool, fmt: str, **where: Any) -> None:
    """Run Cypher on the plans with no server (the embedded engine ladybug), or with --neo4j on
    the graph pushed to a Neo4j server.

    QUERY is the name of a query of the library (see `cjgraph queries`), a .cypher file, or
    Cypher text. Values are given only as parameters (--param as_of=2018-04-01). A library
    query runs in its embedded variant where it has one (NAME.ladybug.cypher). A label,
    relationship type or property the graph does not have is refused with the nearest one it
    has (`cjgraph schema` lists them). Nodes print as their label and name, relationships as
    their type and properties, paths as both; --format json gives them whole. The embedded
    engine never reads or writes a file (COPY, LOAD FROM, ATTACH, INSTALL... are refused).

    \b
    Examples:
      cjgraph cypher lead_load plan.xlsx --param plan=fife-2023-2028
      cjgraph cypher "MATCH (p:Partner) RETURN p.name, p.scope" plan.xlsx
      cjgraph cypher --neo4j "MATCH (a:Action) SET a.status = 'complete'" --write
    """
    from cjgraph.cypher.library import load_query

    path = Path(query)
    library = query.replace("_", "").isalpha() and query.islower() and not path.suffix
    values = _params(params)
    if path.suffix == ".cypher" and path.is_file():
        text = path.read_text(encoding="utf-8")
    elif library:
        q = load_query(query)
        text = q.text if where["on_server"] else q.embedded_text
        values = {**q.defaults, **values}
    else:
        text = query
    with _engine(**where) as engine:
        answer = engine.run(text, values, write=write)
    _print(render_rows(answer.columns, answer.rows, fmt, width=table_width(), clip=False))


@_question("schema")
@engine_options
@format_option
def schema_command(fmt: str, **where: Any) -> None:
    """List the labels and relationship types of the plan graph with their counts, the labels
    each type joins, and every property with how many nodes or relationships have it (set and
    not empty): on the embedded engine, or with --neo4j on the server.

    \b
    Example:
      cjgraph schema plan.xlsx
    """
    with _engine(**where) as engine:
        schema = engine.schema()
    _echo(schema.records(), fmt)


@_question("push")
@strict_option
@sources_argument
@examples_option
@click.option("--replace", is_flag=True, help="Delete each plan's previous nodes (and their relationships) first.")
@server_options
def push_command(
    sources: tuple[Path, ...], examples: bool, replace: bool, uri: str | None, user: str | None, database: str | None
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

    G = _graph(sources, examples)
    total = G.number_of_nodes() + G.number_of_edges()  # a row each
    with _connect(uri, user, database) as server:
        if total >= _WATCHED and sys.stderr.isatty():  # a large push, watched
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


@_question("pull")
@click.option("--plan", "plans", multiple=True, metavar="ID", help="Only this plan (repeatable), with shared nodes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="graphml",
    show_default=True,
    help="As for `cjgraph export`.",
)
@out_option(_EXPORT_OUT)
@server_options
@force_option
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

    with _connect(uri, user, database) as server:
        G = pull(server, list(plans) or None)
    export_graph(G, out, fmt, force=force)
    click.echo(f"wrote {out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships")


@_question("queries")
def queries_command() -> None:
    """List the Cypher query library (queries/cypher) with what each answers and its parameters.

    \b
    Example:
      cjgraph queries
    """
    from cjgraph.cypher.library import list_queries

    for q in list_queries():
        click.echo(f"{q.name}\n    {q.description}\n    params: {q.params}")


@_question("export")
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
@out_option(_EXPORT_OUT)
@force_option
def export_command(sources: tuple[Path, ...], examples: bool, fmt: str, out: Path, force: bool) -> None:
    """Write the plan graph for Gephi, networkx, Neo4j and other tools.

    \b
    Example:
      cjgraph export plan.xlsx --format graphml --out plan.graphml
    """
    from cjgraph.export import export_graph

    G = _graph(sources, examples, out=out)
    export_graph(G, out, fmt, force=force)
    click.echo(f"wrote {out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships")
