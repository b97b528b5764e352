"""The reading corpus (tests/corpus.py): the seed plans as councils publish them, in Word and as the
PDFs LibreOffice exports, read as well as the seed texts; and the reader says what it mended."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.loaders.pdf import pdf_blocks

from conftest import GOLD, score
from corpus import COPIED_LAYOUTS, CORPUS, LAYOUTS, ONE_SEED_LAYOUTS, SEEDS, WEB_LAYOUTS
from corpus import NATIONAL as NATIONAL_DOCUMENTS

DOCUMENTS = [f"{plan}-{layout}{suffix}" for plan in SEEDS for layout in LAYOUTS for suffix in (".docx", ".pdf")]
DOCUMENTS += [f"{plan}-{layout}{suffix}" for layout, plan in ONE_SEED_LAYOUTS.items() for suffix in (".docx", ".pdf")]
DOCUMENTS += [f"{plan}-{layout}.html" for plan in SEEDS for layout in WEB_LAYOUTS]
DOCUMENTS += [f"{plan}-{layout}.txt" for plan in SEEDS for layout in COPIED_LAYOUTS]
# written in the layouts of the Scottish Government's delivery plan and its updates, each with its own key
NATIONAL = {f"{name}{suffix}": name for name in NATIONAL_DOCUMENTS for suffix in (".html", ".pdf")}
DOCUMENTS += list(NATIONAL)


def _extract(name: str, out: Path) -> str:
    result = CliRunner().invoke(main, ["extract", str(CORPUS / name), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_corpus_document_reads_as_well_as_its_answer_key(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = _extract(name, tmp_path / "out")
    plan = NATIONAL.get(name) or next(p for p in SEEDS if name.startswith(f"{p}-"))
    # actions printed without refs are matched to the answer key by their text
    assert score(tmp_path / "out", plan, capsys, key="text" if "noref" in name else "ref") >= 0.95
    assert "table text read: 100.0% of " in output  # every piece of the action tables' text is read
    # as many actions as the key: the scorer takes the first action of each ref, so a table read
    # twice (a summary read as new actions) would not lower the score
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8") as fh, (GOLD / plan / "actions.csv").open() as g:
        assert len(list(csv.DictReader(fh))) == len(list(csv.DictReader(g)))


@pytest.mark.parametrize("name", ["midlothian-continued-noref.pdf", "midlothian-continued.pdf"])
def test_a_table_continued_under_its_repeated_outcome_and_header_loses_no_row(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The case of issue 24: a table (with or without refs) runs onto the next page under its
    outcome row and header row repeated; the row broken by the page is joined, and every row after
    it read."""
    _extract(name, tmp_path / "out")
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8") as fh:
        texts = {" ".join(r["text"].split()): r for r in csv.DictReader(fh)}
    with (GOLD / "midlothian" / "actions.csv").open(encoding="utf-8") as fh:
        gold = [" ".join(r["text"].split()) for r in csv.DictReader(fh)]
    assert set(texts) == set(gold)  # all 48, none cut short, none made of a header or a title
    joined = [r for r in texts.values() if "row joined across a page break" in r["review"]]
    assert len(joined) >= 3 and all(r["source"].startswith(f"{name}, page ") for r in joined)


def test_running_headers_and_footers_are_dropped_and_bullets_kept() -> None:
    blocks = pdf_blocks(CORPUS / "midlothian-word.pdf")
    texts = [b.text for b in blocks]
    assert not any("Draft for consultation" in t or t.startswith("Page ") for t in texts)
    assert not any("\uf0b7" in t or "\x02" in t for t in texts)
    bullets = [b for b in blocks if b.depth]
    assert len(bullets) > 60  # the indicator lists, one paragraph each
    assert "Perceptions of the local crime rate." in [b.text for b in bullets]


def test_a_table_continues_across_pages_under_its_repeated_header() -> None:
    rows = [b for b in pdf_blocks(CORPUS / "midlothian-word.pdf") if b.kind == "row"]
    headers = [r for r in rows if r.cells[:2] == ("Ref. No.", "Improvement Action")]
    tables = {r.where.split(", row")[0] for r in headers}
    assert len(headers) == len(tables) == 7  # one per outcome table: the repeated copies are dropped
    with (GOLD / "midlothian" / "actions.csv").open(encoding="utf-8") as fh:
        gold = {r["ref"]: r["text"] for r in csv.DictReader(fh)}
    joined = [r for r in rows if "continued on page" in r.where and r.cells[0] in gold]
    assert len(joined) >= 3  # action rows that Word let break across a page are whole again
    for r in joined:
        assert " ".join(r.cells[1].split()) == gold[r.cells[0]]


def test_hyphens_at_line_ends_and_words_broken_in_narrow_cells_are_joined() -> None:
    text = " ".join(" ".join(b.text.split()) for b in pdf_blocks(CORPUS / "north-lanarkshire-columns.pdf"))
    assert "communication and participation strategy" in text
    assert "co-production" in text.lower() and "commun-ication" not in text
    assert "mechanis ms" not in text and "existing mechanisms" in text


def test_merged_cells_fill_every_row_they_span_even_across_a_page(tmp_path: Path) -> None:
    _extract("north-lanarkshire-merged.pdf", tmp_path / "out")
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8") as fh:
        actions = {r["ref"]: r for r in csv.DictReader(fh)}
    with (tmp_path / "out" / "issues.csv").open(encoding="utf-8") as fh:
        carried = {i["subject"] for i in csv.DictReader(fh) if i["code"] == "merged-cell-carried"}
    with (GOLD / "north-lanarkshire" / "actions.csv").open(encoding="utf-8") as fh:
        gold = {r["ref"]: r for r in csv.DictReader(fh)}
    assert len(carried) >= 2
    for ref in carried:  # the lead, partners or date printed once above the page break
        a = actions[ref]
        assert a["contributors"] == gold[ref]["contributors"] and a["timescale"] == gold[ref]["timescale"]
        assert "merged cell carried into it from a row above" in a["review"] and float(a["confidence"]) < 1
        assert a["source"].startswith("north-lanarkshire-merged.pdf, page ")


def test_every_doubtful_action_is_found_by_one_filter(tmp_path: Path) -> None:
    output = _extract("north-lanarkshire-merged.pdf", tmp_path / "out")
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8") as fh:
        actions = list(csv.DictReader(fh))
    with (tmp_path / "out" / "issues.csv").open(encoding="utf-8") as fh:
        issues = list(csv.DictReader(fh))
    doubtful = [a for a in actions if a["review"]]
    assert doubtful and all(float(a["confidence"]) < 1 for a in doubtful)
    assert all(float(a["confidence"]) == 1 for a in actions if not a["review"])
    joined = {i["subject"] for i in issues if i["code"] == "row-across-pages"}
    assert joined and joined <= {a["ref"] for a in doubtful}
    assert f"actions to check: {len(doubtful)} of {len(actions)}" in output


def test_the_workbook_offers_the_filter_on_its_header(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _extract("midlothian-merged.pdf", tmp_path / "plan.xlsx")
    ws = load_workbook(tmp_path / "plan.xlsx")["actions"]
    header = [c.value for c in ws[1]]
    assert header[-3:] == ["confidence", "review", "source"]
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{ws.max_row}"
