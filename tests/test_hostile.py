"""Hostile inputs end in bounded time with one sentence, never a traceback (issue 9): long
words and lines, zip bombs, maps too large to lay out, mathematics in names, control
characters in workbooks, rows wider than their table."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.errors import LimitError
from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.graph import graph_from_plans
from cjgraph.loading import load
from cjgraph.model import Action, Partner, Plan, PlanInfo
from cjgraph.visualisations.maps import map_html, map_size_problem
from cjgraph.workbook import write_plan

from conftest import SEEDS
from docmaker import make_docx

SEED_TEXT = SEEDS["midlothian"].read_text(encoding="utf-8")


def _run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    return r.exit_code, r.output


def _with_line(tmp_path: Path, name: str, line: str) -> Path:
    path = tmp_path / f"{name}.txt"
    path.write_text(SEED_TEXT.replace("Structural Outcome", line + "\nStructural Outcome", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "line", "seconds"),
    [
        ("capital-word-60k", "A" * 60_000, 5),  # 149 s before
        ("word-60k", "A" + "a" * 60_000, 5),
        ("capitalised-words-1mb", "Aa " * 350_000, 30),  # quadratic before: past 600 s
        ("connectives-1mb", "Aa and of " * 100_000, 30),
        ("definitions-1mb", "Aa Bb Cc (ABC) " * 70_000, 30),
        ("hyphens", "A-" * 50_000, 5),
    ],
)
def test_long_words_and_lines_take_linear_time(tmp_path: Path, name: str, line: str, seconds: float) -> None:
    src = _with_line(tmp_path, name, line)
    start = time.perf_counter()
    code, out = _run("extract", str(src), "--out", str(tmp_path / "out.xlsx"), "-q")
    took = time.perf_counter() - start
    assert code == 0, out
    assert took < seconds, f"{name}: {took:.1f} s"  # a generous bound: quadratic work would take minutes


def _bomb(path: Path, megabytes: int) -> Path:
    """A real .docx whose document.xml is padded, inside the body, to ``megabytes`` MB."""
    seed = make_docx(SEED_TEXT, path.with_name("seed.docx"))
    with zipfile.ZipFile(seed) as z, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename != "word/document.xml":
                out.writestr(info, data)
                continue
            head, body, tail = data.partition(b"<w:body>")
            with out.open("word/document.xml", "w", force_zip64=True) as fh:
                fh.write(head + body + b"<!--")
                chunk = b" " * (1024 * 1024)
                for _ in range(megabytes):
                    fh.write(chunk)
                fh.write(b"-->" + tail)
    return path


def test_docx_unpacking_to_413_mb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.docx", 413)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    # peak memory as VmHWM: ru_maxrss would carry over the forking pytest's own peak
    probe = (
        "import re, sys, time; from click.testing import CliRunner; from cjgraph.cli import main; "
        "t = time.perf_counter(); r = CliRunner().invoke(main, ['extract', sys.argv[1], '--out', sys.argv[2]]); "
        "hwm = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) // 1024; "
        "print(r.exit_code, round(time.perf_counter() - t, 3), hwm); print(r.output)"
    )
    r = subprocess.run(
        [sys.executable, "-c", probe, str(bomb), str(tmp_path / "out.xlsx")], capture_output=True, text=True
    )
    code, seconds, megabytes = r.stdout.split("\n")[0].split()
    assert (code, float(seconds) < 2, int(megabytes) < 200) == ("1", True, True), r.stdout
    assert "unpacks to 414 MB ('word/document.xml' alone 413 MB), over the 100 MB limit" in r.stdout
    assert not (tmp_path / "out.xlsx").exists()


def test_workbook_unpacking_past_the_limit_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.xlsx"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(plan), "-q")[0] == 0
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plan) as z, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(info, z.read(info.filename))
        with out.open("xl/padding.xml", "w", force_zip64=True) as fh:
            for _ in range(120):
                fh.write(b" " * (1024 * 1024))
    code, msg = _run("lead-load", str(bomb))
    assert code == 1 and f"{bomb}: unpacks to" in msg and "over the 100 MB limit for a plan workbook" in msg


def test_maps_too_large_to_lay_out_are_refused_and_the_pack_says_why(tmp_path: Path) -> None:
    plan = synthetic_plans(1, actions=(2600, 2600))[0]
    G = graph_from_plans([plan])
    assert "alone would have 2," in map_size_problem(G)
    with pytest.raises(LimitError, match=r"over the 2,500 that cjgraph lays out .*--focus PARTNER"):
        map_html(G)
    write_plan(plan, tmp_path / "big.xlsx")
    start = time.perf_counter()
    code, out = _run("map", str(tmp_path / "big.xlsx"), "--out", str(tmp_path / "map.html"))
    assert code == 1 and "draw a part of it" in out and not (tmp_path / "map.html").exists()
    code, out = _run("report", str(tmp_path / "big.xlsx"), "--out", str(tmp_path / "pack"))
    assert code == 0, out
    assert time.perf_counter() - start < 60
    page = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    assert "No interactive map in this pack: the plan" in page and "<iframe" not in page
    assert "who leads actions for which outcome and need" in page  # its overview, a still picture, is there
    # one part of it is drawn
    code, out = _run("map", str(tmp_path / "big.xlsx"), "--out", str(tmp_path / "m.html"), "--need", "housing")
    assert code == 0, out


def test_mathematics_in_names_is_drawn_as_text(tmp_path: Path) -> None:
    names = ["$x^2$ Trust", "Fund $\\frac{1}{0}$", "a$b", "$$"]
    plan = Plan(
        PlanInfo(id="t-2020-2023"),
        actions=tuple(Action(f"A{i}", "access", "Do it.", leads=(n,)) for i, n in enumerate(names)),
        partners=tuple(Partner(n, kind="third-sector") for n in names),
    )
    write_plan(plan, tmp_path / "t.xlsx")
    code, out = _run("report", str(tmp_path / "t.xlsx"), "--out", str(tmp_path / "pack"))
    assert code == 0, out
    svg = (tmp_path / "pack" / "lead-load.svg").read_text(encoding="utf-8")
    assert all(n.replace("$", "$") in svg for n in ["$x^2$ Trust", "a$b", "$$"])


def test_control_characters_in_a_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(folder), "-q")[0] == 0
    actions = folder / "actions.csv"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("Police Scotland", "Police\x00 Scotland\x1b", 1), encoding="utf-8")
    code, out = _run("validate", str(folder))
    assert code == 0 and "control-characters" in out and "actions row" in out
    code, out = _run("export", str(folder), "--format", "graphml", "--out", str(tmp_path / "g.graphml"))
    assert code == 0, out
    assert "\x00" not in (tmp_path / "g.graphml").read_text(encoding="utf-8")


def test_partner_without_a_name_is_an_error_in_validate(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    assert _run("extract", str(SEEDS["midlothian"]), "--out", str(folder), "-q")[0] == 0
    with (folder / "partners.csv").open("a", encoding="utf-8") as fh:
        fh.write(",,third-sector,local\n")
    code, out = _run("validate", str(folder))
    assert code == 1 and "the partner has no name" in out


def test_continuation_row_wider_than_its_table(tmp_path: Path) -> None:
    src = tmp_path / "p.txt"
    src.write_text("Ref\tImprovement Action\tLead\nSO1.1\tDo it\tPolice Scotland\n\tmore\tx\ty\tz\tw\n")
    code, out = _run("extract", str(src), "--out", str(tmp_path / "o.xlsx"), "-q")
    assert "Traceback" not in out and code in (0, 1)


def test_the_seeds_are_far_inside_every_limit() -> None:
    G = load(SEEDS["midlothian"], SEEDS["north-lanarkshire"])
    assert map_size_problem(G) == ""


@pytest.mark.parametrize("rules", [480, 2000])
def test_a_pdf_page_drawing_a_dense_grid_is_read_in_bounded_time(tmp_path: Path, rules: int) -> None:
    """A page ruled like graph paper (a chart, or a hostile file): the grid work is bounded (rules
    indexed by grid line; past 500 rules each way the page is a drawing, read as text)."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "grid.pdf"
    side = rules * 3 + 40
    c = canvas.Canvas(str(path), pagesize=(side, side))
    c.drawString(20, 5, "SO1.1 Develop a plan Police Scotland March 2019")
    for i in range(rules):
        c.line(10, 10 + i * 3, 10 + rules * 3, 10 + i * 3)
        c.line(10 + i * 3, 10, 10 + i * 3, 10 + rules * 3)
    c.showPage()
    c.save()
    start = time.perf_counter()
    code, out = _run("extract", str(path), "--out", str(tmp_path / "out.xlsx"), "-q")
    took = time.perf_counter() - start
    assert code == 1 and "no improvement-action table was found" in out and "Traceback" not in out
    assert took < 60, f"{took:.1f} s"  # generous: every rule was checked for every cell (300 each way: 2.3 s)
