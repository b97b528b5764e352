"""The Cypher guard from an attacker's side: forms that hide a file or write clause from a check
that reads words naively (digits, Unicode spaces, comments, case, backticks, strings, several
statements), every file clause of the embedded engine, and the wall behind the checks: the
engine's process cannot open a file even when asked directly."""

from __future__ import annotations

import functools
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.cypher.embedded import EmbeddedCypher, _data, _Engine
from cjgraph.cypher.lexer import words
from cjgraph.errors import CjgraphError
from cjgraph.examples import tiny_graph, tiny_plan
from cjgraph.sandbox import Child, ChildStopped, confine
from cjgraph.workbook import write_plan

SECRET = "top-secret-line-7f3a"
LOAD = "LOAD FROM '{secret}' (file_format='csv', header=false) RETURN *"

# each hides LOAD FROM (a file read) from a check that reads words with word boundaries
FILE_READS = [
    "UNWIND [1] AS x WITH x LIMIT 1" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 0x1" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1e0" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1\u00a0" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1\u2003" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1\u3000" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1\u2028" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1/**/" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1//x\n" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1//x\r" + LOAD,
    "UNWIND [1] AS x WITH x LIMIT 1 " + LOAD.replace("LOAD FROM", "lOaD fRoM"),
    "UNWIND [1] AS `x`WITH `x` LIMIT 1 " + LOAD,
    "UNWIND ['it\\'s'] AS x WITH x LIMIT 1 " + LOAD,
    'UNWIND ["a\\"b"] AS x WITH x LIMIT 1 ' + LOAD,
    LOAD,
    "RETURN 1; " + LOAD,
    "COPY (MATCH (a:Action) RETURN a.text) TO '{out}'",
    "MATCH (a:Action) WITH a LIMIT 1COPY (MATCH (a:Action) RETURN a.text) TO '{out}'",
    "COPY Action FROM '{secret}'",
    "EXPORT DATABASE '{out}'",
    "IMPORT DATABASE '{out}'",
    "ATTACH '{out}' AS other (dbtype lbug)",
    "DETACH other",
    "INSTALL json",
    "UNINSTALL json",
    "LOAD EXTENSION json",
    "UPDATE EXTENSION json",
    "CALL threads = 1",
    "USE other",
    "BEGIN TRANSACTION",
    "CHECKPOINT",
]
# each changes the graph without --write
WRITES = [
    "MATCH (a:Action) WITH a LIMIT 1SET a.text = 'x'",
    "MATCH (a:Action) WITH a LIMIT 1CREATE (:Partner {id: 'p', name: 'x'})",
    "MATCH (a:Action) WITH a LIMIT 1MERGE (:Partner {id: 'p', name: 'x'})",
    "MATCH (a:Action) WITH a LIMIT 1DETACH DELETE a",
    "MATCH (a:Action) WITH a LIMIT 1\u00a0REMOVE a.text",
    "COMMENT ON TABLE Action IS 'x'",
    "DROP TABLE Action",
    "ALTER TABLE Action ADD extra STRING",
    "CREATE MACRO m(x) AS x + 1",
    "MATCH (a:Action) FOREACH (x IN [1] | SET a.text = 'x')",
]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("plan") / "tiny.xlsx"
    write_plan(tiny_plan(), path)
    return str(path)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.csv"
    path.write_text(f"{SECRET}\n")
    return path


@pytest.mark.parametrize("query", FILE_READS)
@pytest.mark.parametrize("write", [False, True])
def test_no_form_reads_or_writes_a_file(workbook: str, secret: Path, tmp_path: Path, query: str, write: bool) -> None:
    out = tmp_path / "leak"
    text = query.format(secret=secret, out=out)
    r = CliRunner().invoke(main, ["cypher", text, workbook, *(["--write"] if write else [])])
    assert r.exit_code == 1, r.output
    assert SECRET not in r.output and "Traceback" not in r.output
    assert r.output.startswith("cjgraph: error: ") and len(r.output.strip().splitlines()) == 1, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv"]


@pytest.mark.parametrize("query", WRITES)
def test_no_form_writes_without_write(workbook: str, query: str) -> None:
    r = CliRunner().invoke(main, ["cypher", query, workbook])
    assert r.exit_code == 1, r.output
    assert "--write" in r.output or "reads or writes files" in r.output or "not a step that reads" in r.output


