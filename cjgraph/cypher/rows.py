"""The graph as rows for Neo4j: pure row-building (no driver, no I/O) — the rows, the
statements of a push in batches (:func:`plan_batches`, which :mod:`cjgraph.cypher.neo4j` sends) — plus two
exports: CSV files for ``neo4j-admin database import`` and a Cypher script to paste into Neo4j
Browser (the same statements, rows written in as literals).

Labels and relationship types come from a whitelist (they cannot be query parameters);
everything else is a value. In the script, values are written as Cypher literals with every
quote, backslash and control character escaped, so plan text cannot break out of a string.

Examples
--------
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> rows = rows_for_neo4j(load(example_path("midlothian-2017-2020")))
>>> len(rows.nodes["Action"]), len(rows.relationships["LEADS"])
(48, 64)
>>> rows.nodes["Action"][0]["id"], sorted(rows.nodes["Action"][0]["props"])[:3]
('action:midlothian-2017-2020:PC1.1', ['due', 'name', 'outcome'])
>>> "notes" in rows.nodes["Action"][0]["props"]  # a missing value is no property: null on an engine
False
>>> rows.nodes["Plan"][0]["id"]  # a plan's id is its key, the plan every node of it carries
'midlothian-2017-2020'
>>> print(cypher_literal("it's a \\\\ test\\n"))
'it\\'s a \\\\ test\\n'
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx

from cjgraph.atomic import atomic_dir, atomic_file, stamp_text
from cjgraph.cells import csv_text, write_csv
from cjgraph.contract import LABELS, PROPERTIES, REL_PROPERTIES, RELATIONSHIPS, cypher_id, validate_graph
from cjgraph.errors import GraphError

__all__ = [
    "Neo4jRows",
    "rows_for_neo4j",
    "graph_properties",
    "SHARED",
    "BATCH_ROWS",
    "Statement",
    "plan_rows",
    "plan_batches",
    "iter_plan_batches",
    "schema_statements",
    "cypher_literal",
    "cypher_script",
    "write_neo4j_import",
    "write_cypher",
]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Neo4jRows:
    """Node rows per label (``{"id", "props"}``) and relationship rows per type
    (``{"source", "target", "props"}``), in a stable order."""

    nodes: dict[str, list[dict[str, Any]]]
    relationships: dict[str, list[dict[str, Any]]]


def _node_row(n: str, d: dict[str, Any]) -> dict[str, Any]:
    # "kind" is the label; the id is the node's id on an engine (a Plan's is its key: cypher_id);
    # a missing value ('' in the networkx graph) is no property at all, so null on every engine
    props = {k: d[k] for k in sorted(d) if k != "kind" and k != "id" and not _missing(d[k])}
    return {"id": cypher_id(n, d), "props": props}


def _rel_row(u: str, v: str, d: dict[str, Any], nodes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    props = {k: d[k] for k in sorted(d) if not _missing(d[k])}
    return {"source": cypher_id(u, nodes[u]), "target": cypher_id(v, nodes[v]), "props": props}


def graph_properties(name: str, props: dict[str, Any]) -> dict[str, Any]:
    """The properties of a node of label ``name`` (or a relationship of type ``name``) read back
    from an engine, as the networkx graph holds them: a text property of the contract the engine
    held as null (missing) is ``''`` again.

    >>> graph_properties("Action", {"ref": "A1"})["due"]
    ''
    """
    declared = PROPERTIES.get(name) or REL_PROPERTIES.get(name, {})
    return {**{k: "" for k, t in declared.items() if t is str and props.get(k) is None}, **props}


def _missing(value: Any) -> bool:
    """Whether a value of the networkx graph means "not known" (``''`` or ``None``): it becomes
    null in Cypher, never ``''`` (``WHERE a.due IS NULL`` finds every undated action)."""
    return value is None or value == ""


def _check_keys(keys: Iterable[str]) -> None:
    bad = sorted(k for k in set(keys) if not _IDENT.match(k))
    if bad:
        raise GraphError(f"property name {bad[0]!r} is not a plain identifier; cjgraph writes only those.")


def rows_for_neo4j(G: nx.MultiDiGraph) -> Neo4jRows:
    """Rows for a batched ``UNWIND $rows ... MERGE`` per label and relationship type."""
    validate_graph(G)  # every kind a label, every key a relationship type cjgraph writes
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n, d in sorted(G.nodes(data=True)):
        nodes[d["kind"]].append(_node_row(n, d))
    rels: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for u, v, k, d in sorted(_edges(G), key=lambda e: (e[2], e[0], e[1])):
        rels[k].append(_rel_row(u, v, d, G._node))
    _check_keys(k for rows in (*nodes.values(), *rels.values()) for r in rows for k in r["props"])
    return Neo4jRows(dict(nodes), dict(rels))


def _edges(G: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(source, target, type, properties) of every relationship: from networkx's own dicts
    (``G._adj[u][v][key]``), three times faster than ``G.edges`` on 22,000 relationships."""
    for u, targets in G._adj.items():
        for v, keyed in targets.items():
            for k, d in keyed.items():
                yield u, v, k, d


