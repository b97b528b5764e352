"""The plan graph on a Neo4j server (or any Bolt server): push, pull and Cypher, with the
official ``neo4j`` driver.

Connection settings come from ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (the command line may override all but the password, which is never an
argument and never appears in an error message).

A push writes, in this order: uniqueness constraints on ``id`` and indexes on ``plan`` for every
label (those missing); what an older cjgraph wrote otherwise, brought up to date (a plan's id
``plan:<key>`` becomes its key, ``''`` for a missing value null: :class:`PushReport` says how
many); the shared nodes no plan uses (a framework's other outcomes); then each plan in **one
transaction**: its own nodes, the shared nodes it uses (its partnership, the national partners,
outcomes and needs it names) and their relationships, in batched ``UNWIND $rows AS row MERGE
...`` parts per label and relationship type (relationships grouped by the end they share; see
:func:`cjgraph.cypher.rows.plan_batches`), so a push that fails or is killed half-way leaves that
plan as it was. A thread builds the next plan's statements while the server writes one. Nodes
and relationships are MERGEd on ``id`` (relationships on their two ends and type), so pushing
the same plan again changes no counts; ``replace=True`` first deletes the plan's own nodes
(those whose ``plan`` property is its id) with their relationships. Labels and relationship
types come from the whitelist of :mod:`cjgraph.contract`; every value travels as a parameter.

A query given by a user (:meth:`Server.run`) is checked as on the embedded engine
(:mod:`cjgraph.cypher.guard`): no clause or procedure that reads or writes files (``LOAD CSV``,
APOC's), and one that changes the graph needs ``write=True``; then the server's own plan of it
(``EXPLAIN``) must hold no ``LoadCSV`` step and, without ``write``, be a reading query; it runs
otherwise in a read-only transaction, so the server itself refuses what the checks cannot see (a
procedure that writes); a label, type or property the server does not have gets a "did you mean". The driver's
notifications are turned off (they would clutter stderr), and an error is one sentence naming the
query's line.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from cjgraph.contract import LABELS, PROPERTIES, REL_PROPERTIES, RELATIONSHIPS, graph_id, plans_in
from cjgraph.cypher.answer import Answer, Node, Path, Relationship
from cjgraph.cypher.guard import check_query, engine_error, refuse_file_access
from cjgraph.cypher.rows import (
    BATCH_ROWS,
    SHARED,
    Statement,
    graph_properties,
    iter_plan_batches,
    plan_batches,
    plan_rows,
    schema_statements,
)
from cjgraph.cypher.schema import Schema
from cjgraph.errors import CypherError, ServerError, require
from cjgraph.graph import PlanGraph

__all__ = [
    "ServerError",
    "Settings",
    "Server",
    "PushReport",
    "Statement",
    "settings_from_env",
    "connect",
    "push",
    "pull",
    "plan_batches",
    "plan_rows",
    "counts",
    "graph_counts",
    "SHARED",
]

_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Settings:
    """Where and how to connect. ``password`` is never shown (not in ``repr`` either)."""

    uri: str
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None


def settings_from_env(
    uri: str | None = None, user: str | None = None, database: str | None = None, env: dict[str, str] | None = None
) -> Settings:
    """Settings from ``NEO4J_URI``/``NEO4J_USERNAME``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``,
    the arguments given overriding the environment.

    >>> settings_from_env(env={"NEO4J_URI": "bolt://db:7687", "NEO4J_PASSWORD": "s3cret"})
    Settings(uri='bolt://db:7687', user='neo4j', database=None)
    >>> settings_from_env(env={})
    Traceback (most recent call last):
    ...
    cjgraph.errors.ServerError: no server given: set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD) or use --uri.
    """
    env = dict(os.environ) if env is None else env
    uri = uri or env.get("NEO4J_URI", "")
    if not uri:
        raise ServerError("no server given: set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD) or use --uri.")
    return Settings(
        uri=uri,
        user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
        password=env.get("NEO4J_PASSWORD", ""),
        database=database or env.get("NEO4J_DATABASE") or None,
    )


@dataclass
class PushReport:
    """What a push did: plans written, and the server's own counters summed over the push."""

    plans: list[str] = field(default_factory=list)
    statements: int = 0
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    #: values an older cjgraph wrote as '' for "missing", now null (as every push writes them)
    blanks_nulled: int = 0
    #: plans an older cjgraph wrote with the id ``plan:<key>``, now ``<key>`` (as every node's ``plan``)
    plan_ids_changed: int = 0


