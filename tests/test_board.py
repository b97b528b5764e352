"""The board pack in words (issue 14): read from its rendered HTML, as a board member would."""

from __future__ import annotations

import dataclasses
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.examples import example_path, tiny_plan
from cjgraph.framework import load_framework, load_needs
from cjgraph.queries import REASONS
from cjgraph.workbook import write_plan


class _Page(HTMLParser):
    """The words a reader sees (text and hover titles) outside the map, and the action rows."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.marks: list[tuple[str, str]] = []  # (the RAG class of a status cell, its text)
        self.html = ""
        self._mark: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("title") and tag != "iframe":
            self.words.append(a["title"] or "")
        if tag == "tr":
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = []
            classes = (a.get("class") or "").split()
            self._mark = classes[1] if tag == "td" and classes[:1] == ["rag"] and len(classes) > 1 else None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            if self._mark:
                self.marks.append((self._mark, self._row[-1]))
            self._cell, self._mark = None, None
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())

    def handle_data(self, data: str) -> None:
        self.words.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _pack(tmp_path: Path, *args: str) -> _Page:
    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["report", *args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = _Page()
    page.html = (out / "index.html").read_text(encoding="utf-8")
    page.feed(page.html)
    return page


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> _Page:
    return _pack(tmp_path_factory.mktemp("board"), "--examples")


def _states() -> Counter[tuple[str, str]]:
    """Per plan of the bundled examples (with their illustrative history), how many actions are
    overdue and how many past their date with no update, at the end of the plan: the question's
    answer the pack must show."""
    from cjgraph.loading import load
    from cjgraph.queries import status_on

    names = ("midlothian-2017-2020", "north-lanarkshire-2017-2020")
    G = load(*(example_path(n) for n in names))
    said: Counter[tuple[str, str]] = Counter()
    for s in status_on(G):
        said[(s.plan, "overdue")] += s.overdue
        said[(s.plan, "no update")] += s.no_update
    return said


def test_the_bundled_plans_are_judged_at_their_end_date(bundled: _Page) -> None:
    text = bundled.text
    for plan in ("Midlothian 2017–2020", "North Lanarkshire 2017–2020"):
        assert f"{plan}: figures as of 2020-03-31 (the end of the plan's period, which is over)" in text
    # not all 48 "overdue by 3,000 days"; an action whose lead never reported on it is not
    # "overdue" in red but past its date with no update (grey): a board reads red as failure
    said = _states()
    late, quiet = said[("midlothian-2017-2020", "overdue")], said[("midlothian-2017-2020", "no update")]
    assert late and quiet
    assert f"Midlothian 2017–2020: {quiet} past their date with no update reported" in text
    assert f"Midlothian 2017–2020: {late} overdue" in text


def test_no_reason_code_outcome_key_or_plan_id_is_shown(bundled: _Page) -> None:
    text = bundled.text
    codes = [*REASONS, "midlothian-2017-2020", "north-lanarkshire-2017-2020"]
    codes += [o.key for o in load_framework("opif-2016").outcomes if "-" in o.key]
    codes += [n.key for n in load_needs() if "-" in n.key]
    assert [c for c in codes if c in text] == []
    assert "Communities improve their understanding and participation in community justice" in text


def test_every_action_row_says_what_who_when_and_how(bundled: _Page) -> None:
    actions = [r for r in bundled.rows if len(r) in (5, 6) and r[0][:2] in ("SO", "PC")]  # the timeline's tables
    assert len(actions) == sum(_states().values()) + 9  # overdue, past their date with no update; no due date
    for ref, text, lead, *rest in actions:
        assert len(text) > 20 and lead and lead != "no lead named", (ref, text, lead)
        status = rest[-1].removesuffix(" but overdue")  # on track by its report, yet past its date: flagged
        assert status in ("Not reported", "On track", "At risk", "Off track", "Complete", "Not started"), rest


def test_gaps_of_one_cause_are_one_line(bundled: _Page) -> None:
    text = bundled.text
    assert (
        "Midlothian 2017–2020: The plan links no action to any indicator: 48 actions and 76 indicators stand unlinked"
        in text
    )
    assert "2 actions linked to no indicator" in text  # North Lanarkshire links most: its own line


def test_a_collective_is_not_a_single_point_of_failure(bundled: _Page) -> None:
    failures = [r for r in bundled.rows if r and r[0].endswith("2017–2020") and len(r) == 4]
    assert failures and not [r for r in failures if r[1] == "All Partners"]
    assert "5 collectives leading actions with no single accountable owner" in bundled.text


def test_on_track_but_overdue_is_flagged_and_a_running_plan_is_judged_today(tmp_path: Path) -> None:
    plan = tiny_plan()
    actions = [dataclasses.replace(a, status="on-track") if a.ref == "A1" else a for a in plan.actions]
    running = dataclasses.replace(plan.info, period_end="2999-03-31")
    write_plan(dataclasses.replace(plan, info=running, actions=tuple(actions)), tmp_path / "plan.xlsx")
    page = _pack(tmp_path, str(tmp_path / "plan.xlsx"))
    row = next(r for r in page.rows if r and r[0] == "A1")
    assert row[-1] == "On track but overdue"
    assert "(today: the plan's period runs)" in page.text


def test_the_pack_has_a_still_map_per_plan_with_shapes_and_a_legend(tmp_path: Path) -> None:
    """A still picture of each plan's accountability overview beside the pack (printed with it,
    for a paper): partners as dots, outcomes as stars, needs as triangles, a legend, the gaps
    labelled, plans in words."""
    import xml.etree.ElementTree as ET

    _pack(tmp_path, "--examples")
    ns = "{http://www.w3.org/2000/svg}"
    for plan, gap in (
        ("midlothian-2017-2020", "Life chances are improved through…"),
        ("north-lanarkshire-2017-2020", "Health"),
    ):
        root = ET.parse(tmp_path / "pack" / f"map-{plan}.svg").getroot()
        texts = [t.text or "" for t in root.iter(f"{ns}text")]
        corners = Counter(len((p.get("points") or "").split()) for p in root.iter(f"{ns}polygon"))
        assert corners[10] == 7 + 1 and corners[3] == 9 + 1  # every outcome a star, every need a triangle; the legend's
        assert len(list(root.iter(f"{ns}circle"))) > 20  # the partners
        assert "Legend" in texts and gap in texts
        assert not any("-2017-2020" in t for t in texts)  # plans in words


def test_no_update_reported_is_grey_never_red(tmp_path: Path) -> None:
    """An action past its date with no status ever reported is "Not reported" in grey, counted
    apart from the overdue; one reported on track past its date is red ("but overdue")."""
    plan = tiny_plan()
    actions = [dataclasses.replace(a, status="on-track") if a.ref == "A1" else a for a in plan.actions]
    write_plan(dataclasses.replace(plan, actions=tuple(actions)), tmp_path / "plan.xlsx")
    page = _pack(tmp_path, str(tmp_path / "plan.xlsx"), "--as-of", "2021-01-01")
    assert ("red", "On track but overdue") in page.marks
    assert ("grey", "Not reported") in page.marks and ("red", "Not reported") not in page.marks
    assert "1 actions reported and overdue; 2 past their date with no update reported" in page.text
    assert "Past their date, no update reported" in page.text


def test_the_coverage_matrix_is_per_plan_and_agrees_with_the_gaps(bundled: _Page) -> None:
    """North Lanarkshire leaves the Health need unaddressed (a gap): its own matrix row is all
    zeros, never Midlothian's actions summed in (which showed it as 3 and 4)."""
    import re

    from cjgraph.loading import load
    from cjgraph.queries import find_gaps

    section = bundled.html[bundled.html.index('id="coverage"') : bundled.html.index('id="map"')]
    rows: dict[str, dict[str, list[str]]] = {}
    for title, table in re.findall(r"<h3>(.*?)</h3>\s*<table>(.*?)</table>", section, re.S):
        cells = re.findall(r"<tr><th>([^<]*)</th>((?:<td[^>]*>\d+</td>)+)</tr>", table)
        rows[title] = {need: re.findall(r">(\d+)<", tds) for need, tds in cells}
    assert set(rows) == {"Midlothian 2017–2020", "North Lanarkshire 2017–2020"}
    G = load(*(example_path(n) for n in ("midlothian-2017-2020", "north-lanarkshire-2017-2020")))
    labels = {n.key: n.label for n in load_needs()}
    for gap in find_gaps(G, reasons=["need-unaddressed"]):
        title = "North Lanarkshire 2017–2020" if gap.plan.startswith("north") else "Midlothian 2017–2020"
        assert set(rows[title][labels[gap.subject]]) == {"0"}, (title, gap.subject)
    assert any(v != "0" for v in rows["Midlothian 2017–2020"][labels["health"]])