SHARED = ""  # the "plan" of shared nodes, and the name of the push step that writes them
# nodes or relationships per UNWIND statement (benchmarks/push.py on Neo4j 5.26: 1,000 to 10,000
# rows a statement all within a few per cent of each other; one row a statement 20-40 times slower)
BATCH_ROWS = 5000


def schema_statements() -> list[str]:
    """A uniqueness constraint on ``id`` (MERGE and MATCH by id use its index) and an index on
    ``plan`` (a plan's nodes are deleted by it) for every label.

    >>> schema_statements()[0]
    'CREATE CONSTRAINT cjgraph_partnership_id IF NOT EXISTS FOR (n:Partnership) REQUIRE n.id IS UNIQUE'
    """
    return [
        f"CREATE CONSTRAINT cjgraph_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in LABELS
    ] + [f"CREATE INDEX cjgraph_{label.lower()}_plan IF NOT EXISTS FOR (n:{label}) ON (n.plan)" for label in LABELS]


@dataclass(frozen=True)
class Statement:
    """One batched statement: its Cypher text, its parameters (``$rows0``, ``$rows1``...: a list
    of rows each) and how many nodes or relationships they hold."""

    text: str
    params: dict[str, list[dict[str, Any]]]
    count: int


def plan_batches(G: nx.MultiDiGraph, *, batch_rows: int = BATCH_ROWS) -> dict[str, list[Statement]]:
    """The statements of a push, per step (a transaction each): ``SHARED`` first, then each
    plan (pure; no server).

    A plan's step holds its own nodes (those whose ``plan`` property is its id), the shared nodes
    they link to (its partnership, the national partners, outcomes and needs it names: MERGEd
    again, which changes nothing when they are there) and every relationship touching them, so a
    plan whose push fails leaves nothing of itself behind. The ``SHARED`` step holds the shared
    nodes no plan links to, and the relationships between shared nodes no single plan holds
    both ends of. Relationships of a type are sent grouped by the end they share most (an
    action's ``PART_OF`` its plan: the plan id once, then the actions' ids). A statement holds
    one ``UNWIND`` part per label or relationship type (joined by ``WITH count(*) AS _``), at
    most ``batch_rows`` nodes and relationships in all: a plan of the usual size is one statement,
    so a push costs a round trip or two per plan, not one per label and type.

    >>> from cjgraph.examples import example_path
    >>> from cjgraph.loading import load
    >>> steps = plan_batches(load(example_path("midlothian-2017-2020")))
    >>> list(steps)
    ['midlothian-2017-2020']
    >>> (statement,) = steps["midlothian-2017-2020"]
    >>> print("\\n".join(statement.text.splitlines()[:3]))  # doctest: +ELLIPSIS
    UNWIND $rows0 AS row MERGE (n:Action {id: row.id}) SET n.`due` = row.props.`due`, ...
    WITH count(*) AS _
    UNWIND $rows1 AS row MERGE (n:Assessment {id: row.id}) SET n.`evidence` = row.props.`evidence`, ...
    >>> part_of = [line for line in statement.text.splitlines() if ":PART_OF" in line][0]
    >>> print(part_of.replace(" MERGE", "\\n MERGE"))
    UNWIND $rows19 AS row MATCH (e:Plan {id: row.key}) UNWIND row.ends AS x MATCH (s:Action {id: x})
     MERGE (s)-[r:PART_OF]->(e)
    >>> len(statement.params["rows19"]), statement.count
    (1, 1715)
    """
    return dict(iter_plan_batches(G, batch_rows=batch_rows))


