"""Shared fixtures: the bundled seeds, the answer keys, and the answer-key scorer."""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cjgraph.examples import example_path

HERE = Path(__file__).parent
GOLD = HERE / "fixtures" / "gold"


def _seed_documents() -> dict[str, Path]:
    """The two plan documents as a partnership has them: copies of the bundled examples' text,
    outside the examples' folder, so that they are read as written (``--examples`` adds an
    illustrative history to the bundled ones)."""
    folder = Path(tempfile.mkdtemp(prefix="cjgraph-seeds-"))
    atexit.register(shutil.rmtree, folder, True)
    out = {}
    for name, plan in (("midlothian", "midlothian-2017-2020"), ("north-lanarkshire", "north-lanarkshire-2017-2020")):
        out[name] = folder / f"{plan}.txt"
        shutil.copyfile(example_path(plan), out[name])
    return out


SEEDS = _seed_documents()
NEO4J_PASSWORD = "hunter2-secret"  # the test Neo4j's, to show it never appears in output
sys.path.insert(0, str(HERE))


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score_extraction", HERE / "fixtures" / "score_extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def soffice() -> str:
    """LibreOffice's ``soffice``; without it the test skips, saying why, unless
    ``CJGRAPH_REQUIRE_LIBREOFFICE`` is set (tests/run.sh sets it): then it fails."""
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CJGRAPH_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice is not installed; tests/run.sh requires it")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    return found


def score(extracted: Path, gold: str, capsys: pytest.CaptureFixture[str], key: str = "ref") -> float:
    """Run the answer-key scorer and return its score (actions matched by ``key``: ref or text)."""
    _scorer().main([str(extracted), str(GOLD / gold), "--show", "30", "--key", key])
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("score: "), out
    print(out)
    return float(last.split()[1])


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The real Neo4j Community of the tests (tests/neo4j_server.py), once per run.

    Without Java or Maven the tests using it skip, saying why, unless ``CJGRAPH_REQUIRE_NEO4J``
    is set (tests/run.sh, and so CI, sets it): then they fail."""
    import neo4j_server as server

    try:
        running = server.start(tmp_path_factory.mktemp("neo4j"), NEO4J_PASSWORD)
    except server.Unavailable as e:
        if os.environ.get("CJGRAPH_REQUIRE_NEO4J"):
            pytest.fail(f"{e}; tests/run.sh requires the real Neo4j")
        pytest.skip(str(e))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def neo4j_env(neo4j_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD set for the test Neo4j (NEO4J_DATABASE unset:
    the server's default database)."""
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    return neo4j_server


@pytest.fixture(autouse=True)
def _no_page_errors() -> Iterator[None]:
    """Fail a test whose browser pages raised an error, logged one to the console, opened a dialog
    or asked the network for anything (tests/browser.py collects them), whatever it asserts."""
    yield
    browser = sys.modules.get("browser")
    if browser is None:
        return
    troubles = [(v.page.url, v.errors, v.leaks) for v in browser.VISITS if v.errors or v.leaks]
    browser.VISITS.clear()
    assert not troubles, f"page errors, console errors or requests: {troubles}"
