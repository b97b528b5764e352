"""Cypher with no server: the plan graph in the embedded engine ``ladybug`` (a maintained fork
of Kuzu), in memory.

The engine runs in a forked child process that, once the graph is loaded, can reach no file
and no network (:mod:`cjgraph.sandbox`; :attr:`EmbeddedCypher.confined` says whether the
system allowed it). A query is checked twice before it runs: by cjgraph's reading of its words
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

import csv
import functools
import re
import tempfile
from collections.abc import Callable
from contextlib import suppress
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.contract import ENDS, LABELS, PROPERTIES, RELATIONSHIPS
from cjgraph.cypher.answer import Answer, Node, Relationship
from cjgraph.cypher.answer import Path as GraphPath
from cjgraph.cypher.guard import check_query, engine_error, refuse_file_access, return_columns
from cjgraph.cypher.lexer import words
from cjgraph.cypher.rows import rows_for_neo4j
from cjgraph.cypher.schema import Schema
from cjgraph.errors import CypherError, require
from cjgraph.sandbox import Child, ChildStopped, can_fork, confine
from cjgraph.scratch import run_folder

__all__ = ["EmbeddedCypher"]

_TYPES = {bool: "BOOLEAN", int: "INT64", float: "DOUBLE", str: "STRING"}
_DEFAULTS = {"BOOLEAN": False, "INT64": 0, "DOUBLE": 0.0, "STRING": ""}
# the steps of the engine's plans (EXPLAIN) that only read; those that change nodes or relationships
_READ_STEPS = frozenset(
    "AGGREGATE AGGREGATE_FINALIZE AGGREGATE_SCAN CROSS_PRODUCT DUMMY_SINK DUMMY_SIMPLE_SINK EMPTY_RESULT FILTER "
    "FLATTEN HASH_JOIN_BUILD HASH_JOIN_PROBE INTERSECT INTERSECT_BUILD LIMIT MULTIPLICITY_REDUCER ORDER_BY "
    "ORDER_BY_MERGE ORDER_BY_SCAN PATH_PROPERTY_PROBE PRIMARY_KEY_SCAN_NODE_TABLE PROJECTION "
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
    that can reach no file (where the system allows; :attr:`confined`)."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        require("ladybug", "embedded Cypher", "pip install 'cjgraph[cypher]'")
        # in a child, the engine starts confined (every thread of it) to the folder of its data files
        run_folder()  # made here, so that the child uses it (and this process removes it at exit)
        self._build: Callable[[], _Engine] = functools.partial(_Engine, G, before_start=confine)
        self._child = Child(self._build) if can_fork() else None
        self._local = None if self._child else _Engine(G)
        #: whether the engine's process is barred from every file and the network
        self.confined = bool(self._child and self._child.confined)

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
        except ChildStopped as e:  # the engine crashed on the query: a fresh one for the next
            self._child.close()
            self._child = Child(self._build)
            raise CypherError(f"the embedded engine crashed on the query ({e.how}); it was started again.") from None

    def close(self) -> None:
        """Stop the engine's process (done anyway when this object goes)."""
        if self._child:
            self._child.close()