def iter_plan_batches(
    G: nx.MultiDiGraph, *, batch_rows: int = BATCH_ROWS, fresh: Iterable[str] = ()
) -> Iterator[tuple[str, list[Statement]]]:
    """:func:`plan_batches` one step at a time: the graph is checked now, each step's statements
    built only when asked for.

    A plan in ``fresh`` is one the server does not hold (nor any node of it): its own nodes, and
    the relationships touching them, are CREATEd rather than MERGEd (no lookup first: a third
    less of the server's work); the shared nodes it uses are MERGEd as always."""
    return _batches(_steps(G), batch_rows, frozenset(fresh))


def _batches(
    steps: Iterator[tuple[str, Step]], batch_rows: int, fresh: frozenset[str]
) -> Iterator[tuple[str, list[Statement]]]:
    for plan, (nodes, rels) in steps:
        own = _own(plan, nodes) if plan in fresh else set()
        parts: list[tuple[str, list[dict[str, Any]], int]] = []
        for label, items in nodes.items():
            by_keys: dict[tuple[tuple[str, ...], str], list[dict[str, Any]]] = {}
            for r in items:  # every property of the label set: null where the plan has no value
                keys = tuple(sorted({*PROPERTIES[label], *r["props"]}))
                row = {"id": r["id"], "props": {k: r["props"].get(k) for k in keys}}
                by_keys.setdefault((keys, "CREATE" if r["id"] in own else "MERGE"), []).append(row)
            for (keys, verb), group in by_keys.items():
                text = f"UNWIND $rows AS row {verb} (n:{label} {{id: row.id}})" + _set("n", "row", keys)
                parts += _split(text, [(None, r) for r in group], batch_rows)
        for kind, items in rels.items():
            new = [r for r in items if r["source"] in own or r["target"] in own]
            old = [r for r in items if not (r["source"] in own or r["target"] in own)]
            for verb, group in (("CREATE", new), ("MERGE", old)):
                if group:
                    parts += _split(*_grouped(kind, group, verb), batch_rows)
        yield plan, list(_pack(parts, batch_rows))


def _own(plan: str, nodes: dict[str, list[dict[str, Any]]]) -> set[str]:
    """The ids of a step's own nodes (those of its plan, not the shared ones it uses)."""
    return {r["id"] for items in nodes.values() for r in items if r["props"].get("plan") == plan}


def _pack(parts: list[tuple[str, list[dict[str, Any]], int]], batch_rows: int) -> Iterator[Statement]:
    """Consecutive parts (text, rows, count) joined into statements of at most ``batch_rows``."""
    group: list[tuple[str, list[dict[str, Any]], int]] = []
    for part in parts:
        if group and sum(p[2] for p in group) + part[2] > batch_rows:
            yield _joined(group)
            group = []
        group.append(part)
    if group:
        yield _joined(group)


def _joined(parts: list[tuple[str, list[dict[str, Any]], int]]) -> Statement:
    texts = [text.replace("$rows ", f"$rows{k} ", 1) for k, (text, _, _) in enumerate(parts)]
    return Statement(
        "\nWITH count(*) AS _\n".join(texts),
        {f"rows{k}": rows for k, (_, rows, _) in enumerate(parts)},
        sum(count for _, _, count in parts),
    )