class Server:
    """An open connection to a Bolt server (use :func:`connect`; close it, or use ``with``)."""

    def __init__(self, settings: Settings, *, timeout: float = 5.0) -> None:
        neo4j: Any = require("neo4j", "talking to Neo4j", "pip install 'cjgraph[neo4j]'")
        self.settings = settings
        self.on_server = True
        self._neo4j = neo4j
        scheme = settings.uri.partition("://")[0]
        if scheme not in _SCHEMES:
            raise ServerError(
                f"{settings.uri!r} is not a Neo4j address: use bolt://HOST:7687 or neo4j://HOST:7687 "
                "(bolt+s:// or neo4j+s:// for TLS)."
            )
        try:
            self.driver = neo4j.GraphDatabase.driver(
                settings.uri,
                auth=(settings.user, settings.password),
                connection_timeout=timeout,
                connection_acquisition_timeout=timeout,
                notifications_min_severity="OFF",  # "unknown label" and the like: cjgraph says it itself
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as e:
            raise ServerError(f"{settings.uri!r} is not a server address cjgraph can use: {self._clean(e)}") from None
        self._names: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
        try:
            self._check()
        except BaseException:
            self.driver.close()
            raise

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.driver.close()

    def _check(self) -> None:
        """Reach the server and log in, or say in one sentence why not."""
        errors = self._neo4j.exceptions
        try:
            with self.session() as s:
                s.run("RETURN 1").consume()
        except errors.ServiceUnavailable as e:
            raise ServerError(f"cannot reach a Bolt server at {self.settings.uri}: {self._clean(e)}") from None
        except errors.AuthError:
            raise ServerError(
                f"the server at {self.settings.uri} refused user {self.settings.user!r}: "
                "check NEO4J_USERNAME and NEO4J_PASSWORD."
            ) from None
        except errors.Neo4jError as e:  # no such database, and the like
            raise ServerError(f"the server at {self.settings.uri} failed a test query: {self._clean(e)}") from None
        except (errors.DriverError, OSError) as e:  # TLS, a dropped connection
            raise ServerError(f"cannot talk to a Bolt server at {self.settings.uri}: {self._clean(e)}") from None

    def _clean(self, error: BaseException) -> str:
        """An error's gist in one line, with the password (should a server echo it) removed."""
        text = (getattr(error, "message", None) or str(error) or type(error).__name__).strip()
        reason = re.search(r"\(reason (.*)\)\s*$", text)  # connection errors name the socket's reason last
        lines = text.splitlines()
        if reason:
            line = reason.group(1)
        elif lines:
            line = lines[-1] if lines[0].endswith(":") else lines[0]  # "Couldn't connect to X:" then why
        else:
            line = type(error).__name__
        if self.settings.password:
            line = line.replace(self.settings.password, "***")
        if len(line) > 300:  # a server may quote the whole statement back
            line = line[:299] + "…"
        return line.rstrip(".") + "."

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Any]:
        """A session on the database of the settings (the server's default when none is given);
        with ``write=False`` a read-only one, in which the server refuses any write."""
        mode = self._neo4j.WRITE_ACCESS if write else self._neo4j.READ_ACCESS
        with self.driver.session(database=self.settings.database, default_access_mode=mode) as s:
            yield s

    def query(self, query: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Answer:
        """Run cjgraph's own Cypher (no checks) in its own transaction; the columns and rows."""
        errors = self._neo4j.exceptions
        try:
            with self.session(write=write) as s:
                result = s.run(query, params or {})
                records = [r.values() for r in result]
                columns = list(result.keys())
                # a relationship returned without its nodes knows them only by the server's ids
                unknown = sorted({n.element_id for n in _ends(records) if n.get("id") is None})
                ids = dict(s.run(_IDS, ids=unknown).values()) if unknown else {}
        except errors.Neo4jError as e:
            if getattr(e, "code", "") == "Neo.ClientError.Statement.AccessMode":
                raise CypherError(
                    "the query changes the graph on the server; give --write to run it (it then changes the "
                    "server's data for good)."
                ) from None
            raise engine_error(query, self._clean(e), "Neo4j") from None
        except errors.DriverError as e:
            raise ServerError(f"lost the server at {self.settings.uri}: {self._clean(e)}") from None
        return Answer(columns, [[_plain(v, ids) for v in r] for r in records])

    def run(self, query: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Answer:
        """Run a user's Cypher: checked by its words (:mod:`cjgraph.cypher.guard`) and by the
        server's own plan of it (no file read, nothing written unless ``write``), then run in a
        read-only transaction unless ``write``."""
        refuse_file_access(query)
        _, given = check_query(query, params, write=write, names=self.names, effect=_ON_SERVER)
        self._check_plan(query, given, write=write)
        return self.query(query, given, write=write)

    def _check_plan(self, query: str, params: dict[str, Any], *, write: bool) -> None:
        """Refuse what the server's own plan of the query (``EXPLAIN``) shows reading a file
        (``LoadCSV``), or writing when ``write`` is not given (its query type is not ``r``)."""
        try:
            with self.session(write=False) as s:
                summary = s.run(f"EXPLAIN {query}", params).consume()
        except self._neo4j.exceptions.Neo4jError as e:
            raise engine_error(query, self._clean(e), "Neo4j") from None
        except self._neo4j.exceptions.DriverError as e:
            raise ServerError(f"lost the server at {self.settings.uri}: {self._clean(e)}") from None
        steps = _plan_steps(summary.plan or {})
        files = sorted(s for s in steps if s.split("@")[0] in _FILE_STEPS)
        if files:
            raise CypherError(
                f"the server would run the query with {files[0].split('@')[0]}, which reads files; cjgraph answers "
                "questions about the plans only (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CALL)."
            )
        if not write and summary.query_type not in ("r", None):
            raise CypherError(f"the query changes the graph on the server; give --write to run it {_ON_SERVER}.")

    def names(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """The labels and relationship types a query may name, each with the properties it may
        ask for: the server's (its property keys, shared by all) and cjgraph's own."""
        if self._names is None:
            labels = [r[0] for r in self.query("CALL db.labels() YIELD label RETURN label").rows]
            types = [r[0] for r in self.query("CALL db.relationshipTypes() YIELD relationshipType RETURN *").rows]
            keys = {r[0] for r in self.query("CALL db.propertyKeys() YIELD propertyKey RETURN *").rows}
            schema = Schema(dict.fromkeys(labels, 0), dict.fromkeys(labels, {}), dict.fromkeys(types, 0), {})
            known_labels, known_types = schema.names()
            self._names = (
                {k: v | keys for k, v in known_labels.items()},
                {k: v | keys for k, v in known_types.items()},
            )
        return self._names

    def schema(self) -> Schema:
        """Labels and relationship types with counts, the labels each type joins, and the
        properties of each with how many have them (not null)."""
        labels = dict(self.query("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*)").rows)
        label_props: dict[str, dict[str, int]] = {}
        having = "MATCH (n) UNWIND labels(n) AS l UNWIND keys(n) AS k RETURN l, k, count(*)"
        for label, key, n in self.query(having).rows:
            label_props.setdefault(label, {})[key] = n
        joins: dict[str, dict[tuple[str, str], int]] = {}
        for rel, a, b, n in self.query(
            "MATCH (a)-[r]->(b) UNWIND labels(a) AS la UNWIND labels(b) AS lb RETURN type(r), la, lb, count(*)"
        ).rows:
            joins.setdefault(rel, {})[(a, b)] = n
        types = dict(self.query("MATCH ()-[r]->() RETURN type(r), count(*)").rows)
        type_props: dict[str, dict[str, int]] = {}
        for rel, key, n in self.query("MATCH ()-[r]->() UNWIND keys(r) AS k RETURN type(r), k, count(*)").rows:
            type_props.setdefault(rel, {})[key] = n
        return Schema(labels, label_props, types, type_props, joins)


_ON_SERVER = "on the server (it then changes its data for good)"
_FILE_STEPS = frozenset({"LoadCSV"})


def _plan_steps(plan: dict[str, Any]) -> set[str]:
    """Every operator of a plan the driver gives (``{"operatorType": ..., "children": [...]}``)."""
    found = {str(plan.get("operatorType", ""))}
    for child in plan.get("children", []):
        found |= _plan_steps(child)
    return found


def connect(settings: Settings, *, timeout: float = 5.0) -> Server:
    """Open a connection and check it (:class:`ServerError` with one sentence if it fails)."""
    return Server(settings, timeout=timeout)


_IDS = "MATCH (n) WHERE elementId(n) IN $ids RETURN elementId(n), n.id"


def _ends(value: Any) -> Iterator[Any]:
    """The end nodes of every relationship in a driver value (rows, lists, maps, paths)."""
    if isinstance(value, list):
        for v in value:
            yield from _ends(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _ends(v)
    elif hasattr(value, "element_id") and hasattr(value, "type"):
        yield from (n for n in (value.start_node, value.end_node) if n is not None)


def _plain(value: Any, ids: dict[str, str]) -> Any:
    """Driver values as plain Python: nodes, relationships and paths as
    :mod:`~cjgraph.cypher.answer` values (a relationship's ends by cjgraph's id: from the node,
    or else ``ids``, the server's element ids to cjgraph's), dates and times as ISO text."""
    if hasattr(value, "nodes") and hasattr(value, "relationships"):  # a path
        return Path(tuple(_plain(n, ids) for n in value.nodes), tuple(_plain(r, ids) for r in value.relationships))
    if hasattr(value, "element_id") and hasattr(value, "labels"):  # a node
        return Node(tuple(sorted(value.labels)), dict(value.items()))
    if hasattr(value, "element_id") and hasattr(value, "type"):  # a relationship
        start, end = (
            None if n is None else n.get("id") or ids.get(n.element_id) for n in (value.start_node, value.end_node)
        )
        return Relationship(value.type, start, end, dict(value.items()))
    if isinstance(value, list):
        return [_plain(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, ids) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


# ---------------------------------------------------------------------------------------- push


def push(
    server: Server,
    G: nx.MultiDiGraph,
    *,
    replace: bool = False,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int], None] | None = None,
) -> PushReport:
    """Write the graph to the server (see the module docstring); ``progress(n)`` after each
    batch of ``n`` rows. Returns the server's counters summed."""
    report = PushReport()
    _ensure_schema(server, report)
    _upgrade(server, report)
    plans = plans_in(G)
    held = {r[0] for r in server.query("MATCH (p:Plan) WHERE p.id IN $plans RETURN p.id", {"plans": plans}).rows}
    fresh = set(plans) if replace else set(plans) - held  # (a replaced plan's nodes go first)
    steps = iter_plan_batches(G, batch_rows=batch_rows, fresh=fresh)  # a plan's rows are built when asked for
    # a thread builds the next plan's statements while the server writes this one's
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cjgraph-push") as builder:
        following = builder.submit(next, steps, None)
        while (step := following.result()) is not None:
            following = builder.submit(next, steps, None)
            plan, statements = step
            _push_step(server, plan, statements, replace and plan != SHARED, report, progress)
            if plan != SHARED:
                report.plans.append(plan)
    return report


def _push_step(
    server: Server,
    plan: str,
    statements: list[Statement],
    replace: bool,
    report: PushReport,
    progress: Callable[[int], None] | None,
) -> None:
    """One transaction: the plan's nodes and relationships (after deleting its old ones); a
    plan that is one statement is run as a transaction of its own."""
    neo4j = server._neo4j
    what = f"plan {plan!r}" if plan else "the shared nodes"
    done = f" (plans before it were: {', '.join(report.plans)})" if report.plans else ""
    try:
        with server.session() as s:
            if not replace and len(statements) == 1:  # a plan of the usual size: one statement,
                # run as a transaction of its own (all or nothing as well), a round trip fewer
                _execute(server, s, statements[0].text, dict(statements[0].params), report)
                if progress:
                    progress(statements[0].count)
                return
            tx = s.begin_transaction()
            try:
                if replace:
                    for label in LABELS:
                        remove = f"MATCH (n:{label}) WHERE n.plan = $plan DETACH DELETE n"
                        _execute(server, tx, remove, {"plan": plan}, report)
                for st in statements:
                    _execute(server, tx, st.text, dict(st.params), report)
                    if progress:
                        progress(st.count)
                tx.commit()
            except BaseException:
                if not tx.closed():
                    with suppress(neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError):
                        tx.rollback()
                raise
    except ServerError as e:
        raise ServerError(f"{what} was not pushed{done}: {e}") from None
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as e:  # at begin or commit
        raise ServerError(f"{what} was not pushed{done}: the server did not commit: {server._clean(e)}") from None


def _ensure_schema(server: Server, report: PushReport) -> None:
    """The constraints and indexes of :func:`schema_statements` the server lacks, created (one
    question for those it has: 18 statements took a tenth of a push)."""
    try:
        have = {r[0] for r in server.query("SHOW CONSTRAINTS YIELD name RETURN name").rows}
        have |= {r[0] for r in server.query("SHOW INDEXES YIELD name RETURN name").rows}
    except (CypherError, ServerError):  # a server that will not say: each made if not there
        have = set()
    for statement in schema_statements():
        if statement.split()[2] not in have:
            _execute(server, None, statement, {}, report)


_BLANKS = (
    "MATCH (n) WHERE n.id IS NOT NULL UNWIND [k IN keys(n) WHERE n[k] = ''] AS k UNWIND labels(n) AS l "
    "RETURN l, k, count(*) AS n UNION ALL "
    "MATCH ()-[r]->() UNWIND [k IN keys(r) WHERE r[k] = ''] AS k RETURN type(r) AS l, k, count(*) AS n"
)


def _upgrade(server: Server, report: PushReport) -> None:
    """What an older cjgraph wrote that this one writes otherwise, brought up to date on the whole
    server (in one transaction, before the plans): a plan's id ``plan:<key>`` becomes its key,
    ``''`` for a missing value becomes null. A graph an older cjgraph wrote has such plan ids, so
    a push looks no further when there are none (one query on the plans)."""
    old = "MATCH (p:Plan) WHERE p.id STARTS WITH 'plan:' AND p.plan IS NOT NULL"
    plans = server.query(f"{old} RETURN count(p)").rows[0][0]
    if not plans:
        return
    blanks = [
        (name, key, n)
        for name, key, n in server.query(_BLANKS).rows
        if (name in PROPERTIES or name in REL_PROPERTIES) and re.fullmatch(r"[A-Za-z_]\w*", key)
    ]
    statements = [f"{old} SET p.id = p.plan"] + [
        f"MATCH (n:{name}) WHERE n.`{key}` = '' SET n.`{key}` = null"
        if name in PROPERTIES
        else f"MATCH ()-[n:{name}]->() WHERE n.`{key}` = '' SET n.`{key}` = null"
        for name, key, _ in blanks
    ]
    with server.session() as s:
        tx = s.begin_transaction()
        for text in statements:
            _execute(server, tx, text, {}, report)
        tx.commit()
    report.blanks_nulled = sum(n for _, _, n in blanks)
    report.plan_ids_changed = plans


def _execute(server: Server, tx: Any, text: str, params: dict[str, Any], report: PushReport) -> None:
    """Run a statement in ``tx`` (a transaction; a session, where it is a transaction of its own;
    ``None``, a session opened for it), its counters added to ``report``."""
    neo4j = server._neo4j
    try:
        if tx is None:
            with server.session() as s:
                counters = s.run(text, params).consume().counters
        else:
            counters = tx.run(text, params).consume().counters
    except neo4j.exceptions.Neo4jError as e:
        what = text.split(" MERGE")[0].splitlines()[0]
        raise ServerError(f"the server refused a statement ({what}...): {server._clean(e)}") from None
    except neo4j.exceptions.DriverError as e:
        raise ServerError(f"lost the server at {server.settings.uri} during the push: {server._clean(e)}") from None
    report.statements += 1
    report.nodes_created += counters.nodes_created
    report.nodes_deleted += counters.nodes_deleted
    report.relationships_created += counters.relationships_created
    report.relationships_deleted += counters.relationships_deleted
    report.properties_set += counters.properties_set


# ---------------------------------------------------------------------------------------- pull


def pull(server: Server, plans: list[str] | None = None) -> PlanGraph:
    """Read the cjgraph labels and relationship types back into a graph (only ``plans`` and the
    shared nodes, if given). Push then pull gives an equal graph."""
    G = PlanGraph()
    keep = None if not plans else {SHARED, *plans}
    for label in LABELS:
        query = f"MATCH (n:{label}) WHERE n.id IS NOT NULL RETURN n.id AS id, properties(n) AS props"
        for cypher, props in server.query(query).rows:  # nodes with no id are not cjgraph's
            props = graph_properties(label, {k: v for k, v in props.items() if k != "id" and v is not None})
            if keep is not None and props.get("plan", "") not in keep:
                continue
            if label == "Plan":
                props["id"] = cypher
            G.add_node(graph_id(label, cypher), kind=label, **props)
    for rel in RELATIONSHIPS:
        answer = server.query(f"MATCH (s)-[r:{rel}]->(e) RETURN s:Plan, s.id, e:Plan, e.id, properties(r) AS props")
        for source_plan, source, target_plan, target, props in answer.rows:
            source = graph_id("Plan", source) if source_plan else source
            target = graph_id("Plan", target) if target_plan else target
            if source in G and target in G:
                G.add_edge(source, target, key=rel, **graph_properties(rel, props))
    return G


def counts(server: Server) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per cjgraph label and relationships per cjgraph type on the server."""
    nodes = {label: server.query(f"MATCH (n:{label}) RETURN count(n) AS c").rows[0][0] for label in LABELS}
    rels = {rel: server.query(f"MATCH ()-[r:{rel}]->() RETURN count(r) AS c").rows[0][0] for rel in RELATIONSHIPS}
    return nodes, rels


def graph_counts(G: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    """The same counts for a networkx graph."""
    nodes: dict[str, int] = defaultdict(int)
    rels: dict[str, int] = defaultdict(int)
    for _, kind in G.nodes(data="kind"):
        nodes[kind] += 1
    for _, _, k in G.edges(keys=True):
        rels[k] += 1
    return {label: nodes[label] for label in LABELS}, {rel: rels[rel] for rel in RELATIONSHIPS}