class _Engine:
    """The graph in the engine, in this process."""

    def __init__(self, G: nx.MultiDiGraph, *, before_start: Callable[[Path], object] | None = None) -> None:
        """Load ``G``. ``before_start(folder)`` runs once the graph's data files are written in
        ``folder`` and before the engine (and its threads) starts: where the process confines
        itself, so that every thread of the engine is confined with it."""
        ladybug: Any = require("ladybug", "embedded Cypher", "pip install 'cjgraph[cypher]'")
        rows = rows_for_neo4j(G)
        statements: list[str] = []
        columns: dict[str, dict[str, str]] = {}
        for label in LABELS:  # every label and type, even one this graph lacks, so queries bind
            items = rows.nodes.get(label, [])
            cols = {k: _TYPES.get(t, "STRING") for k, t in PROPERTIES[label].items()}
            cols |= {k: _TYPES.get(type(v), "STRING") for r in items for k, v in r["props"].items()}
            columns[label] = cols
            decl = ", ".join(["id STRING", *(f"{k} {t}" for k, t in sorted(cols.items())), "PRIMARY KEY(id)"])
            statements.append(f"CREATE NODE TABLE {label}({decl})")
        labels = {r["id"]: label for label, items in rows.nodes.items() for r in items}
        rel_columns: dict[str, dict[str, str]] = {}
        for rel in RELATIONSHIPS:
            items = rows.relationships.get(rel, [])
            pairs = sorted({(labels[r["source"]], labels[r["target"]]) for r in items} | set(ENDS[rel]))
            cols = {k: _TYPES.get(type(v), "STRING") for r in items for k, v in r["props"].items()}
            rel_columns[rel] = cols
            decl = ", ".join([*(f"FROM {a} TO {b}" for a, b in pairs), *(f"{k} {t}" for k, t in sorted(cols.items()))])
            statements.append(f"CREATE REL TABLE {rel}({decl})")
        # bulk-loaded from CSV files in a private folder (COPY FROM): creating relationships with
        # UNWIND ... MATCH ... CREATE grew faster than the graph (20,000 actions 26 s, 100,000 past 600 s)
        self._folder = Path(tempfile.mkdtemp(prefix="engine-", dir=run_folder()))
        try:
            for label, items in rows.nodes.items():
                names = sorted(columns[label])
                data = [[r["id"], *(r["props"].get(k, _DEFAULTS[columns[label][k]]) for k in names)] for r in items]
                statements.append(self._table_file(label, data))
            for rel, items in rows.relationships.items():
                names = sorted(rel_columns[rel])
                by_pair: dict[tuple[str, str], list[list[Any]]] = {}
                for r in items:
                    props = (r["props"].get(k, _DEFAULTS[rel_columns[rel][k]]) for k in names)
                    by_pair.setdefault((labels[r["source"]], labels[r["target"]]), []).append(
                        [r["source"], r["target"], *props]
                    )
                for (a, b), data in by_pair.items():
                    statements.append(self._table_file(rel, data, ends=(a, b)))
            if before_start is not None:
                _preload(ladybug)
                before_start(self._folder)
            self.connection = ladybug.Connection(ladybug.Database(":memory:"))
            for statement in statements:
                self.connection.execute(statement)
        finally:  # the folder itself stays, empty, where a confined engine may not remove it: its run's folder goes
            for path in self._folder.iterdir():
                path.unlink(missing_ok=True)
            with suppress(OSError):
                self._folder.rmdir()
        self._columns = {label: sorted(cols.items()) for label, cols in columns.items()}
        self._rel_columns = {rel: sorted(cols.items()) for rel, cols in rel_columns.items()}
        self._schema: Schema | None = None
        self._ids: dict[tuple[int, int], str] | None = None

    def _table_file(self, table: str, rows: list[list[Any]], ends: tuple[str, str] | None = None) -> str:
        """Write ``rows`` (a node's id or a relationship's source and target first, then the
        table's columns) to a CSV file for ``table``; the statement that loads it. Every field is
        quoted, so '' stays '', not null."""
        path = self._folder / f"{table}-{'-'.join(ends or ())}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerows([_csv_value(v) for v in row] for row in rows)
        pair = f", from='{ends[0]}', to='{ends[1]}'" if ends else ""
        path_text = str(path).replace("\\", "/").replace("'", "\\'")
        return f"COPY {table} FROM '{path_text}' (header=false, parallel=false{pair})"

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
        self._check_plan(query, given, write=writes)
        try:
            result = self.connection.execute(query, given)
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
                having = self._having(f"MATCH (x:{label})", [("id", "STRING"), *self._columns[label]])
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
                    type_props[rel] = self._having(f"MATCH ()-[x:{rel}]->()", self._rel_columns[rel])
            self._schema = Schema(labels, label_props, types, type_props, joins)
        return self._schema

    def _having(self, match: str, columns: list[tuple[str, str]]) -> dict[str, int]:
        """How many of the nodes or relationships ``x`` that ``match`` finds have each column
        set (not null, and not '' for text)."""
        empty = {c: f" OR x.{c} = ''" if t == "STRING" else "" for c, t in columns}
        counted = ", ".join(f"sum(CASE WHEN x.{c} IS NULL{empty[c]} THEN 0 ELSE 1 END)" for c, _ in columns)
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


def _preload(ladybug: Any) -> None:
    """Load what the engine loads lazily (its native library, the date types), while files can
    still be read: a confined process cannot open them later."""
    import datetime  # noqa: F401 - the engine's answers use it

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
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)