RelKind = tuple[str, str, str, tuple[str, ...]]  # type, source label, target label, property names
Step = tuple[dict[str, list[dict[str, Any]]], dict[RelKind, list[dict[str, Any]]]]


def plan_rows(G: nx.MultiDiGraph) -> dict[str, Step]:
    """The rows of each push step (``SHARED``, then each plan, as :func:`plan_batches` says):
    node rows (as :func:`rows_for_neo4j`'s) per label, relationship rows per type, the labels of
    their ends and their property names."""
    return dict(_steps(G))


def _steps(G: nx.MultiDiGraph) -> Iterator[tuple[str, Step]]:
    """:func:`plan_rows` one step at a time: the graph is checked and which nodes and
    relationships each step holds worked out at once (a pass over the ids: a graph cjgraph
    cannot write is refused before anything is written), each step's rows only when asked for,
    so a push builds the next plan's rows while the server writes the last one."""
    validate_graph(G)
    keys: set[str] = set()
    owner: dict[str, str] = {}
    for n, d in G._node.items():
        owner[n] = d.get("plan", "") or SHARED
        keys.update(d)
    own: dict[str, list[str]] = defaultdict(list)
    for n, plan in owner.items():
        own[plan].append(n)
    holds: dict[str, set[str]] = defaultdict(set)  # the shared nodes each plan's step holds
    rels: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    between_shared: list[tuple[str, str, str]] = []
    for u, v, k, d in _edges(G):
        keys.update(d)
        a, b = owner[u], owner[v]
        if a and b and a != b:
            raise GraphError(f"relationship {u} -{k}-> {v} joins two plans; cjgraph keeps plans apart.")
        if not (a or b):
            between_shared.append((u, v, k))
            continue
        plan = a or b
        if not a:
            holds[plan].add(u)
        if not b:
            holds[plan].add(v)
        rels[plan].append((u, v, k))
    _check_keys(keys)
    plans = sorted(set(own) - {SHARED})
    for u, v, k in between_shared:
        both = [p for p in plans if u in holds[p] and v in holds[p]] or [SHARED]
        for plan in both:
            rels[plan].append((u, v, k))
        if both == [SHARED]:
            holds[SHARED] |= {u, v}
    held = set().union(*holds.values())
    holds[SHARED] |= {n for n in own[SHARED] if n not in held}
    return _step_rows(G, [SHARED, *plans], own, holds, rels)


def _step_rows(
    G: nx.MultiDiGraph,
    steps: list[str],
    own: dict[str, list[str]],
    holds: dict[str, set[str]],
    rels: dict[str, list[tuple[str, str, str]]],
) -> Iterator[tuple[str, Step]]:
    for plan in steps:
        nodes = sorted(holds[plan]) if plan == SHARED else sorted([*own[plan], *holds[plan]])
        if not nodes and not rels[plan]:
            continue
        data, adj = G._node, G._adj  # networkx's own dicts: its views cost more than the rows
        node_rows: dict[str, list[dict[str, Any]]] = {}
        for n in nodes:
            node_rows.setdefault(data[n]["kind"], []).append(_node_row(n, data[n]))
        rel_rows: dict[RelKind, list[dict[str, Any]]] = {}
        for u, v, k in sorted(rels[plan], key=lambda e: (e[2], e[0], e[1])):
            row = _rel_row(u, v, adj[u][v][k], data)
            kind = (k, data[u]["kind"], data[v]["kind"], tuple(sorted({*REL_PROPERTIES.get(k, {}), *row["props"]})))
            rel_rows.setdefault(kind, []).append(row)
        yield plan, (dict(sorted(node_rows.items())), rel_rows)


def _set(var: str, row: str, keys: tuple[str, ...]) -> str:
    """`` SET n.`a` = row.props.`a`, ...``: each property named (``SET n += row.props`` would make
    Neo4j hold every row back before the next part reads ids: an Eager step per part). Every
    property of the contract is in the rows, null where the plan has no value: a value gone from
    the plan goes from the server, and an older push's ``''`` for a missing value becomes null."""
    return (" SET " + ", ".join(f"{var}.`{k}` = {row}.props.`{k}`" for k in keys)) if keys else ""


