"""Cypher with no server: the plan graph in the embedded engine ``ladybug`` (a maintained fork
of Kuzu), and the query library of ``queries/cypher``.

Every ``.cypher`` file opens with ``// name: what it answers`` and ``// params: ...``; a file
``NAME.ladybug.cypher`` beside it, where present, is the variant the embedded engine needs. The
schema is created before any query runs (DESIGN §7: a parameterised query that failed before the
schema existed keeps failing), every property of a label is declared (a missing property is an
error there), and values travel only as parameters.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.graph import load
>>> engine = EmbeddedCypher(load(example_path("north-lanarkshire-2017-2020")))
>>> answer = engine.run(load_query("lead_load").embedded_text, {"plan": ""})
>>> answer.columns
['plan', 'partner', 'led', 'sole', 'weighted']
>>> answer.rows[0]
['north-lanarkshire-2017-2020', 'Community Justice Co-ordinator', 17, 9, 12.83]
>>> [q.name for q in list_queries()][:2]
['action_without_date', 'action_without_indicator']
"""

from __future__ import annotations

import csv
import re
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.errors import GraphError, UsageError, require
from cjgraph.graph import ENDS, LABELS, PROPERTIES, RELATIONSHIPS
from cjgraph.neo4j_rows import rows_for_neo4j

__all__ = ["CypherQuery", "Answer", "EmbeddedCypher", "list_queries", "load_query", "refuse_file_access"]

_TYPES = {bool: "BOOLEAN", int: "INT64", float: "DOUBLE", str: "STRING"}
_DEFAULTS = {"BOOLEAN": False, "INT64": 0, "DOUBLE": 0.0, "STRING": ""}


@dataclass(frozen=True)
class CypherQuery:
    """A query of the library: its name, what it answers, its parameters and its text."""

    name: str
    description: str
    params: str
    text: str
    embedded_text: str  # the ladybug variant, or the same text

    @property
    def defaults(self) -> dict[str, str]:
        """The parameters whose header says ``or ''``, defaulting to ``''``.

        >>> load_query("chains").defaults
        {'plan': '', 'start': ''}
        """
        found = re.findall(r"\$([A-Za-z_]\w*) - [^;]*\bor ''", self.params)
        return dict.fromkeys(found, "")


@dataclass(frozen=True)
class Answer:
    """The columns and rows a query returned."""

    columns: list[str]
    rows: list[list[Any]]


def list_queries() -> list[CypherQuery]:
    """Every query of the library, by name."""
    folder = resources.files("cjgraph.queries").joinpath("cypher")
    names = sorted(
        e.name.removesuffix(".cypher")
        for e in folder.iterdir()
        if e.name.endswith(".cypher") and not e.name.endswith(".ladybug.cypher")
    )
    return [load_query(n) for n in names]


def load_query(name: str) -> CypherQuery:
    """A query of the library by name (``lead_load``)."""
    folder = resources.files("cjgraph.queries").joinpath("cypher")
    path = folder.joinpath(f"{name}.cypher")
    if not re.fullmatch(r"[a-z_]+", name) or not path.is_file():
        known = ", ".join(e.name.removesuffix(".cypher") for e in folder.iterdir() if e.name.endswith(".cypher"))
        raise UsageError(f"no query {name!r} in the library; the queries are {known}.")
    text = path.read_text(encoding="utf-8")
    head = [ln[2:].strip() for ln in text.splitlines() if ln.startswith("//")]
    description = head[0].split(":", 1)[1].strip() if head and ":" in head[0] else ""
    params = next((h.split(":", 1)[1].strip() for h in head if h.startswith("params:")), "")
    variant = folder.joinpath(f"{name}.ladybug.cypher")
    return CypherQuery(
        name, description, params, text, variant.read_text(encoding="utf-8") if variant.is_file() else text
    )


