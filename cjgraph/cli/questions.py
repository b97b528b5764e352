"""The questions of ``cjgraph``: lead-load, gaps, chains, impact, timeline, network, compare
and diff. Each takes plan documents or workbooks as SOURCE (or ``--examples``), asks one
question of :mod:`cjgraph.queries` and prints its records as a table, CSV or JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from cjgraph.cli._common import echo_records, friendly, notify, plan_graph
from cjgraph.cli.options import (
    as_of_option,
    examples_option,
    format_option,
    plan_option,
    sources_argument,
    strict_option,
)

__all__ = ["COMMANDS", "source_options"]


def source_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """SOURCE... plus --examples, --plan, --format (--wide) and --strict."""
    for option in (format_option, plan_option(), examples_option, strict_option, sources_argument):
        func = option(func)
    return func


@click.command("lead-load")
@source_options
@click.option("--concentration", is_flag=True, help="Print each plan's lead concentration instead.")
@friendly
def lead_load_command(
    sources: tuple[Path, ...], examples: bool, strict: bool, plan: str | None, fmt: str, wide: bool, concentration: bool
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

    G = plan_graph(sources, examples, strict=strict)
    echo_records(lead_concentration(G, plan=plan) if concentration else lead_load(G, plan=plan), fmt, wide=wide)


@click.command("gaps")
@source_options
@click.option(
    "--reason",
    "reasons",
    multiple=True,
    metavar="CODE",
    help="Only these reason codes (repeatable), e.g. --reason need-unaddressed.",
)
@friendly
def gaps_command(
    sources: tuple[Path, ...],
    examples: bool,
    strict: bool,
    plan: str | None,
    fmt: str,
    wide: bool,
    reasons: tuple[str, ...],
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

    echo_records(
        find_gaps(plan_graph(sources, examples, strict=strict), plan=plan, reasons=list(reasons) or None),
        fmt,
        wide=wide,
    )


@click.command("chains")
@source_options
@click.option(
    "--from",
    "start",
    default=None,
    metavar="NAME",
    help="Only chains through this partner, action ref, outcome key or need key.",
)
@friendly
def chains_command(
    sources: tuple[Path, ...], examples: bool, strict: bool, plan: str | None, fmt: str, wide: bool, start: str | None
) -> None:
    """The paths partner -> action -> outcome -> indicator / need, from any node.

    \b
    Example:
      cjgraph chains plan.xlsx --from "Police Scotland"
    """
    from cjgraph.queries import chains

    echo_records(chains(plan_graph(sources, examples, strict=strict), start, plan=plan), fmt, wide=wide)


@click.command("impact")
@source_options
@click.option(
    "--partner",
    default=None,
    metavar="NAME",
    help="The partner that withdraws; without it, list the single points of failure.",
)
@friendly
def impact_command(
    sources: tuple[Path, ...], examples: bool, strict: bool, plan: str | None, fmt: str, wide: bool, partner: str | None
) -> None:
    """If a partner withdraws: actions left with no lead, outcomes and needs left with no action.

    Without --partner: the partners whose withdrawal would leave an outcome or a need of a
    plan with no action (single points of failure).

    \b
    Example:
      cjgraph impact plan.xlsx --partner SPS
    """
    from cjgraph.queries import impact, single_points_of_failure

    G = plan_graph(sources, examples, strict=strict)
    echo_records(impact(G, partner, plan=plan) if partner else single_points_of_failure(G, plan=plan), fmt, wide=wide)


@click.command("timeline")
@source_options
@as_of_option
@click.option("--by-quarter", is_flag=True, help="Count actions due, overdue and complete per quarter.")
@click.option("--overdue", "only_overdue", is_flag=True, help="Only the overdue actions.")
@friendly
def timeline_command(
    sources: tuple[Path, ...],
    examples: bool,
    strict: bool,
    plan: str | None,
    fmt: str,
    wide: bool,
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

    items = timeline(plan_graph(sources, examples, strict=strict), plan=plan, as_of=as_of, overdue_only=only_overdue)
    echo_records(due_per_quarter(items) if by_quarter else items, fmt, wide=wide)


@click.command("progress")
@source_options
@as_of_option
@click.option("--slippage", is_flag=True, help="The actions whose due date was revised: how often, by how much, why.")
@click.option(
    "--indicators", is_flag=True, help="Each indicator's movement from one period to the next, better or worse."
)
@click.option("--assessments", is_flag=True, help="Each outcome's self-assessment from one year to the next.")
@click.option("--by-partner", is_flag=True, help="With --slippage: per lead partner, whose actions slip most.")
@click.option("--off-track", is_flag=True, help="The outcomes whose every action is off track (or outstanding).")
@click.option("--trend", is_flag=True, help="Each outcome's RAG at the end of every quarter the plan reported.")
@click.option(
    "--stalled",
    "stalled_days",
    type=click.IntRange(min=0),
    default=None,
    metavar="DAYS",
    help="The actions not complete with no progress report for more than DAYS days (or none).",
)
@friendly
def progress_command(
    sources: tuple[Path, ...],
    examples: bool,
    strict: bool,
    plan: str | None,
    fmt: str,
    wide: bool,
    as_of: date | None,
    slippage: bool,
    indicators: bool,
    assessments: bool,
    by_partner: bool,
    off_track: bool,
    trend: bool,
    stalled_days: int | None,
) -> None:
    """Each action's status on a date, read from the progress sheet's reports.

    An action's status on a date is its latest report by then ("" when none); its due date the
    latest revision reported by then. Past it and not complete: overdue when a status was
    reported, no_update (not known to be late) when none was.

    \b
    Example:
      cjgraph progress plan.xlsx --as-of 2024-09-30
      cjgraph progress plan.xlsx --slippage
      cjgraph progress plan.xlsx --stalled 90
      cjgraph progress plan.xlsx --indicators
      cjgraph progress plan.xlsx --trend
    """
    from cjgraph.queries import (
        assessment_movement,
        indicator_movement,
        outcomes_off_track,
        rag_trend,
        slippage_by_partner,
        stalled,
        status_on,
    )
    from cjgraph.queries import slippage as slipped

    G = plan_graph(sources, examples, strict=strict)
    if slippage:
        echo_records((slippage_by_partner if by_partner else slipped)(G, plan=plan), fmt, wide=wide)
    elif off_track:
        echo_records(outcomes_off_track(G, as_of, plan=plan), fmt, wide=wide)
    elif trend:
        echo_records(rag_trend(G, plan=plan), fmt, wide=wide)
    elif indicators:
        echo_records(indicator_movement(G, plan=plan), fmt, wide=wide)
    elif assessments:
        echo_records(assessment_movement(G, plan=plan), fmt, wide=wide)
    elif stalled_days is not None:
        echo_records(stalled(G, as_of, days=stalled_days, plan=plan), fmt, wide=wide)
    else:
        echo_records(status_on(G, as_of, plan=plan), fmt, wide=wide)


@click.command("network")
@source_options
@click.option("--links", is_flag=True, help="List the partner pairs and the actions they share instead.")
@friendly
def network_command(
    sources: tuple[Path, ...], examples: bool, strict: bool, plan: str | None, fmt: str, wide: bool, links: bool
) -> None:
    """Partners linked through the actions they share, with degree and betweenness centrality.

    \b
    Example:
      cjgraph network plan.xlsx --links
    """
    from cjgraph.queries import partner_links, partner_network

    G = plan_graph(sources, examples, strict=strict)
    echo_records(partner_links(G, plan=plan) if links else partner_network(G, plan=plan), fmt, wide=wide)


@click.command("compare")
@source_options
@friendly
def compare_command(
    sources: tuple[Path, ...], examples: bool, strict: bool, plan: str | None, fmt: str, wide: bool
) -> None:
    """Plans side by side per national outcome: actions, leads, indicators, needs covered.

    \b
    Example:
      cjgraph compare plan-2017.xlsx plan-2023.xlsx
    """
    from cjgraph.queries import compare_plans

    echo_records(compare_plans(plan_graph(sources, examples, strict=strict), plan=plan), fmt, wide=wide)


@click.command("diff")
@strict_option
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option
@friendly
def diff_command(old: Path, new: Path, strict: bool, fmt: str, wide: bool) -> None:
    """Two versions of a plan: actions added, dropped, renumbered, moved, re-worded, re-led,
    re-dated; for a quarterly update, status, status date and notes changed; indicators added,
    dropped, relinked, of another kind or direction, and their values added, changed or dropped.

    \b
    Example:
      cjgraph diff plan-2024-q1.xlsx plan-2024-q2.xlsx
    """
    from cjgraph.loading import load_plan
    from cjgraph.queries import diff_plans

    before, after = (load_plan(p, strict=strict, notify=notify) for p in (old, new))
    if (before.info.id, before.info.partnership) != (after.info.id, after.info.partnership):
        click.echo(
            f"warning: {old} and {new} are different plans ({before.info.id}, {after.info.id}); they are "
            "compared all the same",
            err=True,
        )
    changes = diff_plans(before, after)
    if not changes and fmt == "table":
        click.echo(f"{old} and {new} hold the same actions and indicators: nothing was added, dropped or changed.")
        return
    echo_records(changes, fmt, wide=wide)


COMMANDS = [
    lead_load_command,
    gaps_command,
    chains_command,
    impact_command,
    timeline_command,
    progress_command,
    network_command,
    compare_command,
    diff_command,
]