def _grouped(kind: RelKind, items: list[dict[str, Any]], verb: str = "MERGE") -> tuple[str, list[tuple[Any, Any]]]:
    """The statement for one relationship type between two labels, and its (key, end) units
    keyed by the end fewer ids repeat on."""
    rel, source, target, props = kind
    assert rel in RELATIONSHIPS and source in LABELS and target in LABELS
    by_source = len({r["source"] for r in items}) <= len({r["target"] for r in items})
    near, far = ("source", "target") if by_source else ("target", "source")
    (a, la), (b, lb) = (("s", source), ("e", target)) if by_source else (("e", target), ("s", source))
    end = "x.id" if props else "x"
    text = (
        f"UNWIND $rows AS row MATCH ({a}:{la} {{id: row.key}}) UNWIND row.ends AS x MATCH ({b}:{lb} {{id: {end}}}) "
        f"{verb} (s)-[r:{rel}]->(e)" + _set("r", "x", props)
    )
    units = sorted(
        ((r[near], {"id": r[far], "props": {k: r["props"].get(k) for k in props}} if props else r[far]) for r in items),
        key=lambda u: u[0],
    )
    return text, units


def _split(text: str, units: list[tuple[Any, Any]], batch_rows: int) -> Iterator[tuple[str, list[dict[str, Any]], int]]:
    """Batches of at most ``batch_rows`` units: ``(None, row)`` for a node, ``(key, end)`` for a
    relationship (rows ``{"key", "ends"}`` gather the ends of a key); (text, rows, units) each."""
    rows: list[dict[str, Any]] = []
    count = 0
    for key, item in units:
        if rows and count >= batch_rows:
            yield text, rows, count
            rows, count = [], 0
        if key is not None and rows and rows[-1]["key"] == key:
            rows[-1]["ends"].append(item)
        else:
            rows.append(item if key is None else {"key": key, "ends": [item]})
        count += 1
    if rows:
        yield text, rows, count


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a string, number, boolean, null, list or map (strings fully escaped)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + "".join(_ESCAPES.get(ch) or _escaped(ch) for ch in value) + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise GraphError(f"cannot write {type(value).__name__} value {value!r} as a Cypher literal.")


_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(ch: str) -> str:
    """A character of a Cypher string: a control or line separator as ``\\uXXXX``, else itself."""
    if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
        return f"\\u{ord(ch):04x}"
    return ch


def _key(name: str) -> str:
    if not _IDENT.match(name):
        raise GraphError(f"property name {name!r} is not a plain identifier.")
    return name


def cypher_script(G: nx.MultiDiGraph, *, batch: int = 500) -> str:
    """A script for Neo4j Browser: the statements of a push (:func:`plan_batches`), with each
    batch's rows written in as a literal in place of ``$rows``."""
    lines = [
        "// cjgraph: the plan graph for Neo4j. Paste into Neo4j Browser (multi-statement) or run with cypher-shell.",
        "// Running it twice changes nothing: nodes and relationships are MERGEd on their ids.",
        *(f"{s};" for s in schema_statements()),
    ]
    for statements in plan_batches(G, batch_rows=batch).values():
        for st in statements:
            values = {f"${name}": cypher_literal(rows) for name, rows in st.params.items()}
            lines.append(re.sub(r"\$rows\d+\b", partial(_value_of, values), st.text) + ";")
    return "\n".join(lines) + "\n"


def _value_of(values: dict[str, str], m: re.Match[str]) -> str:
    return values[m.group()]


def write_cypher(G: nx.MultiDiGraph, out: str | Path, *, force: bool = False) -> Path:
    """Write :func:`cypher_script` to a file (atomically; an existing file only when cjgraph wrote
    it as a script and it is unchanged, or with ``force``)."""
    out = Path(out)
    text = stamp_text(cypher_script(G), "cypher", "// {}")
    with atomic_file(out, kind="cypher", force=force) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out