class EmbeddedCypher:
    """The graph loaded into an in-memory ladybug database, ready for Cypher."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        ladybug: Any = require("ladybug", "embedded Cypher", "pip install 'cjgraph[cypher]'")
        self.connection = ladybug.Connection(ladybug.Database(":memory:"))
        rows = rows_for_neo4j(G)
        columns: dict[str, dict[str, str]] = {}
        for label in LABELS:  # every label and type, even one this graph lacks, so queries bind
            items = rows.nodes.get(label, [])
            cols = {k: _TYPES.get(t, "STRING") for k, t in PROPERTIES[label].items()}
            cols |= {k: _TYPES.get(type(v), "STRING") for r in items for k, v in r["props"].items()}
            columns[label] = cols
            decl = ", ".join(["id STRING", *(f"{k} {t}" for k, t in sorted(cols.items())), "PRIMARY KEY(id)"])
            self.connection.execute(f"CREATE NODE TABLE {label}({decl})")
        labels = {r["id"]: label for label, items in rows.nodes.items() for r in items}
        rel_columns: dict[str, dict[str, str]] = {}
        for rel in RELATIONSHIPS:
            items = rows.relationships.get(rel, [])
            pairs = sorted({(labels[r["source"]], labels[r["target"]]) for r in items} | set(ENDS[rel]))
            cols = {k: _TYPES.get(type(v), "STRING") for r in items for k, v in r["props"].items()}
            rel_columns[rel] = cols
            decl = ", ".join([*(f"FROM {a} TO {b}" for a, b in pairs), *(f"{k} {t}" for k, t in sorted(cols.items()))])
            self.connection.execute(f"CREATE REL TABLE {rel}({decl})")
        # bulk-loaded from CSV files in a private folder (COPY FROM): creating relationships with
        # UNWIND ... MATCH ... CREATE grew faster than the graph (20,000 actions 26 s, 100,000 past 600 s)
        with tempfile.TemporaryDirectory(prefix="cjgraph-engine-") as folder:
            self._folder = Path(folder)
            for label, items in rows.nodes.items():
                names = sorted(columns[label])
                data = [[r["id"], *(r["props"].get(k, _DEFAULTS[columns[label][k]]) for k in names)] for r in items]
                self._load_table(label, ["id", *names], data)
            for rel, items in rows.relationships.items():
                names = sorted(rel_columns[rel])
                by_pair: dict[tuple[str, str], list[list[Any]]] = {}
                for r in items:
                    props = (r["props"].get(k, _DEFAULTS[rel_columns[rel][k]]) for k in names)
                    by_pair.setdefault((labels[r["source"]], labels[r["target"]]), []).append(
                        [r["source"], r["target"], *props]
                    )
                for (a, b), data in by_pair.items():
                    self._load_table(rel, ["source", "target", *names], data, ends=(a, b))

    def _load_table(
        self, table: str, header: list[str], rows: list[list[Any]], ends: tuple[str, str] | None = None
    ) -> None:
        """Load ``rows`` (columns ``header``: a node's id or a relationship's source and target
        first) into ``table`` through a CSV file; every field is quoted, so '' stays '', not null."""
        path = self._folder / f"{table}-{'-'.join(ends or ())}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerows([_csv_value(v) for v in row] for row in rows)
        pair = f", from='{ends[0]}', to='{ends[1]}'" if ends else ""
        path_text = str(path).replace("\\", "/").replace("'", "\\'")
        self.connection.execute(f"COPY {table} FROM '{path_text}' (header=false, parallel=false{pair})")

    def run(self, query: str, params: dict[str, Any] | None = None) -> Answer:
        """Run Cypher with parameters; :class:`GraphError` with the engine's message when it fails."""
        refuse_file_access(query)
        wanted = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", query))
        given = {k: v for k, v in (params or {}).items() if k in wanted}
        missing = sorted(wanted - set(given))
        if missing:
            raise GraphError(f"the query needs parameter ${missing[0]}; give it with --param {missing[0]}=VALUE.")
        try:
            result = self.connection.execute(query, given)
        except RuntimeError as e:
            raise GraphError(f"the embedded engine could not run the query: {str(e).splitlines()[0]}") from None
        if isinstance(result, list):  # several statements: the answer is the last one's
            result = result[-1]
        return Answer(list(result.get_column_names()), [[_plain(v) for v in r] for r in result.get_all()])


# clauses of the embedded engine that read or write files, or change its installation or settings
_FILE_CLAUSES = re.compile(
    r"\b(COPY|LOAD|ATTACH|DETACH(?!\s+DELETE\b)|INSTALL|UNINSTALL|UPDATE\s+EXTENSION|EXPORT|IMPORT|USE)\b"
    r"|\bCALL\s+\w+\s*=",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`", re.DOTALL)


def refuse_file_access(query: str) -> None:
    """Refuse Cypher that would touch files or the engine's installation (``COPY``, ``LOAD FROM``,
    ``ATTACH``, ``INSTALL``, ``LOAD EXTENSION``, ``EXPORT``/``IMPORT DATABASE``, settings).

    A query from a shared file must not read or write the user's files; words inside strings,
    comments and backticked names do not count.

    >>> refuse_file_access("MATCH (a:Action) WHERE a.text CONTAINS 'copy' RETURN a.ref // load")
    >>> refuse_file_access("COPY (MATCH (a:Action) RETURN a.text) TO '/tmp/x.csv'")
    Traceback (most recent call last):
    cjgraph.errors.GraphError: the query uses COPY, which reads or writes files or changes the engine; ...
    """
    m = _FILE_CLAUSES.search(_QUOTED.sub(" ", query))
    if m:
        word = " ".join(m.group(0).split()).rstrip("= ").upper()
        raise GraphError(
            f"the query uses {word}, which reads or writes files or changes the engine; cjgraph's embedded "
            "engine answers questions about the plans only (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CALL)."
        )


def _csv_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _plain(value: Any) -> Any:
    """Engine values as plain Python (``Decimal`` sums become ``int`` or ``float``)."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