def test_the_progress_section_reads_the_history(bundled: _Page) -> None:
    """The pack's Progress section: the bundled plans' history said to be illustrative, each
    outcome's RAG per quarter (an SVG beside the page, a square per outcome and quarter), the
    revised timescales with both dates and the reasons, and the indicators' movement: the
    questions' answers."""
    import xml.etree.ElementTree as ET

    from cjgraph.limits import MAX_PACK_ROWS
    from cjgraph.loading import load
    from cjgraph.queries import indicator_movement, rag_trend, slippage

    G = load(*(example_path(n) for n in ("midlothian-2017-2020", "north-lanarkshire-2017-2020")))
    section = bundled.html[bundled.html.index('id="progress"') : bundled.html.index('id="coverage"')]
    assert section.count("2017–2020: illustrative: the progress, values and scores are made up by cjgraph") == 2
    trend = rag_trend(G)
    svg = ET.fromstring(section[section.index("<svg") : section.index("</svg>") + 6])
    squares = [
        r
        for r in svg.iter("{http://www.w3.org/2000/svg}rect")
        if r.find("{http://www.w3.org/2000/svg}title") is not None
    ]
    assert len(squares) == len(trend) and {"red", "amber", "green", "grey"} == {r.rag for r in trend}
    slips = [r for r in bundled.rows if len(r) == 8 and r[0][:2] in ("SO", "PC") and r[3][:2] == "20"]
    assert len(slips) == len(slippage(G)) > 10
    first = slippage(G)[0]
    row = next(r for r in slips if r[0] == first.ref)
    assert len(row[1]) > 20  # the action in words beside its ref
    assert row[3:7] == [first.original_due, first.revised_due, str(first.revisions), str(first.days)]
    assert row[7] == "; ".join(first.reasons)
    moves = [r for r in bundled.rows if len(r) == 5 and r[-1].split(":")[0] in ("up", "down", "same")]
    plans = ("midlothian-2017-2020", "north-lanarkshire-2017-2020")
    assert len(moves) == sum(min(len(indicator_movement(G, plan=p)), MAX_PACK_ROWS) for p in plans)
    assert {"up: better", "down: worse"} <= {r[-1] for r in moves}


def test_a_plan_without_progress_reports_says_how_to_add_them(tmp_path: Path) -> None:
    write_plan(tiny_plan(), tmp_path / "plan.xlsx")
    page = _pack(tmp_path, str(tmp_path / "plan.xlsx"))
    assert "The plan workbook holds no progress reports." in page.text
    assert not (tmp_path / "pack" / "progress.svg").exists()
