"""The compatibility corpus (tests/cypher_corpus.py) on the embedded engine and the test Neo4j:
each query gives the same rows on both, or is refused on the embedded engine with one sentence
saying it is not available there, or is refused on both; never a silent difference. And the
README's table says what the corpus shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cypher_corpus import CORPUS, END, NOT_AVAILABLE, REFUSED, SAME, START, Case, table

from cjgraph.errors import CypherError

pytest.importorskip("ladybug")


@pytest.fixture(scope="module")
def engines(neo4j_server: Any) -> Iterator[tuple[Any, Any]]:
    """The bundled examples, with their illustrative history, on Neo4j and on the embedded engine."""
    from cjgraph.cypher.embedded import EmbeddedCypher
    from cjgraph.cypher.neo4j import Settings, connect, push
    from cjgraph.examples import example_names, example_path
    from cjgraph.loading import load

    G = load(*[example_path(n) for n in example_names()])
    with connect(Settings(neo4j_server.uri, neo4j_server.user, neo4j_server.password)) as server:
        server.query("MATCH (n) DETACH DELETE n", write=True)
        push(server, G)
        engine = EmbeddedCypher(G)
        try:
            yield server, engine
        finally:
            engine.close()
            server.query("MATCH (n) DETACH DELETE n", write=True)


def _answer(engine: Any, case: Case) -> list[list[Any]] | CypherError:
    try:
        return engine.run(case.query, dict(case.params)).rows  # type: ignore[no-any-return]
    except CypherError as e:
        return e


@pytest.mark.parametrize("case", CORPUS, ids=[f"{k:02d}-{c.kind}" for k, c in enumerate(CORPUS)])
def test_the_query_means_the_same_on_both_engines(engines: tuple[Any, Any], case: Case) -> None:
    server, engine = engines
    on_neo4j, embedded = _answer(server, case), _answer(engine, case)
    if case.embedded == SAME:
        assert not isinstance(on_neo4j, CypherError), on_neo4j
        assert not isinstance(embedded, CypherError), embedded
        if "ORDER BY" not in case.query.rsplit("RETURN", 1)[1] or "UNION" in case.query:  # rows in no order
            on_neo4j, embedded = sorted(on_neo4j, key=repr), sorted(embedded, key=repr)
        assert embedded == on_neo4j, case.query
        assert on_neo4j, "a query of the corpus that answers nothing shows nothing"
    elif case.embedded == NOT_AVAILABLE:
        assert not isinstance(on_neo4j, CypherError), on_neo4j
        assert isinstance(embedded, CypherError) and "is not available on the embedded engine" in str(embedded)
        assert str(embedded).count(". ") == 0 and "Neo4j (--neo4j)" in str(embedded)
    else:
        assert case.embedded == REFUSED
        assert isinstance(on_neo4j, CypherError) and isinstance(embedded, CypherError)


def test_the_corpus_covers_what_analysts_write() -> None:
    kinds = {c.kind for c in CORPUS}
    assert len(CORPUS) >= 60
    assert kinds >= {"count", "paths", "aggregation", "ordering", "nulls", "parameters", "strings", "dates"}
    assert kinds >= {"subqueries", "errors", "not available"}
    typed = {type(v) for c in CORPUS for v in c.params.values()}
    assert typed >= {int, float, bool, list, str, type(None)}


def test_the_readme_table_is_the_corpus() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert START in readme and END in readme
    shown = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == table(), "run: python tests/cypher_corpus.py README.md"
