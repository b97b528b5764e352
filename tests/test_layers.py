"""The import floors of pyproject.toml, checked as tests/run.sh checks them (lint-imports on an
installed copy), and shown to catch a module that imports from a floor above its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("installed")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-deps",
            "--target",
            str(target),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return target


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    linter = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(linter), "--no-cache", str(ROOT / "pyproject.toml")], cwd=folder, capture_output=True, text=True
    )


def test_the_floors_are_kept(installed: Path) -> None:
    done = _lint(installed)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "planted"),
    [
        ("contract.py", "import cjgraph.visualisations.maps"),  # the ground floor reaching for a drawing
        ("graph.py", "from cjgraph.loaders import extract"),  # the core reaching for the readers
        ("queries/gaps.py", "import cjgraph.cli"),  # a question reaching for the command line
    ],
)
def test_an_upward_import_breaks_the_floors(installed: Path, tmp_path: Path, module: str, planted: str) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(installed, copy)
    path = copy / "cjgraph" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{planted}  # planted\n", encoding="utf-8")
    done = _lint(copy)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout and planted.split()[1].split(".")[1] in done.stdout, done.stdout
