"""The query library of ``queries/cypher``: every ``.cypher`` file opens with
``// name: what it answers`` and ``// params: ...``; a file ``NAME.ladybug.cypher`` beside it,
where present, is the variant the embedded engine needs.

>>> [q.name for q in list_queries()][:2]
['action_without_date', 'action_without_indicator']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from cjgraph.cypher.answer import Answer
from cjgraph.cypher.engine import CypherEngine
from cjgraph.errors import UsageError

__all__ = ["CypherQuery", "list_queries", "load_query", "query_text", "run_query"]


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
        known = ", ".join(q.name for q in list_queries())
        raise UsageError(f"no query {name!r} in the library; the queries are {known}.")
    text = path.read_text(encoding="utf-8")
    head = [ln[2:].strip() for ln in text.splitlines() if ln.startswith("//")]
    description = head[0].split(":", 1)[1].strip() if head and ":" in head[0] else ""
    params = next((h.split(":", 1)[1].strip() for h in head if h.startswith("params:")), "")
    variant = folder.joinpath(f"{name}.ladybug.cypher")
    return CypherQuery(
        name, description, params, text, variant.read_text(encoding="utf-8") if variant.is_file() else text
    )


def query_text(query: str, *, on_server: bool) -> tuple[str, dict[str, str], str]:
    """What a QUERY a person gave means: its text, the parameters it defaults, and the params it
    declares (a library query's header; ``""`` otherwise). QUERY is the name of a library query
    (its Neo4j text on a server, its embedded variant otherwise), a ``.cypher`` file, or Cypher
    text as it is.

    >>> text, defaults, declared = query_text("chains", on_server=True)
    >>> text.startswith("//"), defaults, "$start" in declared
    (True, {'plan': '', 'start': ''}, True)
    >>> query_text("MATCH (p:Partner) RETURN p.name", on_server=False)
    ('MATCH (p:Partner) RETURN p.name', {}, '')
    """
    from pathlib import Path

    path = Path(query)
    if path.suffix == ".cypher" and path.is_file():
        return path.read_text(encoding="utf-8"), {}, ""
    if query.replace("_", "").isalpha() and query.islower() and not path.suffix:
        q = load_query(query)
        return (q.text if on_server else q.embedded_text), q.defaults, q.params
    return query, {}, ""


def run_query(engine: CypherEngine, query: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Answer:
    """Run a QUERY as a person gives it (:func:`query_text`: a library query's name, a ``.cypher``
    file or Cypher text) on either engine, as ``cjgraph cypher`` runs it: a library query in its
    text for that engine, its parameters defaulted as its header says and ``$partner`` read as
    the questions read a partner (:func:`~cjgraph.cypher.params.library_params`: "SPS" is the
    Scottish Prison Service).

    >>> from cjgraph.cypher.embedded import EmbeddedCypher
    >>> from cjgraph.examples import example_path
    >>> from cjgraph.loading import load
    >>> engine = EmbeddedCypher(load(example_path("midlothian-2017-2020")))
    >>> run_query(engine, "impact", {"partner": "SPS"}).rows[0][:2]
    ['midlothian-2017-2020', 'Scottish Prison Service']
    """
    from cjgraph.cypher.params import library_params

    text, defaults, declared = query_text(query, on_server=engine.on_server)
    return engine.run(text, library_params(engine, declared, {**defaults, **(params or {})}), write=write)
