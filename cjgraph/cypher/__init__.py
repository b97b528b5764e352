"""Cypher on the plan graph, on either engine: the embedded engine (``ladybug``, in memory, no
server) and Neo4j over Bolt, with one query library, one answer shape and one set of checks.

- :mod:`~cjgraph.cypher.library`: the queries of ``queries/cypher``, and :func:`run_query`,
  which runs one (or any Cypher) on either engine as ``cjgraph cypher`` does.
- :mod:`~cjgraph.cypher.dialect`: Neo4j's Cypher as the embedded engine reads it.
- :mod:`~cjgraph.cypher.embedded`: :class:`EmbeddedCypher`, the graph in ladybug.
- :mod:`~cjgraph.cypher.neo4j`: connect, push (a transaction per plan), pull, run on a server.
- :mod:`~cjgraph.cypher.rows`: the graph as rows and batched statements (pure), and the
  exports for ``neo4j-admin`` and Neo4j Browser.
- :mod:`~cjgraph.cypher.answer`: columns, rows, and nodes, relationships and paths as values.
- :mod:`~cjgraph.cypher.guard`: the checks before a query runs (writes, files, names) and an
  engine's error as one sentence.
- :mod:`~cjgraph.cypher.schema`: what a graph holds, with counts.
- :mod:`~cjgraph.cypher.engine`: :class:`CypherEngine`, what both engines are to whoever asks.
"""

from cjgraph.cypher.answer import Answer, Node, Path, Relationship
from cjgraph.cypher.engine import CypherEngine
from cjgraph.cypher.library import CypherQuery, list_queries, load_query, run_query
from cjgraph.cypher.schema import Schema, SchemaRow

__all__ = [
    "Answer",
    "CypherEngine",
    "Node",
    "Path",
    "Relationship",
    "CypherQuery",
    "list_queries",
    "load_query",
    "run_query",
    "Schema",
    "SchemaRow",
]
