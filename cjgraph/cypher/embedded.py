"""Cypher with no server: the plan graph in the embedded engine ``ladybug`` (a maintained fork
of Kuzu), in memory.

The engine runs in a forked child process that, from its start, can reach no file and no
network but read the data files of its graph, which this process writes in a private folder
(:mod:`cjgraph.sandbox`; :attr:`EmbeddedCypher.confined` says whether the system allowed it).
It starts with cjgraph's tables, empty, and can plan the query it is told to expect while this
process reads the plans (:meth:`EmbeddedCypher.expect`, :meth:`EmbeddedCypher.load`). Queries
are written in Neo4j's Cypher: :mod:`cjgraph.cypher.dialect` rewrites them for the engine or
says in one sentence what it cannot give. A query is checked twice before it runs: by cjgraph's reading of its words
(:mod:`cjgraph.cypher.guard`) and by the engine's own plan of it (``EXPLAIN``), whose every step
must be a reading one (or, with ``write=True``, one that changes nodes or relationships) and
whose every table function one that reads the graph, never a file.

The schema is created before any query runs (DESIGN §7: a parameterised query that failed before
the schema existed keeps failing), every property of a label is declared (a missing property is
an error there), and values travel only as parameters. A query is checked first
(:mod:`cjgraph.cypher.guard`): no file is ever read or written, a query that changes the graph
runs only with ``write=True`` (and changes only this in-memory copy), and a name the graph does
not have gets a "did you mean". Nodes, relationships and paths come back as
:mod:`cjgraph.cypher.answer` values.

Examples
--------
>>> from cjgraph.cypher import load_query
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> engine = EmbeddedCypher(load(example_path("north-lanarkshire-2017-2020")))
>>> answer = engine.run(load_query("lead_load").embedded_text, {"plan": ""})
>>> answer.columns
['plan', 'partner', 'led', 'sole', 'weighted', 'contributed']
>>> answer.rows[0]
['north-lanarkshire-2017-2020', 'Community Justice Co-ordinator', 17, 9, 12.83, 0]
>>> answer = engine.run("MATCH (p:Partner)-[r:LEADS]->(:Action {ref: 'SO3.7'}) RETURN p, r")
>>> for p, r in answer.rows:
...     print(p, r, sep="\\n")
(:Partner {name: 'North Lanarkshire Council Financial Inclusion', plan: 'north-lanarkshire-2017-2020'})
[:LEADS {share: 1.0}]
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.contract import ENDS, LABELS, PROPERTIES, REL_PROPERTIES, RELATIONSHIPS
from cjgraph.cypher.answer import Answer, Node, Relationship
from cjgraph.cypher.answer import Path as GraphPath
from cjgraph.cypher.dialect import for_embedded
from cjgraph.cypher.guard import check_query, engine_error, first_write, refuse_file_access, return_columns
from cjgraph.cypher.lexer import words
from cjgraph.cypher.rows import Neo4jRows, rows_for_neo4j
from cjgraph.cypher.schema import Schema
from cjgraph.errors import CjgraphError, CypherError, require
from cjgraph.sandbox import Child, ChildStopped, can_fork, confine
from cjgraph.scratch import run_folder

__all__ = ["EmbeddedCypher"]

_TYPES = {bool: "BOOLEAN", int: "INT64", float: "DOUBLE", str: "STRING"}
# the steps of the engine's plans (EXPLAIN) that only read; those that change nodes or relationships
_READ_STEPS = frozenset(
    "AGGREGATE AGGREGATE_FINALIZE AGGREGATE_SCAN CROSS_PRODUCT DUMMY_SINK DUMMY_SIMPLE_SINK EMPTY_RESULT FILTER "
    "FLATTEN HASH_JOIN_BUILD HASH_JOIN_PROBE INTERSECT INTERSECT_BUILD LIMIT MULTIPLICITY_REDUCER ORDER_BY "
    "ORDER_BY_MERGE ORDER_BY_SCAN PATH_PROPERTY_PROBE PRIMARY_KEY_SCAN_NODE_TABLE PROJECTION "
    "REL_DEGREE_TABLE "
    "QUERY_PRIMARY_KEY_LOOKUP RECURSIVE_EXTEND RESULT_COLLECTOR SCAN_NODE_TABLE SCAN_REL_TABLE SEMI_MASKER SKIP "
    "TABLE_FUNCTION_CALL TOP_K TOP_K_SCAN UNION_ALL_SCAN UNWIND".split()
)
_WRITE_STEPS = frozenset("INSERT SET_PROPERTY DELETE MERGE".split())
# table functions that read the graph or the engine's catalogue, never a file
_READ_FUNCTIONS = frozenset("READ_FTABLE SHOW_TABLES TABLE_INFO SHOW_CONNECTION DB_VERSION SHOW_FUNCTIONS".split())
_ONLY = (
    "cjgraph answers questions about the plans only (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, and CALL of "
    f"{', '.join(sorted(f.lower() for f in _READ_FUNCTIONS if f != 'READ_FTABLE'))})."
)
_STEP = re.compile(r"│\s*([A-Z][A-Z_]*)\[\d+\]\s*│")
_FUNCTION = re.compile(r"Function: (\w+)")


class EmbeddedCypher:
    """The graph loaded into an in-memory ladybug database, ready for Cypher, in a child process
    that can reach no file (where the system allows; :attr:`confined`).

    ``EmbeddedCypher()`` starts the engine at once, with cjgraph's tables and nothing in them,
    while this process goes on (reading the plans, say); :meth:`load` then gives it the graph.
    ``EmbeddedCypher(G)`` does both."""

    def __init__(self, G: nx.MultiDiGraph | None = None) -> None:
        require("ladybug", "embedded Cypher", "pip install 'cjgraph[cypher]'")
        # the graph's data files are written here by this process; the engine, in a child, starts
        # confined (every thread of it) to reading them
        self._folder = Path(tempfile.mkdtemp(prefix="engine-", dir=run_folder()))
        self._build: Callable[[], _Engine] = functools.partial(_Engine, self._folder, before_start=confine)
        self._child = Child(self._build) if can_fork() else None
        self._local = None if self._child else _Engine(self._folder)
        self._G: nx.MultiDiGraph | None = None
        self.on_server = False
        if G is not None:
            self.load(G)

    @property
    def confined(self) -> bool:
        """Whether the engine's process is barred from every file and the network."""
        return bool(self._child and self._child.confined)

    def expect(self, query: str, params: dict[str, Any] | None = None) -> None:
        """Say which query will come, before :meth:`load`: the engine plans it while the graph is
        read (its first plan of a query costs it several times a later one's). Nothing runs;
        a fault in the query is said when it is run."""
        if self._child is None:
            self._local.expect(query, params)  # type: ignore[union-attr]
        else:
            self._child.post("expect", query, params)

    def load(self, G: nx.MultiDiGraph) -> None:
        """Give the engine the graph (once)."""
        if self._G is not None:
            raise CypherError("the embedded engine has its graph already; start another for another graph.")
        self._G = G
        self._load(G)

    def _load(self, G: nx.MultiDiGraph) -> None:
        data = _data(G, self._folder)
        try:
            self._call("load", data)
        finally:  # the files go; the folder goes with the run's folder
            for path in self._folder.iterdir():
                path.unlink(missing_ok=True)

    def run(self, query: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Answer:
        """Run Cypher with parameters (:class:`CypherError`, one sentence, when it cannot).

        A query that changes the graph needs ``write=True`` and changes only this in-memory copy.
        """
        return self._call("run", query, params, write=write)  # type: ignore[no-any-return]

    def schema(self) -> Schema:
        """Labels and relationship types with counts, and their properties with how many nodes
        or relationships have them."""
        return self._call("schema")  # type: ignore[no-any-return]

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self._child is None:
            return getattr(self._local, method)(*args, **kwargs)
        try:
            return self._child.call(method, *args, **kwargs)
        except ChildStopped as e:  # the engine crashed: a fresh one for the next query
            self._child.close()
            self._child = Child(self._build)
            if method != "load" and self._G is not None:
                self._load(self._G)
            raise CypherError(f"the embedded engine crashed on the query ({e.how}); it was started again.") from None

    def close(self) -> None:
        """Stop the engine's process (done anyway when this object goes)."""
        if self._child:
            self._child.close()


@dataclass(frozen=True)
class _Tables:
    """The engine's tables for a graph: each label's and type's columns in order."""

    columns: dict[str, list[tuple[str, str]]]
    rel_columns: dict[str, list[tuple[str, str]]]

    @classmethod
    def of(cls, rows: Neo4jRows | None = None) -> _Tables:
        """The tables for ``rows`` (every label and type, even one the graph lacks, so queries
        bind): cjgraph's properties by name, then any other the rows have. With no rows, the
        tables of cjgraph's contract."""
        nodes, rels = (rows.nodes, rows.relationships) if rows else ({}, {})
        columns = {label: _ordered(PROPERTIES[label], (r["props"] for r in nodes.get(label, []))) for label in LABELS}
        rel_columns = {
            rel: _ordered(REL_PROPERTIES.get(rel, {}), (r["props"] for r in rels.get(rel, []))) for rel in RELATIONSHIPS
        }
        return cls(columns, rel_columns)

    def declarations(self) -> list[str]:
        """``CREATE NODE TABLE`` for each label, then ``CREATE REL TABLE`` for each type."""
        out = []
        for label, cols in self.columns.items():
            decl = ", ".join(["id STRING", *(f"{k} {t}" for k, t in cols), "PRIMARY KEY(id)"])
            out.append(f"CREATE NODE TABLE {label}({decl})")
        for rel, cols in self.rel_columns.items():
            decl = ", ".join([*(f"FROM {a} TO {b}" for a, b in ENDS[rel]), *(f"{k} {t}" for k, t in cols)])
            out.append(f"CREATE REL TABLE {rel}({decl})")
        return out


def _ordered(declared: dict[str, type], props: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """A table's columns: the contract's, by name, then the others the rows have, by name (a
    value of another type than the contract's gives its column the rows' type)."""
    cols = {k: _TYPES.get(t, "STRING") for k, t in sorted(declared.items())}
    found: dict[str, str] = {}
    for p in props:
        for k, v in p.items():
            found.setdefault(k, _TYPES.get(type(v), "STRING"))
    cols |= {k: t for k, t in found.items() if k in cols}
    return [*cols.items(), *sorted((k, t) for k, t in found.items() if k not in cols)]


@dataclass(frozen=True)
class _Data:
    """A graph for the engine: its tables, the statements loading its data (with their
    parameters: the rows of a small table, none for a data file's), its schema."""

    tables: _Tables
    loads: list[tuple[str, dict[str, Any] | None]]
    schema: Schema
    size: int  # nodes and relationships


# a graph of fewer nodes and relationships than this is worked on by one thread of the engine:
# more cost more than they give on a small graph (a fifth of a plan's loading and first query;
# on two cores, even at 25,000; about even at 200,000)
_ONE_THREAD = 100_000


# a node table of at most this many rows is created from the rows themselves, a larger one
# copied from a data file: COPY costs the engine 5 to 10 ms a table before the first row (the
# plans' own tables in a third of the time: benchmarks/cypher_start.py)
_CREATED_ROWS = 200


def _data(G: nx.MultiDiGraph, folder: Path) -> _Data:
    """Write the graph's data files in ``folder`` (bulk-loaded with COPY FROM: creating
    relationships with UNWIND ... MATCH ... CREATE grew faster than the graph, 20,000 actions
    26 s, 100,000 past 600 s); what the engine needs to load them."""
    rows = rows_for_neo4j(G)
    tables = _Tables.of(rows)
    labels = {r["id"]: label for label, items in rows.nodes.items() for r in items}
    loads: list[tuple[str, dict[str, Any] | None]] = []
    for label, items in rows.nodes.items():
        loads.append(_node_load(folder, label, [k for k, _ in tables.columns[label]], items))
    for rel, items in rows.relationships.items():
        names = [k for k, _ in tables.rel_columns[rel]]
        by_pair: dict[tuple[str, str], list[list[Any]]] = {}
        for r in items:
            row = [r["source"], r["target"], *(r["props"].get(k) for k in names)]
            by_pair.setdefault((labels[r["source"]], labels[r["target"]]), []).append(row)
        loads += [(_table_file(folder, rel, data, ends=pair), None) for pair, data in by_pair.items()]
    size = sum(map(len, rows.nodes.values())) + sum(map(len, rows.relationships.values()))
    return _Data(tables, loads, _counted(rows, labels), size)


def _node_load(
    folder: Path, label: str, names: list[str], items: list[dict[str, Any]]
) -> tuple[str, dict[str, Any] | None]:
    """The statement loading a label's nodes, and its parameters: the rows themselves for a small
    table, a data file for a larger one."""
    if len(items) <= _CREATED_ROWS:
        values = "".join(f", {k}: row.{k}" for k in names)
        rows = [{"id": r["id"], **{k: r["props"].get(k) for k in names}} for r in items]
        return f"UNWIND $rows AS row CREATE (:{label} {{id: row.id{values}}})", {"rows": rows}
    return _table_file(folder, label, [[r["id"], *(r["props"].get(k) for k in names)] for r in items]), None


def _table_file(folder: Path, table: str, rows: list[list[Any]], ends: tuple[str, str] | None = None) -> str:
    """Write ``rows`` (a node's id or a relationship's source and target first, then the table's
    columns) to a CSV file for ``table``; the statement that loads it. A missing value (``None``)
    is an empty field, which the engine reads as null (:func:`_csv_value`)."""
    path = folder / f"{table}-{'-'.join(ends or ())}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.writelines(",".join(_csv_value(v) for v in row) + "\n" for row in rows)
    pair = f", from='{ends[0]}', to='{ends[1]}'" if ends else ""
    path_text = str(path).replace("\\", "/").replace("'", "\\'")
    options = "header=false, parallel=false, auto_detect=false, delim=',', quote='\"', escape='\"'"
    return f"COPY {table} FROM '{path_text}' ({options}{pair})"


# a question of the usual shape, asked of the empty tables as the engine starts: its first plan
# of a query costs several times a later one's (the engine readies itself), done while the plans
# are read
_WARM = (
    "MATCH (p:Partner)-[r:LEADS]->(a:Action)-[:PART_OF]->(pl:Plan) WHERE $plan = '' OR pl.plan = $plan "
    "WITH pl.plan AS plan, p.name AS partner, count(a) AS led, sum(r.share) AS w "
    "RETURN plan, partner, led, round(w, 2) ORDER BY led DESC, partner"
)


class _Engine:
    """The engine, in this process."""

    def __init__(self, folder: Path, *, before_start: Callable[[Path], object] | None = None) -> None:
        """Start the engine with cjgraph's tables, empty. ``before_start(folder)`` runs before
        the engine (and its threads) starts: where the process confines itself to reading the
        data files that will be written in ``folder``, so that every thread of the engine is
        confined with it."""
        ladybug: Any = require("ladybug", "embedded Cypher", "pip install 'cjgraph[cypher]'")
        #: whether this process is confined (to reading ``folder``, where the data files will be)
        self.confined = False
        if before_start is not None:
            _preload(ladybug)
            self.confined = bool(before_start(folder))
        self.connection = ladybug.Connection(ladybug.Database(":memory:"))
        self.connection.set_max_threads_for_exec(1)  # most graphs are small (_ONE_THREAD)
        self._declare(_Tables.of())
        self.connection.execute(_WARM, {"plan": ""})
        self._schema: Schema | None = None
        self._ids: dict[tuple[int, int], str] | None = None

    def _declare(self, tables: _Tables) -> None:
        for statement in tables.declarations():
            self.connection.execute(statement)
        self._tables = tables

    def expect(self, query: str, params: dict[str, Any] | None = None) -> None:
        """Plan a query that only reads (``EXPLAIN``, after the checks of the words that keep
        the engine whole), so that its run plans it again in a fraction of the time; a fault
        is left for :meth:`run` to say."""
        with suppress(CjgraphError, RuntimeError):
            refuse_file_access(query)
            _refuse_functions(query)
            if first_write(query) is None:
                self.connection.execute(f"EXPLAIN {for_embedded(query)}", params or {})

    def load(self, data: _Data) -> None:
        """Load a graph's data files (:func:`_data`): into cjgraph's tables, or, for a graph with
        other properties, into tables declared anew."""
        if data.size >= _ONE_THREAD:
            self.connection.set_max_threads_for_exec(os.cpu_count() or 1)
        if data.tables != self._tables:
            for name in (*RELATIONSHIPS, *LABELS):
                self.connection.execute(f"DROP TABLE {name}")
            self._declare(data.tables)
        for statement, params in data.loads:
            self.connection.execute(statement, params or {})
        # what the graph holds, counted from the rows it was loaded from (asking the engine takes
        # two dozen queries: a fifth of a short query's time); asked again after a write
        self._schema = data.schema

    def run(self, query: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Answer:
        """Run a user's Cypher: checked by its words and by the engine's plan, then run."""
        refuse_file_access(query)
        _refuse_functions(query)
        writes, given = check_query(
            query,
            params,
            write=write,
            names=lambda: self.schema().names(),
            effect="on the in-memory copy (nothing is saved: the plans on disk never change)",
        )
        text = for_embedded(query)  # Neo4j's forms the engine lacks, rewritten (or refused in a sentence)
        self._check_plan(text, given, write=writes)
        try:
            result = self.connection.execute(text, given)
        except RuntimeError as e:
            raise engine_error(query, str(e), "the embedded engine") from None
        if isinstance(result, list):  # several statements: the answer is the last one's
            result = result[-1]
        if writes:
            self._schema = self._ids = None
        columns = list(result.get_column_names())
        written = return_columns(query)  # "count(a)", where the engine says "COUNT(a._ID)", as Neo4j does
        if written and len(written) == len(columns):
            columns = written
        return Answer(columns, [[self._plain(v) for v in r] for r in result.get_all()])

    def _check_plan(self, query: str, params: dict[str, Any], *, write: bool) -> None:
        """Refuse a query whose plan, as the engine itself makes it, has a step or a table
        function that is not a reading one (or, with ``write``, one changing nodes or
        relationships): whatever the words looked like, the engine decides here."""
        try:
            result = self.connection.execute(f"EXPLAIN {query}", params)
        except RuntimeError as e:
            raise engine_error(query, str(e).replace("<EXPLAIN ", "<"), "the embedded engine") from None
        if isinstance(result, list):
            raise CypherError("the query holds more than one statement; give one statement at a time.")
        plan = "".join(str(row[0]) for row in result.get_all())
        steps = set(_STEP.findall(plan))
        writes = sorted(steps & _WRITE_STEPS)
        if writes and not write:
            raise CypherError(f"the query changes the graph ({writes[0]}); give --write to run it.")
        odd = sorted(steps - _READ_STEPS - _WRITE_STEPS) + sorted(set(_FUNCTION.findall(plan)) - _READ_FUNCTIONS)
        if odd:
            raise CypherError(f"the engine would run the query with {odd[0]}, a step that does not only read; {_ONLY}")

    def schema(self) -> Schema:
        """Labels and relationship types with counts, and their properties with how many nodes
        or relationships have them (the engine's fillers for a missing property do not count)."""
        if self._schema is None:
            labels: dict[str, int] = {}
            label_props: dict[str, dict[str, int]] = {}
            for label in LABELS:
                having = self._having(f"MATCH (x:{label})", [("id", "STRING"), *self._tables.columns[label]])
                if having.get("id"):
                    labels[label], label_props[label] = having["id"], having
            types: dict[str, int] = {}
            type_props: dict[str, dict[str, int]] = {}
            joins: dict[str, dict[tuple[str, str], int]] = {}
            for rel in RELATIONSHIPS:
                found = self.connection.execute(f"MATCH (a)-[r:{rel}]->(b) RETURN label(a), label(b), count(r)")
                joins_of = {(a, b): n for a, b, n in found.get_all()}
                if joins_of:
                    joins[rel], types[rel] = joins_of, sum(joins_of.values())
                    type_props[rel] = self._having(f"MATCH ()-[x:{rel}]->()", self._tables.rel_columns[rel])
            self._schema = Schema(labels, label_props, types, type_props, joins)
        return self._schema

    def _having(self, match: str, columns: list[tuple[str, str]]) -> dict[str, int]:
        """How many of the nodes or relationships ``x`` that ``match`` finds have each column
        set (not null)."""
        counted = ", ".join(f"sum(CASE WHEN x.{c} IS NULL THEN 0 ELSE 1 END)" for c, _ in columns)
        got = self.connection.execute(f"{match} RETURN {counted}").get_all()[0] if columns else []
        return {c: int(n) for (c, _), n in zip(columns, got, strict=True) if n}

    def _node_ids(self) -> dict[tuple[int, int], str]:
        """The engine's internal node ids to cjgraph's ids (a relationship names its ends by them)."""
        if self._ids is None:
            result = self.connection.execute("MATCH (n) RETURN id(n), n.id")
            self._ids = {(i["table"], i["offset"]): node_id for i, node_id in result.get_all()}
        return self._ids

    def _plain(self, value: Any) -> Any:
        """Engine values as plain Python: nodes, relationships and paths as
        :mod:`~cjgraph.cypher.answer` values, ``Decimal`` sums as ``int`` or ``float``."""
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, datetime.date):  # as the Neo4j side gives dates: ISO text
            return value.isoformat()
        if isinstance(value, list):
            return [self._plain(v) for v in value]
        if not isinstance(value, dict):
            return value
        # a path's nodes carry every label's columns: those of other labels are null
        props = {k: self._plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
        if "_NODES" in value:
            return GraphPath(
                tuple(self._plain(n) for n in value["_NODES"]), tuple(self._plain(r) for r in value["_RELS"])
            )
        if "_SRC" in value:
            ids = self._node_ids()
            src, dst = value["_SRC"], value["_DST"]
            return Relationship(
                value["_LABEL"], ids.get((src["table"], src["offset"])), ids.get((dst["table"], dst["offset"])), props
            )
        if "_LABEL" in value and "_ID" in value:
            return Node((value["_LABEL"],), props)
        return props  # a map


def _counted(rows: Any, labels: dict[str, str]) -> Schema:
    """The :class:`Schema` of the graph loaded from ``rows`` (:func:`rows_for_neo4j`'s; ``labels``
    the label of each node id), as :meth:`_Engine.schema` asks the engine for it."""
    label_props: dict[str, dict[str, int]] = {}
    for label, items in rows.nodes.items():
        having = Counter(k for r in items for k in r["props"])
        label_props[label] = {"id": len(items), **dict(sorted(having.items()))}
    joins: dict[str, dict[tuple[str, str], int]] = {}
    type_props: dict[str, dict[str, int]] = {}
    for rel, items in rows.relationships.items():
        joins[rel] = dict(sorted(Counter((labels[r["source"]], labels[r["target"]]) for r in items).items()))
        type_props[rel] = dict(sorted(Counter(k for r in items for k in r["props"]).items()))
    return Schema(
        {label: len(items) for label, items in rows.nodes.items()},
        label_props,
        {rel: len(items) for rel, items in rows.relationships.items()},
        type_props,
        joins,
    )


def _preload(ladybug: Any) -> None:
    """Load what is loaded lazily (the engine's native library; the fuzzy matching of "did you
    mean"), while files can still be read: a confined process cannot open them later, and it
    may be started before this process has read any plan."""
    import rapidfuzz.fuzz  # noqa: F401 - cjgraph.names imports it when a name is not found
    import rapidfuzz.process  # noqa: F401

    with suppress(Exception):  # a version without the private loader loads as it starts
        ladybug._backend.get_pybind_module()


def _refuse_functions(query: str) -> None:
    """Refuse ``CALL f(...)`` of a table function that does not read the graph, before the
    engine plans it (planning some of them crashes the engine)."""
    found = words(query)
    for k in range(len(found) - 2):
        name = found[k + 1].text
        if found[k].text.upper() == "CALL" and found[k + 2].text == "(" and name.upper() not in _READ_FUNCTIONS:
            raise CypherError(f"the query calls {name}, a function that does not read the graph; {_ONLY}")


def _csv_value(value: Any) -> str:
    """A field of the engine's CSV files: empty (null) for ``None``; quoted where the text needs
    it (a comma, quote, backslash or line break, space at an end, or nothing at all), else as it
    is (the engine reads a file of plain fields a quarter faster)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = repr(value) if isinstance(value, float) else str(value)
    if text and text == text.strip() and not _CSV_SPECIAL.search(text):
        return text
    return '"' + text.replace('"', '""') + '"'


_CSV_SPECIAL = re.compile(r'[,"\\\r\n\u2028\u2029\x85\x00-\x1f]')
