"""The graph as rows for Neo4j: pure row-building (no driver, no I/O), plus two exports —
CSV files for ``neo4j-admin database import`` and a Cypher script to paste into Neo4j Browser.

Labels and relationship types come from a whitelist (they cannot be query parameters);
everything else is a value. In the script, values are written as Cypher literals with every
quote, backslash and control character escaped, so plan text cannot break out of a string.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.graph import load
>>> rows = rows_for_neo4j(load(example_path("midlothian-2017-2020")))
>>> len(rows.nodes["Action"]), len(rows.relationships["LEADS"])
(48, 64)
>>> rows.nodes["Action"][0]["id"], sorted(rows.nodes["Action"][0]["props"])[:3]
('action:midlothian-2017-2020:PC1.1', ['due', 'name', 'notes'])
>>> print(cypher_literal("it's a \\\\ test\\n"))
'it\\'s a \\\\ test\\n'
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.atomic import atomic_dir, atomic_file
from cjgraph.errors import GraphError
from cjgraph.graph import LABELS, RELATIONSHIPS

__all__ = ["Neo4jRows", "rows_for_neo4j", "cypher_literal", "cypher_script", "write_neo4j_import", "write_cypher"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Neo4jRows:
    """Node rows per label (``{"id", "props"}``) and relationship rows per type
    (``{"source", "target", "props"}``), in a stable order."""

    nodes: dict[str, list[dict[str, Any]]]
    relationships: dict[str, list[dict[str, Any]]]


def rows_for_neo4j(G: nx.MultiDiGraph) -> Neo4jRows:
    """Rows for a batched ``UNWIND $rows ... MERGE`` per label and relationship type."""
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n, d in sorted(G.nodes(data=True)):
        label = d.get("kind", "")
        if label not in LABELS:
            raise GraphError(
                f"node {n!r} has kind {label!r}, which is not a label cjgraph writes ({', '.join(LABELS)})."
            )
        # "kind" is the label; a Plan's own "id" is its "plan" property already (the node id is "plan:<id>")
        nodes[label].append({"id": n, "props": {k: v for k, v in sorted(d.items()) if k not in ("kind", "id")}})
    rels: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        if k not in RELATIONSHIPS:
            raise GraphError(f"edge {u!r} -> {v!r} has type {k!r}, which is not one cjgraph writes.")
        rels[k].append({"source": u, "target": v, "props": dict(sorted(d.items()))})
    for props in [r["props"] for rows in nodes.values() for r in rows] + [
        r["props"] for rows in rels.values() for r in rows
    ]:
        bad = [k for k in props if not _IDENT.match(k)]
        if bad:
            raise GraphError(f"property name {bad[0]!r} is not a plain identifier; cjgraph writes only those.")
    return Neo4jRows(dict(nodes), dict(rels))


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a string, number, boolean, list or map (strings fully escaped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        out = []
        for ch in value:
            if ch == "\\":
                out.append("\\\\")
            elif ch == "'":
                out.append("\\'")
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
                out.append(f"\\u{ord(ch):04x}")
            else:
                out.append(ch)
        return "'" + "".join(out) + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise GraphError(f"cannot write {type(value).__name__} value {value!r} as a Cypher literal.")


def _key(name: str) -> str:
    if not _IDENT.match(name):
        raise GraphError(f"property name {name!r} is not a plain identifier.")
    return name


def cypher_script(G: nx.MultiDiGraph, *, batch: int = 500) -> str:
    """A script for Neo4j Browser: constraints, then MERGE of every node and relationship."""
    rows = rows_for_neo4j(G)
    lines = [
        "// cjgraph: the plan graph for Neo4j. Paste into Neo4j Browser (multi-statement) or run with cypher-shell.",
        "// Running it twice changes nothing: nodes and relationships are MERGEd on their ids.",
    ]
    for label in rows.nodes:
        lines.append(
            f"CREATE CONSTRAINT cjgraph_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;"
        )
    for label, items in rows.nodes.items():
        for i in range(0, len(items), batch):
            chunk = cypher_literal([{"id": r["id"], "props": r["props"]} for r in items[i : i + batch]])
            lines.append(f"UNWIND {chunk} AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props;")
    labels_of = {r["id"]: label for label, items in rows.nodes.items() for r in items}
    for rel, items in rows.relationships.items():
        by_pair: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in items:
            by_pair[(labels_of[r["source"]], labels_of[r["target"]])].append(r)
        for (a, b), pair in by_pair.items():
            for i in range(0, len(pair), batch):
                chunk = cypher_literal(pair[i : i + batch])
                lines.append(
                    f"UNWIND {chunk} AS row MATCH (s:{a} {{id: row.source}}) MATCH (e:{b} {{id: row.target}}) "
                    f"MERGE (s)-[r:{rel}]->(e) SET r += row.props;"
                )
    return "\n".join(lines) + "\n"


def write_cypher(G: nx.MultiDiGraph, out: str | Path) -> Path:
    """Write :func:`cypher_script` to a file (atomically)."""
    out = Path(out)
    with atomic_file(out) as tmp:
        tmp.write_text(cypher_script(G), encoding="utf-8")
    return out


_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def write_neo4j_import(G: nx.MultiDiGraph, out: str | Path) -> Path:
    """Write ``nodes-<Label>.csv`` and ``relationships-<TYPE>.csv`` for ``neo4j-admin database import``.

    Headers carry the types (``id:ID``, ``:LABEL``, ``share:double``, ``statutory:boolean``,
    ``:START_ID``, ``:END_ID``, ``:TYPE``); ``import.txt`` holds the command to run.
    """
    out = Path(out)
    rows = rows_for_neo4j(G)
    with atomic_dir(out) as folder:
        args = []
        for label, items in rows.nodes.items():
            name = f"nodes-{label}.csv"
            _write_table(folder / name, ["id:ID", ":LABEL"], items, lambda r, label=label: [r["id"], label])
            args.append(f"--nodes={label}={name}")
        for rel, items in rows.relationships.items():
            name = f"relationships-{rel}.csv"
            _write_table(
                folder / name,
                [":START_ID", ":END_ID", ":TYPE"],
                items,
                lambda r, rel=rel: [r["source"], r["target"], rel],
            )
            args.append(f"--relationships={rel}={name}")
        (folder / "import.txt").write_text(
            "neo4j-admin database import full neo4j \\\n  " + " \\\n  ".join(args) + "\n", encoding="utf-8"
        )
    return out


def _write_table(path: Path, head: list[str], items: list[dict[str, Any]], lead: Any) -> None:
    """One import CSV: the fixed columns ``head`` (values from ``lead(row)``), then typed properties."""
    cols = sorted({k for r in items for k in r["props"]})
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([*head, *(f"{c}:{_type(items, c)}" for c in cols)])
        for r in items:
            w.writerow([*lead(r), *(_csv(r["props"].get(c, "")) for c in cols)])


def _type(items: list[dict[str, Any]], col: str) -> str:
    kinds = {_TYPES.get(type(r["props"][col]), "string") for r in items if col in r["props"]}
    return kinds.pop() if len(kinds) == 1 else "string"


def _csv(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, list | dict) else str(value)
