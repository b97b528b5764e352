"""Maps and board pack in real headless Chromium: offline, complete, searchable, clickable, safe."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import browser, not_blank, screenshot, visit

from cjgraph.graph import graph_from_plans
from cjgraph.loading import load
from cjgraph.model import Action, Indicator, Partner, Plan, PlanInfo
from cjgraph.visualisations.maps import map_graph, write_map
from cjgraph.visualisations.report import write_report
from cjgraph.visualisations.style import GAP_COLOUR

from conftest import SEEDS

READY = "window.cjgraph && window.cjgraph.ready"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load(SEEDS["midlothian"], SEEDS["north-lanarkshire"])


@pytest.fixture(scope="module")
def chromium() -> Any:
    with browser() as b:
        yield b


def test_map_offline_and_complete(G: nx.MultiDiGraph, chromium: Any, tmp_path: Path) -> None:
    out = write_map(G, tmp_path / "map.html")
    v = visit(chromium, out)
    v.page.wait_for_function(READY)
    assert v.leaks == [] and v.errors == []
    drawn = v.page.evaluate("window.cjgraph.network.body.nodeIndices.length")
    assert drawn == v.page.evaluate("window.cjgraph.nodes.length") == G.number_of_nodes()
    shot = screenshot(v.page, "map-both-seeds")
    top, colours = not_blank(shot)
    assert top < 0.97 and colours > 50


def test_workshop_map(G: nx.MultiDiGraph, chromium: Any, tmp_path: Path) -> None:
    out = write_map(G, tmp_path / "workshop.html", plan="north-lanarkshire-2017-2020", workshop=True)
    v = visit(chromium, out)
    v.page.wait_for_function(READY)
    assert v.leaks == [] and v.errors == []
    assert v.page.evaluate("window.cjgraph.nodes.get('outcome:opif-2016:access').font.size") > 26
    assert v.page.evaluate("getComputedStyle(document.body).fontSize") == "22px"
    screenshot(v.page, "map-north-lanarkshire-workshop")


def test_search_focuses_the_named_node(G: nx.MultiDiGraph, chromium: Any, tmp_path: Path) -> None:
    out = write_map(G, tmp_path / "map.html", plan="midlothian-2017-2020")
    v = visit(chromium, out)
    v.page.wait_for_function(READY)
    v.page.fill("#search", "Lifeline")
    v.page.press("#search", "Enter")
    node = "partner:midlothian-2017-2020:lifeline"
    assert v.page.evaluate("window.cjgraph.focused") == node
    assert v.page.evaluate("window.cjgraph.network.getSelectedNodes()") == [node]
    view = v.page.evaluate("window.cjgraph.network.getViewPosition()")
    pos = v.page.evaluate(f"window.cjgraph.network.getPositions(['{node}'])['{node}']")
    assert abs(view["x"] - pos["x"]) < 1 and abs(view["y"] - pos["y"]) < 1
    v.page.fill("#search", "no such body")
    v.page.press("#search", "Enter")
    assert v.page.inner_text("#status") == "not found"


def _click_node(page: Any, node: str) -> None:
    page.evaluate(f"window.cjgraph.network.focus('{node}', {{scale: 2.5, animation: false}})")
    point = page.evaluate(
        f"window.cjgraph.network.canvasToDOM(window.cjgraph.network.getPositions(['{node}'])['{node}'])"
    )
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_clicking_a_partner_highlights_exactly_its_actions(G: nx.MultiDiGraph, chromium: Any, tmp_path: Path) -> None:
    out = write_map(G, tmp_path / "map.html")
    v = visit(chromium, out)
    v.page.wait_for_function(READY)
    partner = "partner:scottish-prison-service"
    _click_node(v.page, partner)
    highlighted = set(v.page.evaluate("window.cjgraph.highlighted"))
    actions = {a for _, a, k in G.out_edges(partner, keys=True) if k in ("LEADS", "CONTRIBUTES_TO")}
    assert len(actions) == 12
    assert highlighted == actions | {partner}
    dimmed = v.page.evaluate("window.cjgraph.nodes.get('outcome:opif-2016:access').opacity")
    assert dimmed < 0.5
    # the side panel lists exactly its actions, in words: ref, text, due date and status
    listed = v.page.evaluate("Array.from(document.querySelectorAll('#panel li')).map(li => li.textContent)")
    refs = sorted(f"{G.nodes[a]['ref']}: {G.nodes[a]['text']}" for a in actions)
    assert sorted(line.rsplit(" (", 1)[0] for line in listed) == refs
    assert all(line.endswith("; not reported)") and "2017–2020; due 20" in line for line in listed)
    assert v.page.is_visible("#panel") and "Scottish Prison Service" in v.page.inner_text("#panel h2")
    screenshot(v.page, "map-highlight-sps")


def test_search_finds_abbreviations_action_words_and_outcome_titles(
    G: nx.MultiDiGraph, chromium: Any, tmp_path: Path
) -> None:
    v = visit(chromium, write_map(G, tmp_path / "map.html"))
    v.page.wait_for_function(READY)
    v.page.fill("#search", "SPS")  # the registry's abbreviation of the Scottish Prison Service
    v.page.press("#search", "Enter")
    assert v.page.evaluate("window.cjgraph.focused") == "partner:scottish-prison-service"
    v.page.fill("#search", "homelessness")  # a word of an action's text
    v.page.press("#search", "Enter")
    assert v.page.evaluate("window.cjgraph.focused") == "action:north-lanarkshire-2017-2020:SO3.5"
    v.page.fill("#search", "unpaid work")  # words of several actions: offered as a choice
    v.page.press("#search", "Enter")
    found = v.page.evaluate("window.cjgraph.matches")
    expected = {n for n, d in G.nodes(data=True) if "unpaid work" in str(d.get("text", "")).lower()}
    assert len(expected) > 1 and set(found) >= expected and "pick one" in v.page.inner_text("#status")
    picks = v.page.locator("#panel button.pick")
    assert picks.count() == len(found)
    first = found[0]
    picks.nth(0).click()
    assert v.page.evaluate("window.cjgraph.focused") == first
    v.page.fill("#search", "Partners plan and deliver services in a more strategic and collaborative way")
    v.page.press("#search", "Enter")
    assert v.page.evaluate("window.cjgraph.focused") == "outcome:opif-2016:partnership"
    tip = v.page.evaluate("window.cjgraph.nodes.get('partner:midlothian-2017-2020:lifeline').title.textContent")
    assert "Midlothian 2017–2020" in tip  # every tooltip names the plan


def test_filters(G: nx.MultiDiGraph, chromium: Any, tmp_path: Path) -> None:
    out = write_map(G, tmp_path / "map.html")
    v = visit(chromium, out)
    v.page.wait_for_function(READY)
    visible = "window.cjgraph.nodes.get({filter: n => !n.hidden}).map(n => n.id)"
    for select, value, expected in [
        ("#f-outcome", "outcome:opif-2016:resilience", map_graph(G, outcome="resilience")),
        ("#f-need", "need:housing", map_graph(G, need="housing")),
        ("#f-partner", "partner:police-scotland", map_graph(G, focus="Police Scotland")),
        ("#f-plan", "plan:midlothian-2017-2020", map_graph(G, plan="midlothian-2017-2020")),
    ]:
        v.page.click("#reset")
        v.page.select_option(select, value)
        assert set(v.page.evaluate(visible)) == set(expected), select
    v.page.select_option("#f-need", "need:housing")  # two filters at once: both must hold
    assert set(v.page.evaluate(visible)) == set(map_graph(G, plan="midlothian-2017-2020", need="housing"))
    v.page.click("#reset")
    assert v.page.evaluate("window.cjgraph.visible") == G.number_of_nodes()


PAYLOAD_TEXT = 'Train staff <img src=x onerror="window.__xss=1"> safely'
PAYLOAD_NAME = "<script>window.__xss=2</script>Acme & Co"


def _hostile_graph() -> nx.MultiDiGraph:
    plan = Plan(
        PlanInfo(id="hostile-2020-2023", partnership="Fife", title="<b>plan</b>"),
        actions=(Action("A1", "access", PAYLOAD_TEXT, leads=(PAYLOAD_NAME,), due=date(2019, 3, 31)),),
        indicators=(Indicator("access", "local", '<svg onload="window.__xss=3">'),),
        partners=(Partner(PAYLOAD_NAME, kind="collective"),),
    )
    return graph_from_plans([plan])


def test_plan_text_is_shown_as_text_never_run(chromium: Any, tmp_path: Path) -> None:
    H = _hostile_graph()
    out = write_map(H, tmp_path / "map.html")
    v = visit(chromium, out)
    v.page.wait_for_function(READY)
    action = "action:hostile-2020-2023:A1"
    _click_node(v.page, action)
    v.page.mouse.move(1, 1)
    assert v.page.evaluate("window.__xss") is None
    assert v.page.evaluate("document.querySelectorAll('img, svg[onload]').length") == 0
    tip = v.page.evaluate(f"window.cjgraph.nodes.get('{action}').title.textContent")
    assert PAYLOAD_TEXT in tip and PAYLOAD_NAME in tip
    names = v.page.evaluate("Array.from(document.querySelectorAll('#f-partner option')).map(o => o.textContent)")
    assert any(PAYLOAD_NAME in n for n in names)
    assert PAYLOAD_NAME in v.page.inner_text("#panel")  # the panel lists the lead as text
    v.page.fill("#search", "Acme")
    v.page.press("#search", "Enter")
    v.page.fill("#search", "safely")
    v.page.press("#search", "Enter")
    assert v.page.evaluate("window.__xss") is None
    assert v.page.evaluate("document.querySelectorAll('img, svg[onload]').length") == 0
    assert v.errors == [] and v.leaks == []

    pack = write_report(H, tmp_path / "pack", as_of=date(2020, 1, 1))
    r = visit(chromium, pack / "index.html")
    r.page.wait_for_timeout(300)
    r.page.frame_locator("iframe").locator("#map canvas").wait_for()
    assert r.page.evaluate("window.__xss") is None
    assert r.page.evaluate("document.querySelectorAll('img').length") == 0
    r.page.click("summary >> nth=0")
    assert PAYLOAD_NAME in r.page.inner_text("body")
    assert r.errors == [] and r.leaks == []


def test_report_offline_with_charts_and_map(G: nx.MultiDiGraph, chromium: Any, tmp_path: Path) -> None:
    pack = write_report(G, tmp_path / "pack", as_of=date(2018, 4, 1))
    v = visit(chromium, pack / "index.html", width=1300)
    frame = v.page.frame_locator("iframe")
    frame.locator("#map canvas").wait_for()
    inner = v.page.frames[1]
    inner.wait_for_function(READY)
    assert inner.evaluate("window.cjgraph.nodes.length") == G.number_of_nodes()
    assert v.page.evaluate("document.querySelectorAll('.chart svg').length") == 3
    assert "Criminal Justice Social Work" in v.page.inner_text("#lead-load + .chart")
    assert v.leaks == [] and v.errors == []
    shot = screenshot(v.page, "report-both-seeds", full_page=True)
    top, colours = not_blank(shot)
    assert top < 0.97 and colours > 50


def test_a_plan_map_keeps_its_gaps_in_view(G: nx.MultiDiGraph, chromium: Any, tmp_path: Path) -> None:
    """--plan (and the Plan filter) never hide an unaddressed need or an outcome with no action."""
    from cjgraph.queries import find_gaps

    plan = "north-lanarkshire-2017-2020"
    (need,) = [g.subject for g in find_gaps(G, plan=plan, reasons=["need-unaddressed"])]
    out = write_map(G, tmp_path / "map.html", plan=plan)
    v = visit(chromium, out)
    v.page.wait_for_function(READY)
    shown = v.page.evaluate(f"window.cjgraph.nodes.get('need:{need}')")
    assert shown is not None and not shown.get("hidden")
    assert shown["borderWidth"] == 5 and shown["color"]["border"] == GAP_COLOUR  # ringed as a gap
    everything = visit(chromium, write_map(G, tmp_path / "all.html"))
    everything.page.wait_for_function(READY)
    everything.page.select_option("#f-plan", f"plan:{plan}")
    assert everything.page.evaluate(f"window.cjgraph.nodes.get('need:{need}').hidden") in (False, None)


@pytest.mark.parametrize("workshop", [False, True])
def test_the_map_reads_on_a_laptop_and_a_projector(
    G: nx.MultiDiGraph, chromium: Any, tmp_path: Path, workshop: bool
) -> None:
    """No two labels overlap at the opening zoom (1920×1080 and 1366×768), every label on a
    projector is at least 14 px, and the partner leading most actions is drawn largest."""
    out = write_map(G, tmp_path / "map.html", workshop=workshop)
    for width, height in ((1920, 1080), (1366, 768)):
        v = visit(chromium, out, width=width, height=height)
        v.page.wait_for_function(READY)
        boxes = v.page.evaluate("window.cjgraph.labelBoxes()")
        assert len(boxes) >= 15, (width, len(boxes))  # the main names are there
        overlaps = _overlaps(boxes)
        assert overlaps == [], (width, overlaps[:3])
        # what a board must read without a click has a label, and vis drew it: every gap outcome,
        # every unaddressed need, the five heaviest named leads
        labelled = {b["id"] for b in boxes}
        drawn = v.page.evaluate(VIS_LABELS)  # the label boxes vis-network itself drew, in page pixels
        assert labelled == {b["id"] for b in drawn}
        missing = sorted(_must_read(G) - labelled)
        assert missing == [], (width, workshop, missing)
        assert _overlaps(drawn, slack=1.0) == [], (width, _overlaps(drawn, slack=1.0)[:3])
        stage = v.page.evaluate("document.getElementById('map').getBoundingClientRect().width")
        must = _must_read(G)
        cut = [b["id"] for b in drawn if b["id"] not in must and (b["x"] < -1 or b["x"] + b["w"] > stage + 1)]
        assert cut == [], (width, cut)  # no label cut by the map's edge (but a gap or heavy lead, never hidden)
        if workshop and width == 1920:
            assert min(b["px"] for b in boxes) >= 14
        fill = v.page.evaluate(
            """() => { const n = window.cjgraph.network, st = document.getElementById('stage').getBoundingClientRect();
              const at = Object.values(n.getPositions()).map(p => n.canvasToDOM(p));
              const span = k => Math.max(...at.map(p => p[k])) - Math.min(...at.map(p => p[k]));
              return [span('x') / st.width, span('y') / st.height]; }"""
        )
        assert min(fill) > 0.75, fill  # the drawing fills the screen, not its middle
        assert v.leaks == [] and v.errors == []
        v.page.click("#zoom-in")
        v.page.click("#zoom-in")
        assert len(v.page.evaluate("window.cjgraph.labelBoxes()")) > len(boxes)  # zooming in reveals more
        screenshot(v.page, f"map-{'workshop' if workshop else 'laptop'}-{width}")
    sizes = v.page.evaluate("Object.fromEntries(window.cjgraph.nodes.get().map(n => [n.id, n.size]))")
    led = Counter(u for u, _, k in G.edges(keys=True) if k == "LEADS")  # actions led, in all the plans drawn
    heaviest = max(led, key=lambda p: led[p])
    assert led[heaviest] == 17 and G.nodes[heaviest]["name"] == "Community Justice Co-ordinator"
    assert sizes[heaviest] == max(s for n, s in sizes.items() if G.nodes[n]["kind"] == "Partner")


# the label of every node vis-network drew with one, from vis's own label geometry after drawing
VIS_LABELS = """() => { const n = window.cjgraph.network;
  return Object.values(n.body.nodes).filter(x => x.options.label && !x.options.hidden).map(x => {
    const s = x.labelModule.size, v = x.labelModule.fontOptions.vadjust || 0,
          a = n.canvasToDOM({x: s.left, y: s.top + v}),
          b = n.canvasToDOM({x: s.left + s.width, y: s.top + v + s.height});
    return {id: x.id, x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y}; }); }"""


def _must_read(G: nx.MultiDiGraph) -> set[str]:
    """The nodes whose labels answer a board's questions at a glance: who leads most (the five
    named partners leading most actions), which outcome has no indicator and which need no action
    addresses (gaps), what breaks if a partner steps back (single points of failure)."""
    from cjgraph.queries import find_gaps, lead_load, single_points_of_failure

    gaps = {
        g.node for g in find_gaps(G, reasons=["outcome-unmeasured", "outcome-only-qualitative", "need-unaddressed"])
    }
    gaps |= {s.node for s in single_points_of_failure(G)}
    named = [r for r in lead_load(G) if r.plan != "(all plans)" and r.partner_kind != "collective"]
    led: Counter[str] = Counter()
    for r in named:
        led[r.node] += r.led  # a national body's actions in every plan drawn
    return gaps | {n for n, _ in led.most_common(5)}


def test_the_columns_layout_reads_the_chain_left_to_right(G: nx.MultiDiGraph, chromium: Any, tmp_path: Path) -> None:
    v = visit(chromium, write_map(G, tmp_path / "map.html"), width=1920, height=1080)
    v.page.wait_for_function(READY)
    v.page.click("#layers")
    assert v.page.evaluate("window.cjgraph.layout") == "columns"
    xs = v.page.evaluate("window.cjgraph.network.getPositions()")
    column = {
        kind: {round(xs[n]["x"]) for n, d in G.nodes(data=True) if d["kind"] == kind}
        for kind in ("Partner", "Action", "Outcome", "Need")
    }
    assert all(len(c) == 1 for c in column.values())  # one column a kind
    assert max(column["Partner"]) < min(column["Action"]) < min(column["Outcome"]) < min(column["Need"])
    boxes = v.page.evaluate("window.cjgraph.labelBoxes()")
    assert boxes and _overlaps(boxes) == []
    screenshot(v.page, "map-columns-1920")
    v.page.click("#layers")  # and back
    assert v.page.evaluate("window.cjgraph.layout") == "map"


def _overlaps(boxes: list[dict[str, Any]], slack: float = 0.0) -> list[tuple[str, str]]:
    """The pairs of drawn labels whose boxes (page pixels) overlap by more than ``slack`` pixels."""
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] + slack < b["x"] + b["w"]
        and b["x"] + slack < a["x"] + a["w"]
        and a["y"] + slack < b["y"] + b["h"]
        and b["y"] + slack < a["y"] + a["h"]
    ]


@pytest.mark.parametrize("workshop", [False, True], ids=["laptop", "workshop"])
def test_every_control_in_sequence_and_back_raises_no_error(
    G: nx.MultiDiGraph, chromium: Any, tmp_path: Path, workshop: bool
) -> None:
    """Each filter set and set back to "all", Show all, search, click, the panel closed, Columns
    and back, zoom, Fit and full screen, then Show all again: the map is whole and no page or
    console error was raised (the conftest fixture fails the test on any)."""
    v = visit(chromium, write_map(G, tmp_path / "map.html", workshop=workshop), width=1366, height=768)
    v.page.wait_for_function(READY)
    for select in ("#f-plan", "#f-outcome", "#f-partner", "#f-need"):
        options = v.page.evaluate(f"Array.from(document.querySelector('{select}').options).map(o => o.value)")
        assert options[0] == "" and len(options) > 1, select
        v.page.select_option(select, options[1])
        v.page.select_option(select, "")  # back to "all"
        assert v.page.evaluate("window.cjgraph.visible") == G.number_of_nodes(), select
    v.page.click("#reset")
    v.page.fill("#search", "SPS")
    v.page.press("#search", "Enter")
    _click_node(v.page, "partner:scottish-prison-service")
    v.page.click("#panel-close")
    for button in ("#layers", "#layers", "#zoom-in", "#zoom-out", "#fit", "#full"):
        v.page.click(button)
    v.page.click("#reset")
    assert v.page.evaluate("window.cjgraph.visible") == G.number_of_nodes()
    assert v.page.evaluate("window.cjgraph.nodes.get({filter: n => n.hidden}).length") == 0


def test_the_printed_pack_lists_every_gap_and_repeats_table_headers(
    G: nx.MultiDiGraph, chromium: Any, tmp_path: Path
) -> None:
    """The pack printed by Chromium (A4 landscape): every gap line with its list (none collapsed,
    no "Open a line" on paper), and a table that runs over pages repeats its header row on each."""
    import pypdfium2 as pdfium

    pack = write_report(G, tmp_path / "pack")
    v = visit(chromium, pack / "index.html")
    v.page.wait_for_timeout(300)
    pdf = tmp_path / "pack.pdf"
    v.page.pdf(path=str(pdf), format="A4", landscape=True)
    doc = pdfium.PdfDocument(str(pdf))
    pages = [" ".join(doc[k].get_textpage().get_text_range().split()) for k in range(len(doc))]
    doc.close()
    text = " ".join(pages)
    assert "Open a line" not in text
    assert "Health" in text.split("Gaps", 1)[1]  # North Lanarkshire's unaddressed need, listed under its line
    for g in (
        lines := [
            ln for ln in v.page.evaluate("Array.from(document.querySelectorAll('.gap li')).map(li => li.textContent)")
        ][:40]
    ):
        assert " ".join(g.split())[:40] in text, g
    assert lines
    # the table of actions past their date with no update runs over pages: its header on each
    rows = [k for k, p in enumerate(pages) if re.search(r"\bSO\d+\.\d+\b.*\bNot reported\b", p)]
    assert len(rows) >= 2
    assert all("Days past" in pages[k] or "Timescale printed" in pages[k] for k in rows), [pages[k][:200] for k in rows]
    screenshot(v.page, "report-print-preview", full_page=False)
