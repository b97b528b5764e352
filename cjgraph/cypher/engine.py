"""What an engine that answers Cypher is, for whoever asks: the embedded engine
(:class:`~cjgraph.cypher.embedded.EmbeddedCypher`) and a Neo4j server
(:class:`~cjgraph.cypher.neo4j.Server`) both are one, and the command line asks either the
same way. The type checker holds both to it.
"""

from __future__ import annotations

from typing import Protocol

from cjgraph.cypher.answer import Answer
from cjgraph.cypher.schema import Schema

__all__ = ["CypherEngine"]


class CypherEngine(Protocol):
    """Runs a checked Cypher query (values only as parameters) and says what its graph holds."""

    #: whether the engine is a Neo4j server (Neo4j's Cypher as written), not the embedded engine
    on_server: bool

    def run(self, query: str, params: dict[str, object] | None = None, *, write: bool = False) -> Answer:
        """The query's answer; refused (a :class:`~cjgraph.errors.CypherError`) when it would read
        or write a file, or change the graph without ``write``."""
        ...

    def schema(self) -> Schema:
        """The labels, relationship types and properties of the engine's graph, with counts."""
        ...
