"""Every question from the command line: table, CSV and JSON, deterministic, with clear errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from cjgraph.cli import main

from conftest import SEEDS

BOTH = [str(SEEDS["midlothian"]), str(SEEDS["north-lanarkshire"])]
QUESTIONS = {
    "lead-load": ["plan", "partner", "led", "sole", "weighted"],
    "gaps": ["plan", "reason", "subject"],
    "chains": ["plan", "partner", "ref", "outcome"],
    "impact": ["plan", "partner", "outcomes", "needs"],
    "timeline": ["plan", "ref", "due", "overdue"],
    "network": ["plan", "partner", "degree", "betweenness"],
    "compare": ["outcome", "plan", "actions"],
}


def run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout  # a workbook's notes go to stderr


@pytest.mark.parametrize("command", sorted(QUESTIONS))
def test_json_is_valid_keyed_and_byte_identical(command: str) -> None:
    first = run(command, *BOTH, "--format", "json")
    assert run(command, *BOTH, "--format", "json") == first
    records = json.loads(first)
    assert isinstance(records, list) and records
    assert set(QUESTIONS[command]) <= set(records[0])
    assert list(records[0]) == sorted(records[0])


@pytest.mark.parametrize("command", sorted(QUESTIONS))
def test_csv_and_table(command: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(command, "--examples", "--format", "csv"))))
    assert rows and set(QUESTIONS[command]) <= set(rows[0])
    table = run(command, "--examples")
    assert table.splitlines()[0].split()[: len(QUESTIONS[command][:2])] == QUESTIONS[command][:2]


def test_lead_load_cli_figures() -> None:
    rows = json.loads(run("lead-load", *BOTH, "--plan", "north-lanarkshire-2017-2020", "--format", "json"))
    top = rows[0]
    assert (top["partner"], top["led"], top["sole"], top["weighted"]) == (
        "Community Justice Co-ordinator",
        17,
        9,
        12.83,
    )
    conc = json.loads(run("lead-load", *BOTH, "--concentration", "--format", "json"))
    assert [c["plan"] for c in conc] == ["midlothian-2017-2020", "north-lanarkshire-2017-2020"]


def test_timeline_cli_as_of() -> None:
    rows = json.loads(run("timeline", *BOTH, "--as-of", "2018-04-01", "--overdue", "--format", "json"))
    assert sum(r["plan"] == "midlothian-2017-2020" for r in rows) == 20
    assert sum(r["plan"] == "north-lanarkshire-2017-2020" for r in rows) == 18
    quarters = json.loads(run("timeline", *BOTH, "--as-of", "2018-04-01", "--by-quarter", "--format", "json"))
    assert sum(q["due"] for q in quarters) == 95


def test_impact_cli() -> None:
    rows = json.loads(
        run("impact", str(SEEDS["north-lanarkshire"]), "--partner", "co-ordinator cj", "--format", "json")
    )
    assert sum(r["effect"] == "action-left-without-lead" for r in rows) == 9


def test_gaps_cli_reason_filter() -> None:
    rows = json.loads(
        run(
            "gaps",
            *BOTH,
            "--reason",
            "action-without-indicator",
            "--plan",
            "north-lanarkshire-2017-2020",
            "--format",
            "json",
        )
    )
    assert [r["subject"] for r in rows] == ["SO1.8", "SO3.7"]


def test_chains_from_names() -> None:
    by_partner = json.loads(run("chains", *BOTH, "--from", "Scottish Prison Service", "--format", "json"))
    assert by_partner and all(r["partner"] == "Scottish Prison Service" for r in by_partner)
    by_ref = json.loads(
        run("chains", *BOTH, "--from", "SO3.7", "--plan", "north-lanarkshire-2017-2020", "--format", "json")
    )
    assert {r["ref"] for r in by_ref} == {"SO3.7"}


def test_diff_reports_exactly_two_changes(tmp_path: Path) -> None:
    run("extract", str(SEEDS["north-lanarkshire"]), "--out", str(tmp_path / "old"), "-q")
    shutil.copytree(tmp_path / "old", tmp_path / "new")
    path = tmp_path / "new" / "actions.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    rows[3]["leads"] = "Police Scotland"  # SO1.4 re-led
    del rows[10]  # SO2.3 dropped
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    changes = json.loads(run("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json"))
    assert [(c["ref"], c["change"]) for c in changes] == [("SO1.4", "re-led"), ("SO2.3", "dropped")]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_export(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    text = run("export", *BOTH, "--format", fmt, "--out", str(out))
    assert "nodes" in text
    if fmt == "graphml":
        H = nx.read_graphml(out)
    elif fmt == "gexf":
        H = nx.read_gexf(out)
    elif fmt == "json":
        H = nx.node_link_graph(json.loads(out.read_text()), edges="edges")
    else:
        with (out / "nodes.csv").open() as fh:
            assert sum(1 for _ in fh) - 1 == 273
        return
    assert (H.number_of_nodes(), H.number_of_edges()) == (273, 1048)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gaps"], "give at least one SOURCE"),
        (["gaps", "--examples", "--plan", "nowhere"], "no plan 'nowhere' in the graph"),
        (["impact", "--examples", "--partner", "Nobody Ltd"], "no partner named 'Nobody Ltd'"),
        (["chains", "--examples", "--from", "XX9.9"], "names no partner, action ref"),
        (["gaps", "--examples", "--reason", "bad"], "unknown gap reason 'bad'"),
        (["timeline", "--examples", "--as-of", "April"], "'April' is not a date"),
    ],
)
def test_errors_are_one_sentence(args: list[str], message: str) -> None:
    r = CliRunner().invoke(main, args)
    assert r.exit_code != 0
    assert message in r.output
    assert "Traceback" not in r.output


def test_map_command(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    assert "wrote" in run("map", *BOTH, "--out", str(out), "--focus", "Police Scotland", "--workshop")
    html = out.read_text(encoding="utf-8")
    assert "cjgraph map: Police Scotland in Midlothian 2017–2020, North Lanarkshire 2017–2020" in html
    assert 'class="workshop"' in html


def test_report_command(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "pack"
    run("report", *BOTH, "--out", str(out), "--as-of", "2018-04-01")
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        ".cjgraph-output",
        "coverage.svg",
        "index.html",
        "lead-load.svg",
        "map-midlothian-2017-2020.svg",
        "map-north-lanarkshire-2017-2020.svg",
        "map.html",
        "report.xlsx",
        "timeline.svg",
    ]
    wb = load_workbook(out / "report.xlsx", read_only=True)
    assert {"summary", "lead_load", "gaps", "timeline", "chains", "network", "compare"} <= set(wb.sheetnames)
    rows = list(wb["timeline"].iter_rows(values_only=True))
    wb.close()
    assert rows[0][:4] == ("Plan", "Ref", "Outcome", "Due")
    assert sum(1 for r in rows[1:] if r[7] is True) == 38  # overdue at 2018-04-01: 20 + 18 (real booleans)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["map", "--examples", "--out", "m.html", "--focus", "Nobody Ltd"], "no partner named 'Nobody Ltd'"),
        (["map", "--examples", "--out", "m.html", "--outcome", "happiness"], "no outcome 'happiness'"),
        (["report", "--examples", "--out", "no/such/folder/pack"], "does not exist"),
    ],
)
def test_map_and_report_errors(args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output
    assert list(tmp_path.iterdir()) == []


def test_neo4j_exports(tmp_path: Path) -> None:
    from cjgraph.cypher.rows import rows_for_neo4j
    from cjgraph.loading import load

    G = load(*BOTH)
    run("export", *BOTH, "--format", "neo4j-import", "--out", str(tmp_path / "imp"))
    counts = {}
    for f in (tmp_path / "imp").glob("*.csv"):
        with f.open(encoding="utf-8") as fh:
            counts[f.stem] = sum(1 for _ in csv.reader(fh)) - 1
    by_label: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        by_label[d["kind"]] = by_label.get(d["kind"], 0) + 1
    assert {k.removeprefix("nodes-"): v for k, v in counts.items() if k.startswith("nodes-")} == by_label
    by_type: dict[str, int] = {}
    for _, _, k in G.edges(keys=True):
        by_type[k] = by_type.get(k, 0) + 1
    assert {k.removeprefix("relationships-"): v for k, v in counts.items() if k.startswith("rel")} == by_type
    assert "--nodes=Action=nodes-Action.csv" in (tmp_path / "imp" / "import.txt").read_text()
    run("export", *BOTH, "--format", "cypher", "--out", str(tmp_path / "g.cypher"))
    script = (tmp_path / "g.cypher").read_text(encoding="utf-8")
    rows = rows_for_neo4j(G)
    assert script.count("MERGE (n:Action {id: row.id})") >= 1
    assert sum(len(v) for v in rows.nodes.values()) == G.number_of_nodes()


@pytest.mark.parametrize(
    "text",
    [
        "it's",
        'say "hi"',
        "back\\slash",
        "new\nline",
        "tab\tand\rreturn",
        "`tick`",
        "{braces}",
        "$money",
        "Comhairle nan Eilean Siar — naïve café",
        "\u2028\x07",
        "'; MATCH (n) DETACH DELETE n; //",
    ],
)
def test_cypher_literal_round_trips(text: str) -> None:
    from cjgraph.cypher.rows import cypher_literal

    lit = cypher_literal(text)
    assert lit.startswith("'") and lit.endswith("'")
    body = lit[1:-1]
    assert "\n" not in body and "\r" not in body
    # every quote inside is escaped: no unescaped ' can end the string early
    i = 0
    out = []
    escapes = {"\\": "\\", "'": "'", "n": "\n", "r": "\r", "t": "\t"}
    while i < len(body):
        ch = body[i]
        assert ch != "'", lit
        if ch == "\\":
            nxt = body[i + 1]
            if nxt == "u":
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(escapes[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    assert "".join(out) == text


def test_cypher_library_queries_files_and_text(tmp_path: Path) -> None:
    out = run("cypher", "lead_load", str(SEEDS["north-lanarkshire"]), "--format", "csv")
    assert "north-lanarkshire-2017-2020,Community Justice Co-ordinator,17,9,12.83" in out
    overdue = json.loads(run("cypher", "overdue", *BOTH, "--param", "as_of=2018-04-01", "--format", "json"))
    assert len(overdue) == 38 and set(overdue[0]) == {"plan", "ref", "due"}
    chains = list(csv.DictReader(io.StringIO(run("cypher", "chains", *BOTH, "--format", "csv"))))
    housing = run("cypher", "chains", *BOTH, "--param", "start=need:housing", "--format", "csv")
    assert 0 < len(housing.splitlines()) - 1 < len(chains)  # $start defaults to '' (every chain)
    query = tmp_path / "mine.cypher"
    query.write_text("MATCH (p:Partner {name: $name})-[:LEADS]->(a:Action) RETURN count(a) AS led", encoding="utf-8")
    assert (
        run("cypher", str(query), *BOTH, "--param", "name=Scottish Prison Service", "--format", "csv").strip()
        == "led\n12"
    )
    text = run("cypher", "MATCH (a:Action) RETURN count(a) AS actions", *BOTH, "--format", "csv")
    assert text.strip() == "actions\n95"


def test_queries_lists_every_library_query() -> None:
    from cjgraph.cypher import list_queries

    out = run("queries")
    for q in list_queries():
        assert f"{q.name}\n    {q.description}\n    params: {q.params}" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["impact"], "the query needs parameter $partner; give it with --param partner=VALUE."),
        (["nope"], "no query 'nope' in the library"),
        (["MATCH (n:Nothing) RETURN n"], "the graph has no label 'Nothing'"),
        (["MATCH (n:Action)\nRETURN m"], "the embedded engine could not run line 2 of the query (RETURN m)"),
        (["lead_load", "--param", "oops"], "'oops' is not NAME=VALUE"),
    ],
)
def test_cypher_errors_are_one_sentence(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["cypher", *args[:1], *BOTH, *args[1:]])
    assert result.exit_code != 0 and message in result.output, result.output
    assert "Traceback" not in result.output
