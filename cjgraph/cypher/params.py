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

import json
import re
from pathlib import Path
from typing import Any

from cjgraph.cypher.engine import CypherEngine
from cjgraph.errors import UsageError
from cjgraph.names import did_you_mean, fold

__all__ = ["partner_name", "library_params", "read_param", "read_params_json"]

_INTEGER = re.compile(r"^[-+]?\d+$")
_FLOAT = re.compile(r"^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$")
_QUOTED = re.compile(r"""^(['"])(.*)\1$""", re.S)


def read_param(item: str) -> tuple[str, Any]:
    """A ``--param`` as cypher-shell and Neo4j Browser read a parameter's value: ``n=100`` an
    integer, ``x=1.5`` a float, ``flag=true`` a boolean, ``v=null`` null, ``ids=["a","b"]`` a
    list (``{...}`` a map), ``name='Police Scotland'`` (quoted) a string; any other word
    (``as_of=2018-04-01``, ``plan=fife-2023-2028``) a string as written; ``code:=007`` the text
    after ``:=`` as it is, always a string. The same value reaches either engine.

    >>> [read_param(p) for p in ("n=100", "x=1.5", "flag=TRUE", "ids=['a', 'b']", "as_of=2018-04-01", "code:=007")]
    [('n', 100), ('x', 1.5), ('flag', True), ('ids', ['a', 'b']), ('as_of', '2018-04-01'), ('code', '007')]

    Raises
    ------
    UsageError : not NAME=VALUE, or a list or map that is not one.
    """
    name, sep, value = item.partition("=")
    raw = name.endswith(":")
    name = name.removesuffix(":").strip()
    if not sep or not name.isidentifier():
        raise UsageError(f"--param {item!r} is not NAME=VALUE (NAME:=TEXT for text as it is).")
    return name, value if raw else _literal(name, value.strip())


def _literal(name: str, text: str) -> Any:
    if _INTEGER.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if text.lower() == "null":
        return None
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted.group(2)
    if text[:1] in "[{" and text:
        try:  # Cypher's single-quoted strings as JSON's double-quoted ones
            return json.loads(re.sub(r"'((?:[^'\\]|\\.)*)'", lambda m: json.dumps(m.group(1)), text))
        except ValueError:
            raise UsageError(
                f"--param {name}: {text!r} is not a list or map as Cypher writes one ([1, 2], ['a', 'b'], "
                "{key: 'value'} with quoted keys); give it with --params-json FILE."
            ) from None
    return text


def read_params_json(path: str | Path) -> dict[str, Any]:
    """The parameters of a JSON file: one object, each key a parameter's name.

    Raises
    ------
    UsageError : a file that cannot be read or is not one JSON object of named values.
    """
    try:
        found = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot be read ({e.__class__.__name__}).") from None
    except ValueError as e:
        raise UsageError(f"{path}: is not JSON ({e}).") from None
    if not isinstance(found, dict) or not all(isinstance(k, str) and k.isidentifier() for k in found):
        raise UsageError(f'{path}: is not one JSON object of parameters ({{"n": 100, "ids": ["a"]}}).')
    return found


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
