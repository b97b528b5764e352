"""Drive the maps and the board pack in real headless Chromium (Debian's chromium, via Playwright).

Every request that is not a local file is blocked and counted: an offline page makes none. Every
page error, console error and dialog of every page a test visits is collected, and the test fails
on any of them (the autouse fixture ``_no_page_errors`` of tests/conftest.py), whatever it asserts
itself.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CJGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(__file__).parent / "artefacts"


def need_chromium() -> None:
    """Skip (or, in CI, fail) when Chromium or Playwright is missing."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("no playwright (pip install playwright)")
    if missing:
        if os.environ.get("CI"):
            pytest.fail("; ".join(missing) + " - tests/run.sh installs both")
        pytest.skip("; ".join(missing))


@dataclass
class Visit:
    page: Any
    leaks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


VISITS: list[Visit] = []  # every page visited in the running test, checked after it


@contextmanager
def browser() -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def visit(b: Any, path: Path, *, width: int = 1600, height: int = 1000) -> Visit:
    page = b.new_page(viewport={"width": width, "height": height})
    v = Visit(page)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            r.continue_()
        else:
            v.leaks.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: v.errors.append(str(e)))
    page.on("console", lambda m: v.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    VISITS.append(v)
    page.on("dialog", lambda d: (v.errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(path.resolve().as_uri())
    return v


def screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    out = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(out), full_page=full_page)
    return out


def not_blank(png: Path) -> tuple[float, int]:
    """(share of the most common colour, number of colours) of a screenshot."""
    from collections import Counter

    import matplotlib.image as mpimg

    pixels = (mpimg.imread(str(png))[:, :, :3] * 255).astype("uint8").reshape(-1, 3)
    counts = Counter(map(bytes, pixels[:: max(1, len(pixels) // 200_000)]))
    top = counts.most_common(1)[0][1]
    return top / sum(counts.values()), len(counts)
