"""Every command printed in README.md and docs/*.md runs as printed: each ``sh`` block's
``cjgraph`` lines, in order, in a fresh folder (the README's in an empty one; the docs' beside
the repository's ``tests/fixtures``, which they name), each exiting 0 without a traceback; and
each ``python`` block runs. Commands that need a server run against the tests' Neo4j."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


def _blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(page.read_text(encoding="utf-8")) if lang == language]


def _commands(page: Path) -> list[str]:
    return [line.strip() for body in _blocks(page, "sh") for line in body.splitlines() if line.startswith("cjgraph ")]


def _needs_server(command: str) -> bool:
    return "--neo4j" in command or command.split()[1] in ("push", "pull")


def test_the_pages_print_commands() -> None:
    """Never a check of nothing: the README and every page of docs/ print commands."""
    assert len(PAGES) >= 6
    prose = ("files.md", "development.md")  # promises and the code's layout: no commands to run
    assert all(_commands(page) or _blocks(page, "python") for page in PAGES if page.name not in prose)
    assert len(_commands(ROOT / "README.md")) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_printed_command_runs(page: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    commands = _commands(page)
    if any(_needs_server(c) for c in commands):
        request.getfixturevalue("neo4j_env")  # the tests' Neo4j, its address and password in the environment
    if page.name != "README.md":
        (tmp_path / "tests").mkdir()
        (tmp_path / "tests" / "fixtures").symlink_to(ROOT / "tests" / "fixtures")
    cjgraph = Path(sys.executable).with_name("cjgraph")
    for command in commands:
        done = subprocess.run(
            [str(cjgraph), *shlex.split(command)[1:]],
            cwd=tmp_path,
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, f"{page.name}: {command}\n{done.stderr}"
    for code in _blocks(page, "python"):
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{page.name}: python block\n{done.stderr}"
