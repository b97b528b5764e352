"""A library query's parameters read as the questions read them: ``$partner`` is a partner as a
person names it (any spelling, alias or registry abbreviation: "SPS", "Children&Families"), not
only its exact name, on either engine. A name that matches no partner is refused with the
nearest ones, never answered with an empty table.

>>> from cjgraph.cypher.embedded import EmbeddedCypher
>>> from cjgraph.examples import tiny_graph
>>> engine = EmbeddedCypher(tiny_graph())
>>> partner_name(engine, "police  scotland")
'Police Scotland'
>>> partner_name(engine, "Polise Scotland")
Traceback (most recent call last):
...
cjgraph.errors.UsageError: no partner named 'Polise Scotland' in the graph (did you mean 'Police Scotland'?).
"""

from __future__ import annotations

from cjgraph.cypher.engine import CypherEngine
from cjgraph.errors import UsageError
from cjgraph.names import did_you_mean, fold

__all__ = ["partner_name", "library_params"]

_PARTNERS = "MATCH (p:Partner) RETURN DISTINCT p.name AS name, p.aliases AS aliases ORDER BY name"


def partner_name(engine: CypherEngine, name: str) -> str:
    """The name of the engine's partner that ``name`` means: its name or an alias (folded), or
    a registry body's canonical name or abbreviation."""
    from cjgraph.framework import registry_entry

    rows = engine.run(_PARTNERS).rows
    body = registry_entry(name)
    wanted = {fold(name)} | ({fold(body.canonical)} if body else set())
    for found, aliases in rows:
        if any(fold(n) in wanted for n in [found, *str(aliases or "").split(" | ")] if n):
            return str(found)
    raise UsageError(f"no partner named {name!r} in the graph{did_you_mean(name, [r[0] for r in rows])}.")


def library_params(engine: CypherEngine, declared: str, values: dict[str, object]) -> dict[str, object]:
    """``values`` with a library query's ``$partner`` (when ``declared`` in its params) read as
    :func:`partner_name` reads it."""
    partner = values.get("partner")
    if "$partner" in declared and isinstance(partner, str) and partner:
        return {**values, "partner": partner_name(engine, partner)}
    return values