def test_the_engine_decides_by_its_own_plan() -> None:
    """A clause the words do not show (a table function that reads a file) is refused by the
    engine's own plan of the query."""
    engine = EmbeddedCypher(tiny_graph())
    for name in ("read_csv_serial", "READ_NPY", "read_parquet", "read_pandas", "project_graph", "current_setting"):
        with pytest.raises(CjgraphError, match=f"calls {name}, a function that does not read the graph"):
            engine.run(f"CALL {name}('/etc/hostname') RETURN *")
    assert engine.run("MATCH (a:Action) RETURN count(a) AS n").rows == [[3]]
    assert engine.run("CALL show_tables() RETURN count(*) AS n").rows[0][0] > 0


def test_harmless_words_are_not_clauses(workbook: str) -> None:
    query = (
        "MATCH (a:Action) WHERE a.text <> 'LOAD FROM x; COPY' /* SET */ AND a.ref = `a`.ref "
        "RETURN count(a) AS `load` // INSTALL"
    )
    r = CliRunner().invoke(main, ["cypher", query, workbook, "--format", "csv"])
    assert r.output == "load\n3\n", r.output


def test_lexer_reads_numbers_and_words_as_the_grammar() -> None:
    assert [t.text for t in words("LIMIT 1LOAD")] == ["LIMIT", "1", "LOAD"]
    assert [t.text for t in words("LIMIT 1.5e3SET")] == ["LIMIT", "1.5e3", "SET"]
    assert [t.text for t in words("x1LOAD")] == ["x1LOAD"]
    assert [t.kind for t in words("`a``b`LOAD")] == ["name", "word"]
    assert [t.text for t in words("'a\\'LOAD' LOAD")] == ["'a\\'LOAD'", "LOAD"]


class _Raw:
    """What an engine that escaped every check would try: open files, run a raw file clause."""

    def __init__(self) -> None:
        import ladybug

        self.connection = ladybug.Connection(ladybug.Database(":memory:"))

    def read(self, path: str) -> str:
        with open(path, encoding="utf-8") as fh:
            return fh.read()

    def write(self, path: str) -> None:
        Path(path).write_text("x")

    def crash(self) -> None:
        os.kill(os.getpid(), signal.SIGSEGV)

    def load(self, path: str) -> list[list[object]]:
        rows: list[list[object]] = self.connection.execute(f"LOAD FROM '{path}' (header=false) RETURN *").get_all()
        return rows


def test_the_engine_process_reaches_no_file(secret: Path, tmp_path: Path) -> None:
    """The second wall: even called directly, past every check, the confined engine's process
    can neither read nor write a file (Landlock, on this machine and CI's)."""
    child = Child(_Raw)
    try:
        assert child.confined
        for method, arg in (("read", secret), ("write", tmp_path / "x"), ("load", secret)):
            with pytest.raises(CjgraphError) as e:
                child.call(method, str(arg))
            assert SECRET not in str(e.value)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv"]
    finally:
        child.close()
    assert EmbeddedCypher(tiny_graph()).confined


def test_a_crashed_engine_is_one_sentence_and_the_next_query_works() -> None:
    child = Child(_Raw)
    with pytest.raises(ChildStopped, match=r"stopped \(killed by SIGSEGV\); run the command again\.$"):
        child.call("crash")
    child.close()


class _RawEngine(_Engine):
    """The embedded engine with a door past every check: what a query the checks missed could do."""

    def raw(self, query: str) -> object:
        return self.connection.execute(query).get_all()


@pytest.mark.parametrize(
    "query",
    [
        "COPY (MATCH (a:Action) RETURN a.ref, a.text) TO '{out}'",
        "LOAD FROM '{secret}' (header=false) RETURN *",
        "COPY Action FROM '{secret}'",
    ],
)
def test_every_thread_of_the_engine_is_confined(secret: Path, tmp_path: Path, query: str) -> None:
    """The engine starts its own threads; it starts them confined, so even a raw file clause run
    past every check (a write by a worker thread too) reaches no file."""
    folder = tmp_path / "engine"
    folder.mkdir()
    child = Child(functools.partial(_RawEngine, folder, before_start=confine))
    try:
        assert child.confined
        child.call("load", _data(tiny_graph(), folder))
        with pytest.raises(CjgraphError) as e:
            child.call("raw", query.format(secret=secret, out=tmp_path / "leak.csv"))
        assert SECRET not in str(e.value)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["engine", "secret.csv"]
    finally:
        child.close()
