"""The board pack: a self-contained ``index.html`` (summary figures, lead-load chart, gap
tables with reason codes, timeline of due and overdue actions, needs × outcomes coverage,
the embedded map), the charts as PNG and SVG, and ``report.xlsx`` with one sheet per question.

The folder is written beside its target and moved into place when complete. Plan text is
escaped wherever it reaches the page (Jinja2 autoescaping; the map is embedded as an
``iframe`` ``srcdoc``, itself escaped, and keeps its own protections).

Examples
--------
>>> import tempfile, pathlib
>>> from datetime import date
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> out = pathlib.Path(tempfile.mkdtemp()) / "pack"
>>> _ = write_report(load(example_path("midlothian-2017-2020")), out, as_of=date(2018, 4, 1))
>>> sorted(p.name for p in out.iterdir())
['.cjgraph-output', 'coverage.svg', 'index.html', 'lead-load.svg', 'map.html', 'map.svg', 'report.xlsx', \
'timeline.svg']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.atomic import atomic_dir
from cjgraph.framework import load_framework, load_needs
from cjgraph.limits import MAX_PACK_ROWS, MAX_SHEET_ROWS
from cjgraph.output import cell, columns_for_people
from cjgraph.queries import (
    action_lines,
    as_of_dates,
    chains,
    compare_plans,
    due_per_quarter,
    failure_lines,
    find_gaps,
    gap_lines,
    lead_concentration,
    lead_load,
    partner_links,
    partner_network,
    plan_title,
    single_points_of_failure,
    timeline,
)
from cjgraph.queries.board import SHORT_TEXT
from cjgraph.queries.select import plan_ids, plan_view
from cjgraph.visualisations import charts
from cjgraph.visualisations.maps import map_html, map_size_problem, map_svg
from cjgraph.xlsx import write_xlsx

__all__ = ["Summary", "write_report", "summaries"]


@dataclass(frozen=True)
class Summary:
    """The headline figures of one plan."""

    plan: str
    actions: int
    partners_leading: int
    top_lead: str
    top_share: float
    dated: int
    overdue: int  # past due, not complete, with a status reported
    no_update: int  # past due with no status ever reported: not known to be late
    gaps: int
    outcomes_unmeasured: int
    needs_unaddressed: int
    collective_leads: int
    statutory_leading_nothing: int


def summaries(
    G: nx.MultiDiGraph, *, as_of: date | None = None, gaps: list[Any] | None = None, items: list[Any] | None = None
) -> list[Summary]:
    """Headline figures per plan at ``as_of`` (each plan's own date of
    :func:`~cjgraph.queries.as_of_dates` when None); ``gaps`` and ``items`` are the answers of
    :func:`~cjgraph.queries.find_gaps` and :func:`~cjgraph.queries.timeline` when the caller has
    them already."""
    gaps = find_gaps(G) if gaps is None else gaps
    items = timeline(G, as_of=as_of) if items is None else items
    out = []
    for c in lead_concentration(G):
        mine = [g for g in gaps if g.plan == c.plan]
        count = {r: sum(g.reason == r for g in mine) for r in {g.reason for g in mine}}
        out.append(
            Summary(
                plan=c.plan,
                actions=c.actions,
                partners_leading=c.lead_partners,
                top_lead=c.top_partner,
                top_share=c.top_share,
                dated=sum(1 for i in items if i.plan == c.plan and i.due),
                overdue=sum(1 for i in items if i.plan == c.plan and i.overdue and i.status),
                no_update=sum(1 for i in items if i.plan == c.plan and i.overdue and not i.status),
                gaps=len(mine),
                outcomes_unmeasured=count.get("outcome-unmeasured", 0) + count.get("outcome-only-qualitative", 0),
                needs_unaddressed=count.get("need-unaddressed", 0),
                collective_leads=count.get("collective-lead", 0),
                statutory_leading_nothing=count.get("statutory-partner-leads-nothing", 0),
            )
        )
    return out


REPORT_STEPS = ("questions", "charts", "workbook", "map", "page")


def write_report(
    G: nx.MultiDiGraph,
    out: str | Path,
    *,
    as_of: date | None = None,
    title: str = "",
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write the board pack for every plan of ``G`` into the folder ``out`` (new, empty or cjgraph's
    own; with ``force`` any other, whose files are left as they are). ``progress`` is called with
    each of :data:`REPORT_STEPS` as it starts."""
    out = Path(out)
    step = progress or (lambda _name: None)
    step("questions")
    loads = lead_load(G)
    gaps = find_gaps(G)
    items = timeline(G, as_of=as_of)
    quarters = due_per_quarter(items)
    lines = action_lines(G, items)
    # the outcomes of the frameworks the plans are written against, each framework's in its order
    frameworks = sorted({d["framework"] for _, d in G.nodes(data=True) if d.get("kind") == "Plan"})
    outcome_titles = {o.key: o.title for fw in frameworks for o in load_framework(fw).outcomes}
    need_names = {n.key: n.label for n in load_needs()}
    needs = list(need_names)
    matrix = charts.coverage_matrix(G)  # per plan: a need one plan leaves alone never shows another's actions
    outcomes = {p: [o.key for o in load_framework(plan_view(G, p).framework).outcomes] for p in matrix}
    sheets: dict[str, list[Any]] = {
        "summary": summaries(G, as_of=as_of, gaps=gaps, items=items),
        "as_of": as_of_dates(G, as_of=as_of),
        "actions": lines,  # every action in words: what, who, when, how it is going
        "lead_load": loads,
        "concentration": lead_concentration(G),
        "gaps": gaps,
        "timeline": items,
        "due_per_quarter": quarters,
        "single_points_of_failure": single_points_of_failure(G),
        "chains": chains(G),
        "network": partner_network(G),
        "network_links": partner_links(G),
        "compare": compare_plans(G),
    }
    with atomic_dir(out, kind="board-pack", force=force) as folder:
        step("charts")
        words = {p: plan_title(G, p) for p in plan_ids(G)} | outcome_titles | need_names  # codes in words
        svgs = _draw_charts(loads, quarters, matrix, needs, outcomes, folder, words)
        coverage = [(plan_title(G, p), m, [(k, outcome_titles[k]) for k in outcomes[p]]) for p, m in matrix.items()]
        step("workbook")
        _write_xlsx(sheets, folder / "report.xlsx", _action_words(lines))
        step("map")
        map_note = map_size_problem(G)
        map_page = "" if map_note else map_html(G)
        picture = "" if map_note else map_svg(G)
        step("page")
        page = _render(
            title=title or "Community justice board pack: " + ", ".join(plan_title(G, p) for p in plan_ids(G)),
            dates=[(plan_title(G, d.plan), d) for d in sheets["as_of"]],
            summary=[(plan_title(G, s.plan), s) for s in sheets["summary"]],
            gap_lines=gap_lines(G, gaps),
            overdue=[a for a in lines if a.overdue],
            no_update=[a for a in lines if a.no_update],
            undated=[a for a in lines if not a.due],
            spof=failure_lines(G, sheets["single_points_of_failure"]),
            svgs=svgs,
            needs=list(need_names.items()),
            coverage=coverage,
            map_page=map_page,
            map_note=map_note,
            map_picture=picture,
            limit=MAX_PACK_ROWS,
            short=SHORT_TEXT,
        )
        (folder / "index.html").write_text(page, encoding="utf-8")
        if map_page:  # the map on its own, to open full screen on a projector, and as a still picture
            (folder / "map.html").write_text(map_page, encoding="utf-8")
            (folder / "map.svg").write_text('<?xml version="1.0" encoding="utf-8"?>\n' + picture, encoding="utf-8")
    return out


