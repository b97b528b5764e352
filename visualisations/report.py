"""The board pack: a self-contained ``index.html`` (summary figures, what depends on whom,
lead-load chart, gap tables with reason codes, timeline of due and overdue actions, needs ×
outcomes coverage, the embedded map and a still map of each plan), the charts and still maps as
SVG, ``map.html``, and ``report.xlsx`` with one sheet per question. A pack of more than
:data:`PACK_TOGETHER` plans (a national view) opens on one line per plan, each linked to the
plan's own pages in ``plans/<id>/``.

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
['.cjgraph-output', 'coverage.svg', 'index.html', 'lead-load.svg', 'map-midlothian-2017-2020.svg', 'map.html', \
'progress.svg', 'report.xlsx', 'timeline.svg']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.atomic import atomic_dir
from cjgraph.contract import plan_id
from cjgraph.framework import load_framework, load_needs
from cjgraph.limits import MAX_PACK_ROWS, MAX_SHEET_ROWS
from cjgraph.output import cell, columns_for_people
from cjgraph.queries import (
    ALL_PLANS,
    action_lines,
    as_of_dates,
    chain_lines,
    chains,
    compare_plans,
    due_per_quarter,
    failure_lines,
    find_gaps,
    gap_lines,
    indicator_movement,
    lead_concentration,
    lead_load,
    partner_links,
    partner_network,
    plan_title,
    rag_trend,
    single_points_of_failure,
    slippage,
    timeline,
)
from cjgraph.queries.board import SHORT_TEXT
from cjgraph.queries.select import plan_ids, plan_view
from cjgraph.sandbox import alongside
from cjgraph.visualisations import charts
from cjgraph.visualisations.maps import lay_out_alongside, map_html, map_size_problem, map_svg
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


REPORT_STEPS = ("questions", "workbook", "charts", "map", "page")

# up to this many plans share one page; more (a national view) get a page of one line per plan
# and a page per plan (plans/<id>/index.html) with everything the one page would say of it
PACK_TOGETHER = 3


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
    each of :data:`REPORT_STEPS` as it starts. More than :data:`PACK_TOGETHER` plans: ``index.html``
    has one line per plan, each linked to its own page."""
    out = Path(out)
    step = progress or (lambda _name: None)
    step("questions")
    lay_out_alongside(G)  # on another core while the questions are answered
    answers = _answers(G, as_of)
    plans = plan_ids(G)
    title = title or "Community justice board pack: " + _names([plan_title(G, p) for p in plans])
    with atomic_dir(out, kind="board-pack", force=force) as folder:
        step("workbook")  # written on another core while the pages are made
        words = _action_words(answers.sheets["actions"])
        workbook = alongside(_write_xlsx, answers.sheets, folder / "report.xlsx", words)
        try:
            _write_pages(G, answers, folder, title, step)
            workbook()
        finally:
            workbook.cancel()  # the pages failed: the folder is about to be taken away
    return out


def _write_pages(G: nx.MultiDiGraph, answers: _Answers, folder: Path, title: str, step: Callable[[str], None]) -> None:
    """The pack's pages: one (``index.html``, the map in it), or with more than
    :data:`PACK_TOGETHER` plans a page per plan and ``index.html`` of one line per plan."""
    plans = plan_ids(G)
    map_note = map_size_problem(G)
    step("charts")
    if len(plans) > PACK_TOGETHER:
        for p in plans:
            mine = folder / "plans" / p
            mine.mkdir(parents=True)
            own = _plan_page(
                G, answers, [p], mine, title=plan_title(G, p), root="../../", map_page="", map_note=map_note
            )
            (mine / "index.html").write_text(own, encoding="utf-8")
    step("map")
    map_page = "" if map_note else map_html(G)
    if map_page:  # the map on its own, to open full screen on a projector
        (folder / "map.html").write_text(map_page, encoding="utf-8")
    step("page")
    if len(plans) <= PACK_TOGETHER:
        page = _plan_page(G, answers, plans, folder, title=title, root="", map_page=map_page, map_note=map_note)
    else:
        page = _national_page(G, answers, title=title, map_note=map_note)
    (folder / "index.html").write_text(page, encoding="utf-8")


@dataclass(frozen=True)
class _Answers:
    """Every question's answer for all the plans, asked once; each page takes its plans' part."""

    sheets: dict[str, list[Any]]  # by the workbook's sheet names: "gaps", "due_per_quarter", ...
    matrix: dict[str, dict[tuple[str, str], int]]
    outcomes: dict[str, list[tuple[str, str]]]  # per plan: its framework's outcomes (key, title) in order
    needs: dict[str, str]  # need key → name


def _answers(G: nx.MultiDiGraph, as_of: date | None) -> _Answers:
    gaps = find_gaps(G)
    items = timeline(G, as_of=as_of)
    quarters = due_per_quarter(items)
    matrix = charts.coverage_matrix(G)  # per plan: a need one plan leaves alone never shows another's actions
    outcomes = {p: [(o.key, o.title) for o in load_framework(plan_view(G, p).framework).outcomes] for p in matrix}
    sheets: dict[str, list[Any]] = {
        "summary": summaries(G, as_of=as_of, gaps=gaps, items=items),
        "as_of": as_of_dates(G, as_of=as_of),
        "actions": action_lines(G, items),  # every action in words: what, who, when, how it is going
        "lead_load": lead_load(G),
        "concentration": lead_concentration(G),
        "gaps": gaps,
        "timeline": items,
        "due_per_quarter": quarters,
        "single_points_of_failure": single_points_of_failure(G),
        "chains": chains(G),
        "network": partner_network(G),
        "network_links": partner_links(G),
        "compare": compare_plans(G),
        "rag_trend": rag_trend(G),
        "slippage": slippage(G),
        "indicator_movement": indicator_movement(G),
    }
    needs = {n.key: n.label for n in load_needs()}
    return _Answers(sheets, matrix, outcomes, needs)