_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def write_neo4j_import(G: nx.MultiDiGraph, out: str | Path, *, force: bool = False) -> Path:
    """Write ``nodes-<Label>.csv`` and ``relationships-<TYPE>.csv`` for ``neo4j-admin database import``.

    Headers carry the types (``id:ID``, ``:LABEL``, ``share:double``, ``statutory:boolean``,
    ``:START_ID``, ``:END_ID``, ``:TYPE``); ``import.txt`` holds the command to run. A text that
    begins like a spreadsheet formula is written with a leading ``'`` (:mod:`cjgraph.cells`), so
    opening a file in Excel runs nothing; ``restore.cypher``, written when there are such texts,
    sets them back to the plan's own text once imported (``import.txt`` says so).
    """
    out = Path(out)
    rows = rows_for_neo4j(G)
    restore: list[str] = []
    with atomic_dir(out, kind="neo4j-import", force=force) as folder:
        args = []
        for label, items in rows.nodes.items():
            name = f"nodes-{label}.csv"
            _write_table(folder / name, ["id:ID", ":LABEL"], items, lambda r, label=label: [r["id"], label])
            args.append(f"--nodes={label}={name}")
            restore += _restore(f"MATCH (x:{label} {{id: %(id)s}})", items, lambda r: {"id": r["id"]})
        for rel, items in rows.relationships.items():
            name = f"relationships-{rel}.csv"
            _write_table(
                folder / name,
                [":START_ID", ":END_ID", ":TYPE"],
                items,
                lambda r, rel=rel: [r["source"], r["target"], rel],
            )
            args.append(f"--relationships={rel}={name}")
            restore += _restore(
                f"MATCH ({{id: %(source)s}})-[x:`{rel}`]->({{id: %(target)s}})",
                items,
                lambda r: {"source": r["source"], "target": r["target"]},
            )
        note = ""
        if restore:
            (folder / "restore.cypher").write_text("\n".join(restore) + "\n", encoding="utf-8")
            note = (
                f"\nThen run restore.cypher (cypher-shell -f restore.cypher): {len(restore)} texts begin like a "
                "spreadsheet formula and are written in the CSVs with a leading ' so that Excel runs nothing;\n"
                "it sets them back to the plan's own text.\n"
            )
        (folder / "import.txt").write_text(
            "neo4j-admin database import full neo4j \\\n  " + " \\\n  ".join(args) + "\n" + note, encoding="utf-8"
        )
    return out


def _write_table(path: Path, head: list[str], items: list[dict[str, Any]], lead: Any) -> None:
    """One import CSV: the fixed columns ``head`` (values from ``lead(row)``), then typed properties."""
    cols = sorted({k for r in items for k in r["props"]})
    with path.open("w", newline="", encoding="utf-8") as fh:
        write_csv(
            fh,
            [
                [*head, *(f"{c}:{_type(items, c)}" for c in cols)],
                *([*lead(r), *(_csv(r["props"].get(c, "")) for c in cols)] for r in items),
            ],
        )


def _restore(match: str, items: list[dict[str, Any]], keys: Any) -> list[str]:
    """``SET`` statements giving back the texts :func:`write_csv` neutralised in these rows."""
    out = []
    for r in items:
        for prop, value in sorted(r["props"].items()):
            if isinstance(value, str) and csv_text(value) != value:
                where = match % {k: cypher_literal(v) for k, v in keys(r).items()}
                out.append(f"{where} SET x.`{prop}` = {cypher_literal(value)};")
    return out


def _type(items: list[dict[str, Any]], col: str) -> str:
    kinds = {_TYPES.get(type(r["props"][col]), "string") for r in items if col in r["props"]}
    return kinds.pop() if len(kinds) == 1 else "string"


def _csv(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, list | dict) else str(value)
