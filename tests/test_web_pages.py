"""Plans published as web pages (issue 24): a page as a browser saves it is read as a Word file
is, its tables' merged cells filling every row they span (and said), the site's menus, scripts
and footers passed over, nothing fetched."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.loaders.extract import extract_plan

OUTCOME = "Effective interventions are delivered to prevent and reduce the risk of further offending"


def _page(path: Path, body: str, *, main_element: bool = True) -> Path:
    inner = f"<main>{body}</main>" if main_element else body
    path.write_text(
        "<!DOCTYPE html><html><head><title>Plan</title><style>td { color: red }</style>"
        "<script>var action = 'Improvement Action';</script></head><body>"
        "<nav><ul><li>Home</li><li>Publications</li></ul></nav>"
        f"<h1>Fife Community Justice Outcomes Improvement Plan 2019 - 2022</h1>{inner}"
        "<footer>Page last updated 1 May 2020</footer></body></html>",
        encoding="utf-8",
    )
    return path


TABLE = f"""<h2>Structural Outcome 3</h2><p>{OUTCOME}</p>
<table><thead><tr><th colspan="2">Improvement Action</th><th>Managed by</th><th>Timescale</th></tr></thead>
<tbody>
<tr><td>SO3.1</td><td>Run community safety sessions for young people in every ward</td>
    <td rowspan="2">Police Scotland</td><td rowspan="3">June 2020</td></tr>
<tr><td>SO3.2</td><td>Publish the diversion from prosecution figures<br>every year
    <script>document.write('x')</script></td></tr>
<tr><td>SO3.3</td><td><p>Review the arrest referral service:</p><ul><li>with the NHS</li><li>with SDS</li></ul></td>
    <td>COPFS</td></tr>
</tbody></table>"""


@pytest.mark.parametrize("main_element", [True, False], ids=["main", "no main"])
def test_a_saved_web_page_reads_as_its_tables_say(tmp_path: Path, main_element: bool) -> None:
    page = _page(tmp_path / "plan.html", TABLE, main_element=main_element)
    extracted = extract_plan(page)
    actions = {a.ref: a for a in extracted.plan.actions}
    assert list(actions) == ["SO3.1", "SO3.2", "SO3.3"]
    assert actions["SO3.2"].leads == ("Police Scotland",)  # merged down from SO3.1's row
    assert actions["SO3.3"].leads == ("Crown Office and Procurator Fiscal Service",)
    assert {a.timescale for a in actions.values()} == {"June 2020"}
    assert actions["SO3.2"].text == "Publish the diversion from prosecution figures every year"
    assert "with the NHS" in actions["SO3.3"].text and "document.write" not in actions["SO3.2"].text
    carried = {i.subject for i in extracted.plan.issues if i.code == "merged-cell-spanned"}
    assert carried == {"SO3.2", "SO3.3"}


def test_the_extract_command_reads_html_and_says_what_it_carried(tmp_path: Path) -> None:
    page = _page(tmp_path / "plan.htm", TABLE)
    result = CliRunner().invoke(main, ["extract", str(page), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "actions.csv").open(encoding="utf-8") as fh:
        rows = {r["ref"]: r for r in csv.DictReader(fh)}
    assert rows["SO3.2"]["review"] == "a cell merged over several rows read into this row"
    assert rows["SO3.1"]["review"] == ""


def test_nothing_is_fetched_and_a_hostile_page_is_one_sentence(tmp_path: Path) -> None:
    """External entities, images and frames are never fetched; a span that is no number is a
    warning and read as 1; a file that is not a web page at all is one sentence."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    body = (
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><main><p>&x;</p>'
        f'<img src="http://127.0.0.1:9/x.png"><iframe src="file://{secret}"></iframe>'
        '<table><tr><td rowspan="many">A1</td><td colspan="99999">Do it</td></tr></table></main></body></html>'
    )
    page = tmp_path / "hostile.html"
    page.write_text(body, encoding="utf-8")
    from cjgraph.loaders.html import html_blocks

    heard: list[str] = []
    blocks = html_blocks(page, lambda where, message: heard.append(f"{where}: {message}"))
    assert "TOP SECRET" not in " ".join(b.text for b in blocks)
    assert [b.cells for b in blocks if b.kind == "row"] == [("A1", "Do it")]
    assert len(heard) == 2 and all("read as 1" in h for h in heard)
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    result = CliRunner().invoke(main, ["extract", str(binary), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and str(binary) in result.output and "Traceback" not in result.output
