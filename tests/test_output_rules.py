"""One rule for every output, from the user's side: an existing file or folder is replaced only
when cjgraph wrote it as the same kind of output and nobody changed it since, or with --force;
never a link, a device, a FIFO or a socket; a folder one command wrote is not another's to empty;
a planted link is never followed."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.atomic import MANIFEST
from cjgraph.cli import main
from cjgraph.examples import example_path, tiny_plan
from cjgraph.workbook import write_plan

SINGLE_FILES = [
    ("map", []),
    ("export", ["--format", "graphml"]),
    ("export", ["--format", "gexf"]),
    ("export", ["--format", "json"]),
    ("export", ["--format", "cypher"]),
]


def _run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.output


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    write_plan(tiny_plan(), path)
    return path


@pytest.fixture
def other_workbook(tmp_path: Path) -> Path:
    """Another plan's workbook, as extract wrote it."""
    path = tmp_path / "other.xlsx"
    write_plan(tiny_plan(), path)
    return path


def _write(command: str, extra: list[str], plan: Path, out: Path, *more: str) -> tuple[int, str]:
    return _run(command, str(plan), *extra, "--out", str(out), *more)


@pytest.mark.parametrize(("command", "extra"), SINGLE_FILES)
def test_a_plan_workbook_is_never_replaced_by_another_output(
    plan: Path, other_workbook: Path, command: str, extra: list[str]
) -> None:
    before = other_workbook.read_bytes()
    code, said = _write(command, extra, plan, other_workbook)
    assert code == 1 and "is a plan workbook cjgraph wrote, not" in said, said
    assert other_workbook.read_bytes() == before


@pytest.mark.parametrize(("command", "extra"), SINGLE_FILES)
def test_own_unchanged_file_is_replaced_edited_and_foreign_ones_kept(
    plan: Path, tmp_path: Path, command: str, extra: list[str]
) -> None:
    out = tmp_path / "out.file"
    assert _write(command, extra, plan, out)[0] == 0
    assert _write(command, extra, plan, out)[0] == 0  # its own, unchanged: replaced
    out.write_text(out.read_text(encoding="utf-8") + "\nmy note\n", encoding="utf-8")
    edited = out.read_bytes()
    code, said = _write(command, extra, plan, out)
    assert code == 1 and "was changed since cjgraph wrote it" in said, said
    assert out.read_bytes() == edited
    mine = tmp_path / "mine.file"
    mine.write_text("years of work")
    code, said = _write(command, extra, plan, mine)
    assert code == 1 and "is not a file cjgraph wrote" in said, said
    assert mine.read_text() == "years of work"
    assert _write(command, extra, plan, mine, "--force")[0] == 0
    assert mine.read_text(encoding="utf-8") != "years of work"


def test_another_kind_of_cjgraph_file_is_kept(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.out"
    assert _run("map", str(plan), "--out", str(out))[0] == 0
    before = out.read_bytes()
    code, said = _run("export", str(plan), "--format", "graphml", "--out", str(out))
    assert code == 1 and "is a map cjgraph wrote, not a GraphML export" in said, said
    assert out.read_bytes() == before


@pytest.fixture
def specials(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A FIFO, a socket, a device (root only can make one: elsewhere /dev/null, which only root
    could replace) and links to a file and to a FIFO."""
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    found = {"fifo": tmp_path / "fifo"}
    os.mkfifo(found["fifo"])
    found["socket"] = tmp_path / "socket"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(found["socket"]))
    if os.geteuid() == 0:
        found["device"] = tmp_path / "null"
        os.mknod(found["device"], stat.S_IFCHR | 0o666, os.makedev(1, 3))
    else:
        found["device"] = Path("/dev/null")
    found["link"] = tmp_path / "link.html"
    found["link"].symlink_to(outside)
    found["link-to-fifo"] = tmp_path / "link-fifo.html"
    found["link-to-fifo"].symlink_to(found["fifo"])
    yield found
    sock.close()
    assert outside.read_text() == "not yours"


@pytest.mark.parametrize(("command", "extra"), SINGLE_FILES)
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_never_a_link_device_fifo_or_socket(
    plan: Path, specials: dict[str, Path], command: str, extra: list[str], force: list[str]
) -> None:
    for what, path in specials.items():
        mode = os.lstat(path).st_mode
        code, said = _write(command, extra, plan, path, *force)
        assert code == 1, (what, said)
        assert "is a link" in said or "not a regular file" in said, (what, said)
        assert os.lstat(path).st_mode == mode, what


def test_pull_keeps_a_workbook(plan: Path, other_workbook: Path) -> None:
    """pull writes through the same rule as export (export_graph); the server is not needed to
    see it refuse: the rule comes before the connection is used."""
    from cjgraph.export import export_graph
    from cjgraph.loading import load

    before = other_workbook.read_bytes()
    with pytest.raises(Exception, match="is a plan workbook cjgraph wrote, not a GraphML export"):
        export_graph(load(plan), other_workbook, "graphml")
    assert other_workbook.read_bytes() == before


def test_a_planted_link_in_a_pack_is_not_followed(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert _run("report", str(plan), "--out", str(out))[0] == 0
    target = tmp_path / "precious.txt"
    target.write_text("precious")
    for pid in range(os.getpid() - 50, os.getpid() + 50):  # the names the old code used
        (out / f"{MANIFEST}.{pid}.tmp").symlink_to(target)
    assert _run("report", str(plan), "--out", str(out))[0] == 0
    assert target.read_text() == "precious"
    # the manifest itself planted as a link: not cjgraph's manifest, so the folder is not cjgraph's
    (out / MANIFEST).unlink()
    (out / MANIFEST).symlink_to(target)
    code, said = _run("report", str(plan), "--out", str(out))
    assert code == 1 and "holds files cjgraph did not write" in said, said
    assert target.read_text() == "precious"


@pytest.mark.parametrize(
    ("second", "extra"),
    [("report", []), ("export", ["--format", "csv"]), ("export", ["--format", "neo4j-import"])],
)
@pytest.mark.parametrize("first", ["plan", "plans"])
def test_one_commands_folder_is_not_anothers(
    plan: Path, tmp_path: Path, first: str, second: str, extra: list[str]
) -> None:
    out = tmp_path / "plans"
    if first == "plan":
        assert _run("extract", str(example_path("midlothian-2017-2020")), "--out", str(out), "-q")[0] == 0
    else:
        assert _run("extract", "--examples", "--out", str(out), "-q")[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    code, said = _run(second, str(plan), *extra, "--out", str(out))
    assert code == 1 and "cjgraph wrote, not" in said, said
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # with --force cjgraph writes beside them and still deletes none of them
    assert _run(second, str(plan), *extra, "--out", str(out), "--force")[0] == 0
    assert all(p.read_bytes() == b for p, b in before.items() if p.name != MANIFEST)


def test_an_empty_out_is_refused(plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    for command, extra in [("report", []), ("map", []), ("export", ["--format", "csv"])]:
        code, said = _run(command, str(plan), *extra, "--out", "")
        assert code == 2 and "--out" in said and "is empty" in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == before
