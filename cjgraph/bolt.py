"""The plan graph on a Neo4j server (or any Bolt server): push, pull and Cypher, with the
official ``neo4j`` driver.

Connection settings come from ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (the command line may override all but the password, which is never an
argument and never appears in an error message).

A push writes, in this order: uniqueness constraints on ``id`` and indexes on ``plan`` for every
label; the shared nodes (national outcomes, needs, national partners, partnerships) and the
relationships between them; then each plan in **one transaction** of batched
``UNWIND $rows AS row MERGE ...`` statements per label and relationship type (relationships
grouped by the end they share), so a failure half-way leaves that plan as it was. Nodes
and relationships are MERGEd on ``id`` (relationships on their two ends and type), so pushing
the same plan again changes no counts; ``replace=True`` first deletes the plan's own nodes
(those whose ``plan`` property is its id) with their relationships. Labels and relationship
types come from the whitelist of :mod:`cjgraph.graph`; every value travels as a parameter.

Servers that only look like Neo4j. FalkorDB's Bolt server (the test server of DESIGN §7) says it
is "Neo4j/5.13.0" but splices parameter values into the query text unescaped (a value with a
quote fails; ``x' RETURN 1 //`` runs as Cypher), renders floats with six decimals, crashes on
a statement of more than 4 KB once spliced, and knows no ``CREATE CONSTRAINT``. :func:`connect`
finds this out with one harmless probe (``RETURN $probe``) and then escapes every string itself,
keeps each batch under 4 KB, and creates indexes instead of constraints. Its transactions do
nothing (a failed push is not rolled back there).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from cjgraph.cypher_engine import Answer
from cjgraph.errors import ServerError, require
from cjgraph.graph import LABELS, RELATIONSHIPS, PlanGraph
from cjgraph.neo4j_rows import SHARED, Statement, plan_batches, plan_rows, schema_statements

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

_PROBE = "a\\'b"  # a faithful server returns it as sent; a splicing one returns "a'b"
_SPLICED_LIMIT = 4096  # FalkorDB's buffer for a statement with its parameters spliced in
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


class Server:
    """An open connection to a Bolt server (use :func:`connect`; close it, or use ``with``)."""

    def __init__(self, settings: Settings, *, timeout: float = 5.0) -> None:
        neo4j: Any = require("neo4j", "talking to Neo4j", "pip install 'cjgraph[neo4j]'")
        self.settings = settings
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
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as e:
            raise ServerError(f"{settings.uri!r} is not a server address cjgraph can use: {self._clean(e)}") from None
        self.splices_parameters = False
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
        """Reach the server (one retry: some servers drop the first handshake) and probe how it
        treats parameters."""
        for attempt in (1, 2):
            try:
                with self.session() as s:
                    got = s.run("RETURN $probe AS probe", probe=_PROBE).single()
                break
            except self._neo4j.exceptions.ServiceUnavailable as e:
                if attempt == 2:
                    raise ServerError(f"cannot reach a Bolt server at {self.settings.uri}: {self._clean(e)}") from None
            except self._neo4j.exceptions.AuthError:
                raise ServerError(
                    f"the server at {self.settings.uri} refused user {self.settings.user!r}: "
                    "check NEO4J_USERNAME and NEO4J_PASSWORD."
                ) from None
            except self._neo4j.exceptions.Neo4jError as e:
                raise ServerError(f"the server at {self.settings.uri} failed a test query: {self._clean(e)}") from None
            except (self._neo4j.exceptions.DriverError, OSError) as e:  # TLS, a dropped connection
                raise ServerError(f"cannot talk to a Bolt server at {self.settings.uri}: {self._clean(e)}") from None
        self.splices_parameters = got is None or got["probe"] != _PROBE

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
    def session(self) -> Iterator[Any]:
        # no database name unless one is given: the server's default (FalkorDB must never get one)
        with self.driver.session(database=self.settings.database) as s:
            yield s

    def value(self, value: Any) -> Any:
        """A parameter value as this server needs it (strings escaped for a splicing server)."""
        if not self.splices_parameters:
            return value
        if isinstance(value, str):
            return value.replace("\\", "\\\\").replace("'", "\\'")
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value

    def run(self, query: str, params: dict[str, Any] | None = None) -> Answer:
        """Run one query in its own transaction; the columns and rows it returned."""
        try:
            with self.session() as s:
                result = s.run(query, {k: self.value(v) for k, v in (params or {}).items()})
                records = list(result)
                columns = list(result.keys())
        except self._neo4j.exceptions.Neo4jError as e:
            raise ServerError(f"the server could not run the query: {self._clean(e)}") from None
        except self._neo4j.exceptions.DriverError as e:
            raise ServerError(f"lost the server at {self.settings.uri}: {self._clean(e)}") from None
        return Answer(columns, [[_plain(v) for v in r.values()] for r in records])


def connect(settings: Settings, *, timeout: float = 5.0) -> Server:
    """Open a connection and check it (:class:`ServerError` with one sentence if it fails)."""
    return Server(settings, timeout=timeout)


def _plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships become their property maps."""
    if hasattr(value, "items") and hasattr(value, "element_id"):
        return dict(value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


# ---------------------------------------------------------------------------------------- push


def push(
    server: Server,
    G: nx.MultiDiGraph,
    *,
    replace: bool = False,
    batch_rows: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> PushReport:
    """Write the graph to the server (see the module docstring); ``progress(n)`` after each
    batch of ``n`` rows. Returns the server's counters summed."""
    steps = plan_batches(G, batch_rows=batch_rows, max_bytes=_SPLICED_LIMIT if server.splices_parameters else None)
    report = PushReport()
    for statement in schema_statements(constraints=not server.splices_parameters):
        try:
            _execute(server, None, statement, {}, report)
        except ServerError:
            if not server.splices_parameters:
                raise
            # FalkorDB: no CREATE CONSTRAINT, and "index already exists" is an error there
    for plan, statements in steps.items():
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
    """One transaction: the plan's nodes and relationships (after deleting its old ones)."""
    neo4j = server._neo4j
    what = f"plan {plan!r}" if plan else "the shared nodes"
    done = f" (plans before it were: {', '.join(report.plans)})" if report.plans else ""
    try:
        with server.session() as s:
            tx = s.begin_transaction()
            try:
                if replace:
                    for label in LABELS:
                        remove = f"MATCH (n:{label}) WHERE n.plan = $plan DETACH DELETE n"
                        _execute(server, tx, remove, {"plan": plan}, report)
                for st in statements:
                    _execute(server, tx, st.text, {"rows": st.rows}, report)
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


def _execute(server: Server, tx: Any, text: str, params: dict[str, Any], report: PushReport) -> None:
    neo4j = server._neo4j
    values = {k: server.value(v) for k, v in params.items()}
    try:
        if tx is None:
            with server.session() as s:
                counters = s.run(text, values).consume().counters
        else:
            counters = tx.run(text, values).consume().counters
    except neo4j.exceptions.Neo4jError as e:
        what = text.split(" MERGE")[0]
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
        for node_id, props in server.run(query).rows:  # nodes with no id are not cjgraph's
            props = {k: v for k, v in props.items() if k != "id"}
            if keep is not None and props.get("plan", "") not in keep:
                continue
            if label == "Plan":
                props["id"] = props.get("plan", "")
            G.add_node(node_id, kind=label, **props)
    for rel in RELATIONSHIPS:
        answer = server.run(f"MATCH (s)-[r:{rel}]->(e) RETURN s.id AS source, e.id AS target, properties(r) AS props")
        for source, target, props in answer.rows:
            if source in G and target in G:
                G.add_edge(source, target, key=rel, **props)
    return G


def counts(server: Server) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per cjgraph label and relationships per cjgraph type on the server."""
    nodes = {label: server.run(f"MATCH (n:{label}) RETURN count(n) AS c").rows[0][0] for label in LABELS}
    rels = {rel: server.run(f"MATCH ()-[r:{rel}]->() RETURN count(r) AS c").rows[0][0] for rel in RELATIONSHIPS}
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
