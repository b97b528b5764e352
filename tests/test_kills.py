"""Runs killed outright (SIGKILL at random moments) leave nothing behind once the next run has
run: no temporary beside or inside the output, no scratch folder, no openpyxl or engine files;
and runs writing one folder at the same time take turns, never mixing two packs."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cjgraph.atomic import MANIFEST
from cjgraph.examples import example_path, tiny_plan
from cjgraph.workbook import write_plan

TRIES = 100  # per command (issue 19)


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cjgraph", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches the engine's or the PDF reader's child too
    )


def _whole(args: list[str], env: dict[str, str]) -> None:
    run = subprocess.run([sys.executable, "-m", "cjgraph", *args], env=env, capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr


def _leftovers(tmp: Path, out_parent: Path, expected: set[str]) -> list[str]:
    found = [str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.name != f"cjgraph-{os.getuid()}"]
    found += [p.name for p in out_parent.iterdir() if p.name not in expected]
    found += [str(p) for p in out_parent.rglob(".cjgraph-tmp-*")]
    return found


@pytest.mark.parametrize("command", ["report", "extract", "cypher"])
def test_killed_runs_leave_nothing_after_the_next_run(tmp_path: Path, command: str) -> None:
    plan = tmp_path / "plan.xlsx"
    write_plan(tiny_plan(), plan)
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    out.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    args, expected = {
        "report": (["report", str(plan), "--out", str(out / "pack")], {"pack"}),
        "extract": (
            ["extract", str(example_path("midlothian-2017-2020")), "--out", str(out / "m.xlsx"), "-q"],
            {"m.xlsx"},
        ),
        "cypher": (["cypher", "MATCH (a:Action) RETURN a.ref, a.text", str(plan)], set()),
    }[command]
    start = time.perf_counter()
    _whole(args, env)
    took = time.perf_counter() - start
    rng = random.Random(19)
    for _ in range(TRIES):
        run = _start(args, env)
        time.sleep(rng.uniform(0.2 * took, 1.05 * took))
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it had finished
        run.wait(timeout=60)
    _whole(args, env)
    assert _leftovers(tmp, out, expected) == []
    if command == "report":
        _assert_whole(out / "pack")


def _assert_whole(folder: Path) -> None:
    """Every file the manifest names is there with the digest it records: one run's pack."""
    data = json.loads((folder / MANIFEST).read_text())
    assert data["complete"] is True and data["kind"] == "board-pack"
    for name in data["written"]:
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert digest in data["sha256"][name], name


def test_runs_writing_one_folder_at_once_take_turns(tmp_path: Path) -> None:
    """A run that finds another writing into the same folder waits for it (and never mixes its
    files with the other's): here the test holds the writer's lock while a report starts."""
    from cjgraph.atomic import _only_writer

    plan = tmp_path / "plan.xlsx"
    write_plan(tiny_plan(), plan)
    out = tmp_path / "pack"
    with _only_writer(tmp_path):
        run = _start(["report", str(plan), "--out", str(out)], dict(os.environ))
        time.sleep(3)  # it would have written its pack by now
        assert run.poll() is None and not out.exists()
    assert run.wait(timeout=120) == 0
    _assert_whole(out)


def test_finding_the_system_temporary_folder_writes_nothing_into_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tempfile finds its folder by writing and removing a probe file (eight random letters): a
    run killed in between left it behind. cjgraph finds the folder without writing into it."""
    import tempfile

    from cjgraph import scratch

    def probe() -> str:
        raise AssertionError("tempfile's probe was written")

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "_get_default_tempdir", probe)
    assert scratch._system_temp() == str(tmp_path) and list(tmp_path.iterdir()) == []
    monkeypatch.setenv("TMPDIR", str(tmp_path / "missing"))  # not a folder: the next place, as tempfile would
    assert scratch._system_temp() != str(tmp_path / "missing")
