"""The drawings of ``cjgraph``: the interactive map (map) and the board pack (report)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from cjgraph.cli._common import WATCHED, friendly, plan_graph
from cjgraph.cli.options import (
    as_of_option,
    examples_option,
    force_option,
    out_option,
    plan_option,
    sources_argument,
    strict_option,
)

__all__ = ["COMMANDS"]


@click.command("map")
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
@friendly
def map_command(
    sources: tuple[Path, ...],
    examples: bool,
    strict: bool,
    out: Path,
    plan: str | None,
    focus: str | None,
    outcome: str | None,
    need: str | None,
    workshop: bool,
    force: bool,
) -> None:
    """An interactive network map as one offline HTML file, for board workshops.

    It opens on the accountability overview (partners, outcomes and needs, a line where a
    partner's actions serve one; one plan at a time): click a node to see its actions, or show
    everything. Colour and shape by kind with a legend, partners sized by lead-load, gaps
    marked (unmeasured outcome, unaddressed need, a partner whose withdrawal leaves one without
    action, collective lead), tooltips, search, filters by plan, outcome, partner and need.
    Every script and style is inline: the page makes no network request.
    A map too large to lay out in reasonable time is refused with its size: draw a part of it.

    \b
    Example:
      cjgraph map plan.xlsx --out map.html --workshop
    """
    from cjgraph.visualisations.maps import write_map

    G = plan_graph(sources, examples, strict=strict, out=out)
    write_map(G, out, plan=plan, focus=focus, outcome=outcome, need=need, workshop=workshop, force=force)
    click.echo(f"wrote {out}")


@click.command("report")
@strict_option
@sources_argument
@examples_option
@out_option("The folder to write the board pack into: new, empty, or one cjgraph wrote before.")
@as_of_option
@force_option
@friendly
def report_command(
    sources: tuple[Path, ...], examples: bool, strict: bool, out: Path, as_of: date | None, force: bool
) -> None:
    """The board pack: index.html, map.html, a still map per plan, charts as SVG, report.xlsx.

    index.html is self-contained and works offline: summary figures, what depends on whom,
    the lead-load chart, the gaps in words, the timeline of due and overdue actions, the needs
    x outcomes coverage matrix and the embedded map. More than three plans: one line per plan,
    each linked to its own pages (plans/ID/index.html). report.xlsx has one sheet per question.
    A map too large to lay out in reasonable time is left out and the pack says why; long
    tables and sheets are cut, saying how many rows more there are.

    \b
    Example:
      cjgraph report plan.xlsx --out board-pack
    """
    from cjgraph.visualisations.report import write_report

    G = plan_graph(sources, examples, strict=strict, out=out)
    if G.number_of_nodes() >= WATCHED and sys.stderr.isatty():  # a long pack, watched: show its steps
        from cjgraph.visualisations.report import REPORT_STEPS

        with click.progressbar(length=len(REPORT_STEPS), label="board pack", file=sys.stderr) as bar:

            def progress(name: str) -> None:
                bar.label = f"board pack: {name}"
                bar.update(0 if name == REPORT_STEPS[0] else 1)

            write_report(G, out, as_of=as_of, force=force, progress=progress)
            bar.update(1)
    else:
        write_report(G, out, as_of=as_of, force=force)
    made = [name for name in ("index.html", "map.html", "report.xlsx") if (out / name).exists()]
    pages = "a page per plan in plans/, " if (out / "plans").is_dir() else ""
    click.echo(f"wrote {out}: {', '.join(made)}, {pages}a still map per plan and the charts (.svg)")


@click.command("annual-report")
@strict_option
@sources_argument
@examples_option
@click.option("--year", required=True, metavar="YEAR", help="The reporting year, 1 April to 31 March: 2023-24.")
@out_option("The Word document to write (.docx).")
@click.option("--plan", default=None, metavar="ID", help="The plan to report on, when the sources hold several.")
@click.option("--national", is_flag=True, help="Every plan together: per national outcome and per national body.")
@force_option
@friendly
def annual_report_command(
    sources: tuple[Path, ...],
    examples: bool,
    strict: bool,
    year: str,
    out: Path,
    plan: str | None,
    national: bool,
    force: bool,
) -> None:
    """The annual performance report (s23 of the Community Justice (Scotland) Act 2016) drafted
    as a Word document, in the order of the annual return.

    Per national outcome of the plan's framework: the actions taken in the year by status
    (completed, in progress, revised with the reason, outstanding) with their leads, the
    indicators' values and movement, the self-assessment; then achievements and challenges and
    the actions carried into next year. Every figure names the workbook row it comes from; what
    only the partnership can write is a marked placeholder. With --national, every plan
    together: per national outcome, and national bodies' load and slippage.

    \b
    Example:
      cjgraph annual-report plan.xlsx --year 2023-24 --out annual-report.docx
      cjgraph annual-report plans/ --national --year 2023-24 --out national.docx
    """
    from cjgraph.queries.annual import annual_return, national_return
    from cjgraph.visualisations.annual import write_annual_report, write_national_report

    G = plan_graph(sources, examples, strict=strict, out=out)
    if national:
        write_national_report(national_return(G, year), out, force=force)
    else:
        write_annual_report(annual_return(G, year, plan=plan), out, force=force)
    click.echo(f"wrote {out}")


COMMANDS = [map_command, report_command, annual_report_command]
