"""Benchmark: time from opening a map to a settled drawing in headless Chromium, ours against
pyvis's defaults on the same graph, measured in one run.

Usage: python benchmarks/map_draw.py [PLANS] [RUNS]   (default 32 synthetic plans; ours 5 times,
pyvis once: it does not come to rest within the limit)

"Settled" means every node's position is unchanged (to 0.5 px) over two samples 250 ms apart
(and, for ours, the page says it is still: every label placed from vis-network's own drawing).
Ours is timed twice: opening (the accountability overview of the first plan) and, from there,
showing everything (every action and indicator of every plan), which is what pyvis draws.
For pyvis, whose default physics may never come to rest, the time its stabilisation phase
ends (vis-network's ``stabilizationIterationsDone``: the first complete layout it shows) is
reported too. pyvis's page is written with cdn_resources="in_line"; its other CDN requests
(Bootstrap) are blocked and counted, as on an offline laptop.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.graph import graph_from_plans
from cjgraph.visualisations.layout import label
from cjgraph.visualisations.maps import map_graph, write_map
from cjgraph.visualisations.style import NODE_STYLE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LIMIT = 480.0  # seconds to wait for a drawing to stand still


def pyvis_default(H, out: Path) -> None:  # type: ignore[no-untyped-def]
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for n, d in H.nodes(data=True):
        style = NODE_STYLE[d["kind"]]
        net.add_node(n, label=label(d) or " ", color=style["color"], shape=style["shape"])
    for u, v, _k in H.edges(keys=True):
        net.add_edge(u, v)
    net.write_html(str(out))


def blocker(leaks: list[str]):  # type: ignore[no-untyped-def]
    """A route handler letting local files through and counting (and blocking) the rest."""

    def route(r):  # type: ignore[no-untyped-def]
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            leaks.append(r.request.url)
            r.abort()

    return route


def settle(page, expr: str, limit: float) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    page.wait_for_function(f"typeof {expr} !== 'undefined' && !!{expr} && !!{expr}.body", timeout=limit * 1000)
    before = None
    while time.perf_counter() - t0 < limit:
        now = page.evaluate(
            f"(() => {{ const p = {expr}.getPositions(); return Object.values(p).map(q => [q.x, q.y]); }})()"
        )
        if before is not None and all(
            abs(a[0] - b[0]) < 0.5 and abs(a[1] - b[1]) < 0.5 for a, b in zip(now, before, strict=True)
        ):
            return time.perf_counter() - t0 - 0.25, len(now)
        before = now
        time.sleep(0.25)
    return float("inf"), 0


def still_at(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until our page says it is still (polled from here: the page's policy forbids eval)."""
    t0 = time.perf_counter()
    while not page.evaluate("!!(window.cjgraph && window.cjgraph.ready && !window.cjgraph.busy)"):
        if time.perf_counter() - t0 > LIMIT:
            raise TimeoutError("the map was not still in time")
        time.sleep(0.02)


def main(n: int, runs: int) -> None:
    import statistics

    from playwright.sync_api import sync_playwright

    H = map_graph(graph_from_plans(synthetic_plans(n, seed=7, actions=(60, 60))))
    tmp = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    write_map(H, tmp / "ours.html")
    built = time.perf_counter() - t
    pyvis_default(H, tmp / "pyvis.html")
    print(f"{n} plans: {H.number_of_nodes()} nodes, {H.number_of_edges()} edges; our map written in {built:.1f} s")
    opening: list[float] = []
    everything: list[float] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page, loaded, seconds, leaks = _open(b, tmp / "ours.html", "window.cjgraph.network")
            still_at(page)
            opening.append(max(loaded + seconds, time.perf_counter() - page.opened))
            t1 = time.perf_counter()
            page.evaluate(
                "() => { const l = document.getElementById('level'), p = document.getElementById('f-plan');"
                " l.value = 'everything'; l.dispatchEvent(new Event('change'));"
                " p.value = ''; p.dispatchEvent(new Event('change')); }"
            )
            still_at(page)
            settle(page, "window.cjgraph.network", LIMIT)
            everything.append(time.perf_counter() - t1)
            page.close()
        print(
            f"  ours, opening (overview of one plan): still {', '.join(f'{x:.2f}' for x in opening)} s; "
            f"median {statistics.median(opening):.2f}; requests blocked: {len(leaks)}"
        )
        print(
            f"  ours, then everything of every plan: still {', '.join(f'{x:.2f}' for x in everything)} s; "
            f"median {statistics.median(everything):.2f}"
        )
        page, loaded, seconds, leaks = _open(b, tmp / "pyvis.html", "window.network")
        stabilised = page.evaluate("window.__stabilised")
        first = f"; its stabilisation ended {stabilised / 1000:.2f} s after opening" if stabilised else ""
        still = f"{loaded + seconds:.2f} s" if seconds != float("inf") else f"not within {LIMIT:.0f} s"
        blocked = f"requests blocked: {len(leaks)} {sorted(set(leaks))[:2]}"
        print(f"  pyvis defaults: still {still} after opening{first}; {blocked}")
        b.close()


def _open(b, page_file: Path, expr: str):  # type: ignore[no-untyped-def]
    """Open a map in a new page; (page, seconds to load, seconds from load to still, requests blocked)."""
    page = b.new_page(viewport={"width": 1600, "height": 1000})
    leaks: list[str] = []
    page.route("**/*", blocker(leaks))
    t0 = time.perf_counter()
    page.opened = t0
    page.goto(page_file.as_uri(), timeout=600_000)
    loaded = time.perf_counter() - t0
    page.wait_for_function(f"typeof {expr} !== 'undefined' && !!{expr} && !!{expr}.body", timeout=600_000)
    page.evaluate(
        "() => { window.__stabilised = null; "
        f"{expr}.once('stabilizationIterationsDone', () => {{ window.__stabilised = performance.now(); }}); }}"
    )
    seconds, _nodes = settle(page, expr, LIMIT)
    return page, loaded, seconds, leaks


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 32, int(sys.argv[2]) if len(sys.argv) > 2 else 5)