# the lead partners a page names in its chains section, per plan (the rest: the chains sheet)
CHAIN_LINES = 8


def _plan_page(
    G: nx.MultiDiGraph,
    a: _Answers,
    plans: list[str],
    folder: Path,
    *,
    title: str,
    root: str,
    map_page: str,
    map_note: str,
) -> str:
    """The pack's page for ``plans`` (every section, their rows only), its charts and still maps
    written beside it in ``folder``; ``root`` leads from it to the pack's own folder."""
    every = len(plans) == len(a.matrix)

    def mine(rows: list[Any]) -> list[Any]:
        return [r for r in rows if r.plan in plans or (every and r.plan == ALL_PLANS)]

    matrix = {p: m for p, m in a.matrix.items() if p in plans}
    outcomes = {p: a.outcomes[p] for p in matrix}
    titles = {p: plan_title(G, p) for p in plan_ids(G)}
    words = titles | {k: t for o in outcomes.values() for k, t in o} | a.needs  # codes in words
    keys = {p: [k for k, _ in o] for p, o in outcomes.items()}
    svgs = _draw_charts(
        mine(a.sheets["lead_load"]), mine(a.sheets["due_per_quarter"]), matrix, list(a.needs), keys, folder, words
    )
    lines = mine(a.sheets["actions"])
    pictures = []  # a plan's overview is small whatever its size: drawn when the interactive map is not
    for p in plans:
        picture = map_svg(G, plan=p)
        (folder / f"map-{p}.svg").write_text('<?xml version="1.0" encoding="utf-8"?>\n' + picture, encoding="utf-8")
        pictures.append((titles[p], f"map-{p}.svg", picture))
    found = chain_lines(G, mine(a.sheets["chains"]))
    outcome_titles = titles | {k: t for o in outcomes.values() for k, t in o}
    progress = _progress(G, a.sheets, plans, mine, folder, words, outcome_titles)
    return _render(
        "report.html",
        title=title,
        root=root,
        one=plans[0] if len(plans) == 1 and not every else "",
        dates=[(titles[d.plan], d) for d in mine(a.sheets["as_of"])],
        summary=[(titles[s.plan], s) for s in mine(a.sheets["summary"])],
        gap_lines=gap_lines(G, mine(a.sheets["gaps"])),
        overdue=[x for x in lines if x.overdue],
        no_update=[x for x in lines if x.no_update],
        undated=[x for x in lines if not x.due],
        spof=failure_lines(G, mine(a.sheets["single_points_of_failure"])),
        chains=[c for p in plans for c in [c for c in found if c.plan == p][:CHAIN_LINES]],
        svgs=svgs,
        needs=list(a.needs.items()),
        coverage=[(titles[p], m, outcomes[p]) for p, m in matrix.items()],
        map_page=map_page,
        map_note=map_note,
        map_pictures=pictures,
        progress=progress,
        limit=MAX_PACK_ROWS,
        short=SHORT_TEXT,
    )


@dataclass(frozen=True)
class _Progress:
    """The Progress section of a page: the RAG trend chart ("" when no plan reports progress),
    each plan's note on its history ("illustrative: …"), the revised timescales and the
    indicators' movement, each row with its plan's title."""

    trend: str
    notes: list[tuple[str, str]]
    slips: list[Any]
    moves: list[Any]


def _progress(
    G: nx.MultiDiGraph,
    sheets: dict[str, list[Any]],
    plans: list[str],
    mine: Callable[[list[Any]], list[Any]],
    folder: Path,
    words: dict[str, str],
    outcomes: dict[str, str],
) -> _Progress:
    """The Progress section's parts for ``plans``; ``words`` names plans, ``outcomes`` outcomes
    (a need may share an outcome's key)."""
    trend = mine(sheets["rag_trend"])
    if not trend:
        return _Progress("", [], [], [])

    texts = _action_words(sheets["actions"])

    def titled(rows: list[Any]) -> list[dict[str, Any]]:
        return [
            {**asdict(r), "plan_title": words[r.plan], "text": texts.get((r.plan, getattr(r, "ref", "")), ("",))[0]}
            for r in mine(rows)
        ]

    notes = [(words[p], str(G.nodes[plan_id(p)]["history_note"])) for p in plans]
    chart = charts.rag_trend_chart(trend, folder / "progress", outcomes)
    return _Progress(
        chart, [(t, n) for t, n in notes if n], titled(sheets["slippage"]), titled(sheets["indicator_movement"])
    )


def _national_page(G: nx.MultiDiGraph, a: _Answers, *, title: str, map_note: str) -> str:
    """The first page of a pack of many plans: one line per plan, each linked to its page."""
    spof: dict[str, int] = {}
    for s in a.sheets["single_points_of_failure"]:
        spof[s.plan] = spof.get(s.plan, 0) + 1
    as_of = {d.plan: d.as_of for d in a.sheets["as_of"]}
    rows = [(plan_title(G, s.plan), s, spof.get(s.plan, 0), as_of.get(s.plan, "")) for s in a.sheets["summary"]]
    return _render("national.html", title=title, rows=rows, map_note=map_note)


def _names(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


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


def _render(name: str, **context: Any) -> str:
    return str(_template(name).render(**context))


@cache
def _template(name: str) -> Any:
    """A page's template, compiled once (a pack of 100 plans renders 101 pages)."""
    from jinja2 import Environment

    template = resources.files("cjgraph.visualisations").joinpath("templates", name).read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    env.filters["cell"] = cell
    return env.from_string(template)
