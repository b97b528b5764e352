"""A user's files survive every command that writes: folders cjgraph did not write, inputs,
read-only files, two plans of one id, kills half-way (issue 9)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.atomic import MANIFEST, atomic_dir
from cjgraph.cli import main
from cjgraph.errors import OutputError
from cjgraph.workbook import read_plan

from conftest import SEEDS


def _run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.output


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    out = tmp_path / "plan.xlsx"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(out), "-q")[0] == 0
    return out


WRITERS = {
    "report": lambda src, out: ["report", src, "--out", out],
    "extract": lambda src, out: ["extract", str(SEEDS["midlothian"]), "--out", out, "-q"],
    "export-csv": lambda src, out: ["export", src, "--format", "csv", "--out", out],
    "neo4j-import": lambda src, out: ["export", src, "--format", "neo4j-import", "--out", out],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_folder_cjgraph_did_not_write_is_refused_and_kept(tmp_path: Path, plan: Path, command: str) -> None:
    mine = tmp_path / "mydocs"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    (mine / "sub").mkdir()
    (mine / "sub" / "notes.txt").write_text("keep")
    before = _snapshot(mine)
    code, out = _run(*WRITERS[command](str(plan), str(mine)))
    assert code == 1
    assert f"{mine}: the folder holds files cjgraph did not write (sub, thesis.docx)" in out
    assert _snapshot(mine) == before
    # --force writes beside them and changes none of them, also when run again
    for _ in range(2):
        code, out = _run(*WRITERS[command](str(plan), str(mine)), "--force")
        assert code == 0, out
        after = _snapshot(mine)
        assert {k: after[k] for k in before} == before
        assert len(after) > len(before) + 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_force_never_overwrites_a_file_of_the_same_name(tmp_path: Path, plan: Path) -> None:
    mine = tmp_path / "pack"
    mine.mkdir()
    (mine / "index.html").write_text("my own page")
    code, out = _run("report", str(plan), "--out", str(mine), "--force")
    assert code == 1
    assert "index.html is there and cjgraph did not write it" in out
    assert _snapshot(mine) == {"index.html": b"my own page"}


def test_report_into_a_folder_holding_the_input(tmp_path: Path, plan: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(plan, nested / "plan.xlsx")
    before = _snapshot(tmp_path / "a")
    for extra in ([], ["--force"]):
        code, out = _run("report", str(nested / "plan.xlsx"), "--out", str(tmp_path / "a"), *extra)
        assert code == 1
        assert "holds the input" in out
    assert _snapshot(tmp_path / "a") == before


def test_out_equal_to_or_inside_an_input(tmp_path: Path, plan: Path) -> None:
    before = plan.read_bytes()
    code, out = _run("export", str(plan), "--format", "json", "--out", str(plan))
    assert (code, plan.read_bytes()) == (1, before)
    assert f"{plan}: is also an input" in out
    folder = tmp_path / "planfolder"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(folder), "-q")[0] == 0
    code, out = _run("map", str(folder), "--out", str(folder / "map.html"))
    assert code == 1 and "lies inside the input" in out


def test_two_inputs_of_one_plan_id_are_refused_with_both_names(tmp_path: Path) -> None:
    a, b = tmp_path / "draft.txt", tmp_path / "final.txt"
    shutil.copy(SEEDS["midlothian"], a)
    shutil.copy(SEEDS["midlothian"], b)
    code, out = _run("extract", str(a), str(b), "--out", str(tmp_path / "plans"))
    assert code == 1
    assert f"{a} and {b} are both the plan 'midlothian-2017-2020'" in out
    assert not (tmp_path / "plans").exists()


def test_rewriting_cjgraph_folder_drops_only_its_own_old_files(tmp_path: Path, plan: Path) -> None:
    out = tmp_path / "pack"
    assert _run("report", str(plan), "--out", str(out))[0] == 0
    (out / "my-notes.txt").write_text("board comments")
    manifest = (out / MANIFEST).read_text()
    manifest = manifest.replace('"written": [', '"written": [\n  "old-chart.png",')
    (out / MANIFEST).write_text(manifest)
    (out / "old-chart.png").write_bytes(b"png")
    assert _run("report", str(plan), "--out", str(out))[0] == 0
    assert (out / "my-notes.txt").read_text() == "board comments"
    assert not (out / "old-chart.png").exists()
    assert (out / "index.html").is_file()


def test_read_only_output_is_refused(tmp_path: Path, plan: Path) -> None:
    out = tmp_path / "map.html"
    out.write_text("old map")
    out.chmod(0o444)
    code, msg = _run("map", str(plan), "--out", str(out), "--force")
    assert code == 1 and f"{out}: is read-only" in msg
    assert out.read_text() == "old map"


def test_out_dot_in_a_foreign_folder(tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = _run("report", "plan.xlsx", "--out", ".")
    assert code == 1 and "holds the input plan.xlsx" in out
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    code, out = _run("report", str(plan), "--out", ".")
    assert code == 0, out
    assert (tmp_path / "empty" / "index.html").is_file()


def test_an_interrupted_merge_is_finished_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    with atomic_dir(out, kind="board-pack") as tmp:
        (tmp / "a.txt").write_text("1")
        (tmp / "b.txt").write_text("1")
    # as if killed half-way through the next update: the manifest lists old and new, c is in place
    (out / MANIFEST).write_text('{"complete": false, "written": ["a.txt", "b.txt", "c.txt"]}')
    (out / "c.txt").write_text("2")
    with atomic_dir(out, kind="board-pack") as tmp:
        (tmp / "c.txt").write_text("3")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "c.txt"]
    assert (out / "c.txt").read_text() == "3"


def test_failure_inside_leaves_folder_and_no_temporaries(tmp_path: Path) -> None:
    out = tmp_path / "pack"
    with atomic_dir(out, kind="board-pack") as tmp:
        (tmp / "a.txt").write_text("old")
    with pytest.raises(RuntimeError), atomic_dir(out, kind="board-pack") as tmp:
        (tmp / "a.txt").write_text("new")
        raise RuntimeError("disk full")
    assert (out / "a.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]
    with pytest.raises(OutputError, match="is a folder"):
        from cjgraph.atomic import atomic_file

        with atomic_file(out, kind="map"):
            pass


def test_stale_temporaries_of_a_killed_run_are_swept(tmp_path: Path, plan: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    (tmp_path / f".cjgraph-tmp-{pid}-abc-pack").mkdir()
    (tmp_path / f".cjgraph-tmp-{pid}-abd-map.html").write_text("half")
    (tmp_path / ".cjgraph-tmp-1-xyz-init").write_text("pid 1 is alive: kept")
    assert _run("map", str(plan), "--out", str(tmp_path / "map.html"))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".cjgraph-tmp-1-xyz-init"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killed_runs_never_lose_the_output_folder(tmp_path: Path, plan: Path, sig: signal.Signals) -> None:
    out = tmp_path / "pack"
    assert _run("report", str(plan), "--out", str(out))[0] == 0
    cli = [sys.executable, "-m", "cjgraph", "report", str(plan), "--out", str(out)]
    left = 0
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0, 2.4):
        p = subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        p.send_signal(sig)
        _, err = p.communicate(timeout=60)
        assert b"Traceback" not in err
        assert (out / "index.html").is_file() and (out / MANIFEST).is_file()  # never missing
        left += sum(n.startswith(".cjgraph-tmp-") for n in os.listdir(tmp_path))
    if sig == signal.SIGTERM:
        assert left == 0  # SIGTERM cleans up on the way out
    assert _run("report", str(plan), "--out", str(out))[0] == 0  # the next run sweeps and recovers
    assert sorted(n for n in os.listdir(tmp_path) if n.startswith(".")) == []
    assert sorted(p.name for p in out.iterdir())[:3] == [MANIFEST, "coverage.svg", "index.html"]


def test_a_planners_edits_are_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(folder), "-q")[0] == 0
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(folder), "-q")[0] == 0  # unchanged: rewritten
    actions = folder / "actions.csv"
    actions.write_text(actions.read_text(encoding="utf-8").replace("Police Scotland", "Police Scotland (edited)"))
    edited = actions.read_bytes()
    for extra in ([], ["--force"]):
        code, out = _run("extract", str(SEEDS["midlothian"]), "--out", str(folder), "-q", *extra)
        assert code == 1 and f"{folder}: actions.csv was changed since cjgraph wrote it" in out
        assert actions.read_bytes() == edited
    # a workbook edited inside a folder of several plans is kept as well
    from openpyxl import load_workbook

    plans = tmp_path / "plans"
    assert _run("extract", "--examples", "--out", str(plans), "-q")[0] == 0
    book = plans / "midlothian-2017-2020.xlsx"
    wb = load_workbook(book)
    wb["partners"]["A2"] = "Police Scotland (edited)"
    wb.save(book)
    edited = book.read_bytes()
    code, out = _run("extract", "--examples", "--out", str(plans), "-q")
    assert code == 1 and "midlothian-2017-2020.xlsx was changed since cjgraph wrote it" in out
    assert book.read_bytes() == edited


def test_several_plans_extracted_to_a_folder_are_one_workbook_each_read_as_the_folder(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    assert _run("extract", *(str(p) for p in SEEDS.values()), "--out", str(plans), "-q")[0] == 0
    assert sorted(p.name for p in plans.iterdir() if not p.name.startswith(".")) == [
        "midlothian-2017-2020.xlsx",
        "north-lanarkshire-2017-2020.xlsx",
    ]
    code, out = _run("lead-load", str(plans), "--format", "csv")
    assert code == 0 and "midlothian-2017-2020" in out and "north-lanarkshire-2017-2020" in out, out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = _run("lead-load", str(empty))
    assert code == 1 and "holds no plan workbook (.xlsx) or plan folder" in out


def test_an_edited_or_foreign_workbook_is_not_replaced_without_force(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    out = tmp_path / "plan.xlsx"
    extract = ["extract", str(SEEDS["midlothian"]), "--out", str(out), "-q"]
    assert _run(*extract)[0] == 0
    wb = load_workbook(out)
    wb.save(out)  # opened and saved again, nothing changed: still cjgraph's
    assert _run(*extract)[0] == 0
    wb = load_workbook(out)
    wb["actions"]["C2"] = "A planner's better wording"
    wb.save(out)
    edited = out.read_bytes()
    code, msg = _run(*extract)
    assert code == 1 and f"{out}: was changed since cjgraph wrote it" in msg
    assert out.read_bytes() == edited
    assert _run(*extract, "--force")[0] == 0
    assert "A planner's better wording" not in [a.text for a in read_plan(out).actions]
    mine = tmp_path / "budget.xlsx"
    Workbook().save(mine)
    code, msg = _run("extract", str(SEEDS["midlothian"]), "--out", str(mine), "-q")
    assert code == 1 and f"{mine}: is not a file cjgraph wrote" in msg


def test_an_interruption_lost_in_a_destructor_is_raised_again() -> None:
    from types import SimpleNamespace

    from cjgraph.cli import _unraisable

    seen: list[object] = []
    hook = _unraisable(seen.append)
    before = signal.getsignal(signal.SIGALRM)
    try:
        hook(SimpleNamespace(exc_type=ValueError))  # anything else goes to the previous hook
        assert len(seen) == 1
        with pytest.raises(KeyboardInterrupt):
            hook(SimpleNamespace(exc_type=KeyboardInterrupt))
            time.sleep(2)  # the alarm raises it here, in the main flow
    finally:
        signal.signal(signal.SIGALRM, before)
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            signal.signal(getattr(signal, name), signal.default_int_handler if name == "SIGINT" else signal.SIG_DFL)


def test_a_map_is_the_same_picture_in_every_run(tmp_path: Path) -> None:
    """The same plans give the same map, byte for byte, whatever the Python process (its string
    hashing): a plan's map was laid out in the order of a set and moved from run to run."""
    import os
    import subprocess
    import sys

    cjgraph = Path(sys.executable).with_name("cjgraph")
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"map-{seed}.html"
        args = [str(cjgraph), "map", "--examples", "--plan", "north-lanarkshire-2017-2020", "--out", str(out)]
        subprocess.run(args, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(out.read_bytes().replace(out.name.encode(), b""))
    assert pages[0] == pages[1]
