"""Work done on another core (:func:`cjgraph.sandbox.alongside`): the board pack of many plans
lays out its map and writes its workbook there, and many workbooks are read in two halves. The
results are the same as when done here, in the same order, with the same errors; a child that
fails in any other way is replaced by the work done here."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import openpyxl
import pytest

from cjgraph import loading, sandbox
from cjgraph.errors import PlanFormatError
from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.graph import graph_from_plans
from cjgraph.loading import load
from cjgraph.sandbox import alongside
from cjgraph.visualisations.report import write_report
from cjgraph.workbook import write_plan

pytestmark = pytest.mark.skipif(
    not sandbox.can_fork() or len(os.sched_getaffinity(0)) < 2, reason="work alongside needs fork and two cores"
)

HERE = os.getpid()


def _in_child() -> bool:
    return os.getpid() != HERE


def _dies_in_child(value: int) -> int:
    if _in_child():
        os.kill(os.getpid(), signal.SIGKILL)
    return value


def _counts(n: int) -> object:
    yield "from the child" if _in_child() else "here"
    _dies_in_child(0)
    yield "from the child" if _in_child() else "here"


def _broken(n: int) -> int:
    raise PlanFormatError(f"plan {n}: row 3: due date '31/02/2020' is not a date.")


def test_the_work_is_done_in_the_child_and_its_result_given_here() -> None:
    assert alongside(_in_child)() is True
    later = alongside(lambda n: (i * i for i in range(n)), 4, steps=4)
    assert [later.step(i) for i in range(4)] == [0, 1, 4, 9]


def test_the_works_own_error_is_raised_here_as_it_was_raised_there() -> None:
    with pytest.raises(PlanFormatError, match=r"^plan 3: row 3: due date '31/02/2020' is not a date\.$"):
        alongside(_broken, 3)()


def test_a_result_that_cannot_be_sent_back_is_worked_out_here() -> None:
    made = alongside(lambda: lambda: "here" if not _in_child() else "there")()
    assert made() == "here"


def test_a_child_killed_is_replaced_by_the_work_done_here() -> None:
    assert alongside(_dies_in_child, 7)() == 7


def test_after_a_child_fails_the_remaining_steps_are_done_here() -> None:
    later = alongside(_counts, 2, steps=2)
    assert [later.step(0), later.step(1)] == ["from the child", "here"]


def test_cancel_stops_a_child_still_at_work() -> None:
    later = alongside(time.sleep, 60)
    started = time.monotonic()
    later.cancel()
    assert time.monotonic() - started < 5


def test_with_one_core_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert alongside(_in_child)() is False


def _workbooks(folder: Path, n: int) -> list[Path]:
    paths = []
    for plan in synthetic_plans(n, seed=3, actions=(4, 6)):
        paths.append(folder / f"{plan.info.id}.xlsx")
        write_plan(plan, paths[-1])
    return paths


def test_many_workbooks_are_read_in_two_halves_in_the_order_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _workbooks(tmp_path, 5)
    read_here: list[Path] = []
    real = loading._read

    def counted(source: str | Path, strict: bool) -> object:
        read_here.append(Path(source))  # the child's list is its own: this one holds what was read here
        return real(source, strict)

    monkeypatch.setattr(loading, "_read", counted)
    G = load(*reversed(paths))
    assert read_here == list(reversed(paths))[:2]
    assert [G.nodes[n]["id"] for n, k in G.nodes(data="kind") if k == "Plan"] == [p.stem for p in reversed(paths)]


@pytest.mark.parametrize(("broken", "named"), [((2, 3), 2), ((1, 3), 1), ((3,), 3)])
def test_the_first_unreadable_workbook_in_order_is_the_one_named(
    tmp_path: Path, broken: tuple[int, ...], named: int
) -> None:
    paths = _workbooks(tmp_path, 4)
    for i in broken:
        paths[i].write_bytes(b"not a workbook")
    with pytest.raises(PlanFormatError) as e:
        load(*paths)
    assert str(e.value).startswith(f"{paths[named]}: ")


def _pack(G: object, out: Path) -> dict[str, object]:
    write_report(G, out)  # type: ignore[arg-type]
    files: dict[str, object] = {}
    for f in sorted(out.rglob("*")):
        if f.suffix in (".html", ".svg"):
            files[str(f.relative_to(out))] = f.read_text(encoding="utf-8")
        elif f.suffix == ".xlsx":
            wb = openpyxl.load_workbook(f, read_only=True)
            files[str(f.relative_to(out))] = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
            wb.close()
    return files


def test_the_pack_is_the_same_made_on_one_core_or_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    G = graph_from_plans(synthetic_plans(5, seed=11, actions=(8, 12)))  # a national view: a page per plan
    two = _pack(G, tmp_path / "two")
    monkeypatch.setattr(sandbox, "can_fork", lambda: False)
    one = _pack(graph_from_plans(synthetic_plans(5, seed=11, actions=(8, 12))), tmp_path / "one")
    assert "map.html" in one and "report.xlsx" in one and len([f for f in one if f.startswith("plans/")]) >= 15
    assert two == one