def _draw_charts(
    loads: list[Any],
    quarters: list[Any],
    matrix: dict[str, dict[tuple[str, str], int]],
    needs: list[str],
    outcomes: dict[str, list[str]],
    folder: Path,
    words: dict[str, str],
) -> dict[str, str]:
    return {
        "lead_load": charts.lead_load_chart(loads, folder / "lead-load", words),
        "timeline": charts.timeline_chart(quarters, folder / "timeline", words),
        "coverage": charts.coverage_chart(matrix, needs, outcomes, folder / "coverage", words),
    }


def _action_words(lines: list[Any]) -> dict[tuple[str, str], tuple[str, str]]:
    """(plan, ref) → (action text, its leads) from the action lines, for the sheets that name
    actions by ref only."""
    return {(a.plan, a.ref): (a.text, cell(a.leads)) for a in lines}


def _write_xlsx(sheets: dict[str, list[Any]], path: Path, words: dict[tuple[str, str], tuple[str, str]]) -> None:
    """One sheet per question; a sheet whose rows name one action (by ``ref``, or a ``refs`` of
    one) gets that action's text and leads beside it."""
    rows: dict[str, list[list[Any]]] = {}
    for name, records in sheets.items():
        if not records:
            rows[name] = [["(no records)"]]
            continue
        cols = columns_for_people(records)
        ref = next((c for c in ("ref", "refs") if c in cols and "plan" in cols and "text" not in cols), None)

        def said(r: Any, ref: str | None = ref) -> list[str]:
            if ref is None:
                return []
            value = getattr(r, ref)
            one = value if isinstance(value, str) else value[0] if len(value) == 1 else ""
            return list(words.get((r.plan, one), ("", "")))

        extra = ["Action text", "Leads"] if ref else []
        rows[name] = [
            [_heading(c) for c in cols] + extra,
            *([_xl(getattr(r, c)) for c in cols] + said(r) for r in records[:MAX_SHEET_ROWS]),
        ]
        if len(records) > MAX_SHEET_ROWS:
            rows[name].append(
                [
                    f"… and {len(records) - MAX_SHEET_ROWS:,} more rows, over the {MAX_SHEET_ROWS:,} a sheet of the "
                    "board pack holds; the command line gives them all (--format csv)"
                ]
            )
    dates = {name: {"Due", "As of"} for name in rows}
    wrap = {name: {"Text", "Action text", "Detail", "Evidence", "Subjects", "Leaves", "Outcomes"} for name in rows}
    write_xlsx(path, rows, dates=dates, wrap=wrap)


def _heading(field: str) -> str:
    """A record's field as a sheet's column heading ("days_overdue" → "Days overdue")."""
    return field.replace("_", " ").capitalize()


def _xl(value: Any) -> Any:
    return value if type(value) is str or isinstance(value, bool | int | float) else cell(value)


def _render(**context: Any) -> str:
    from jinja2 import Environment

    template = (
        resources.files("cjgraph.visualisations").joinpath("templates", "report.html").read_text(encoding="utf-8")
    )
    env = Environment(autoescape=True)
    env.filters["cell"] = cell
    return env.from_string(template).render(**context)
