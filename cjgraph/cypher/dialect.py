"""Neo4j's Cypher as the embedded engine reads it: the forms an analyst writes for Neo4j that the
embedded engine (ladybug) lacks or reads otherwise, rewritten before it sees them, and those it
truly cannot give refused in one sentence, so that a query never means something else there.

- ``type(r)`` is ``label(r)``; ``labels(n)`` a list (``[label(n)]``);
- a list's positions count from 0 as in Neo4j (``xs[0]``, ``xs[1..3]``; the engine counts from
  1), and so do ``substring``'s; ``toInteger`` drops the fraction (the engine rounds),
  ``toFloat`` and ``split`` are the engine's cast and ``string_split``; ``head``/``last`` are
  the first and last positions;
- a list comprehension ``[x IN xs WHERE p | e]`` is the engine's ``list_filter`` and
  ``list_transform``; ``COUNT { (a)-->() }`` and ``EXISTS { (a)-->() }`` take their ``MATCH``;
- ``WITH … ORDER BY … LIMIT`` keeps its order and its rows before an aggregation (the engine
  would drop the order first: :func:`_kept_in_order`);
- ``shortestPath``, ``id``, ``elementId``, ``toString``, ``keys``, ``reverse``, ``tail`` and a
  slice from a computed or negative position are not available there (:data:`NOT_AVAILABLE`).

A query marked ``// dialect: embedded`` (the library's ``NAME.ladybug.cypher`` variants) is
the engine's own Cypher and is run as written.

>>> for_embedded("MATCH (n)-[r]->() RETURN type(r), labels(n)[0], substring(n.name, 0, 3)")
'MATCH (n)-[r]->() RETURN label(r), [label(n)][1], substring(n.name, (0) + 1, 3)'
>>> for_embedded("RETURN [x IN range(1, 5) WHERE x % 2 = 1 | x * 10], toInteger($n)")  # doctest: +ELLIPSIS
'RETURN list_transform(list_filter(range(1, 5), x -> x % 2 = 1), x -> x * 10), CAST(CASE ... END AS INT64)'
>>> for_embedded("MATCH (a:Action) RETURN elementId(a)")
Traceback (most recent call last):
cjgraph.errors.CypherError: elementId() is not available on the embedded engine: ...
"""

from __future__ import annotations

import re

from cjgraph.cypher.lexer import Token, tokens
from cjgraph.errors import CypherError

__all__ = ["for_embedded", "NOT_AVAILABLE", "EMBEDDED_MARK"]

#: the mark of a query written in the embedded engine's own Cypher (run as written)
EMBEDDED_MARK = re.compile(r"^\s*//\s*dialect:\s*embedded\b", re.MULTILINE | re.IGNORECASE)
_ON_NEO4J = "run the query on Neo4j (--neo4j)"
#: functions the embedded engine cannot give as Neo4j does, with what to do instead
NOT_AVAILABLE = {
    "shortestpath": f"{_ON_NEO4J} or use `cjgraph chains`",
    "allshortestpaths": f"{_ON_NEO4J} or use `cjgraph chains`",
    "id": f"use n.id, cjgraph's own id of a node, the same on every engine, or {_ON_NEO4J}",
    "elementid": f"use n.id, cjgraph's own id of a node, the same on every engine, or {_ON_NEO4J}",
    "tostring": f"its numbers print otherwise (1.5 as '1.500000'); return the value itself, or {_ON_NEO4J}",
    "keys": f"it lists every property of the label, set or not; `cjgraph schema` lists them, or {_ON_NEO4J}",
    "reverse": f"it reverses text only (a list comes back as text); {_ON_NEO4J}",
    "tail": _ON_NEO4J,
}
# words after which "[" opens a list, not a position in one
_KEYWORDS = frozenset(
    "RETURN WITH IN AND OR NOT XOR WHEN THEN ELSE UNWIND BY WHERE CASE AS DISTINCT SKIP LIMIT SET "
    "CONTAINS STARTS ENDS IS".split()
)


def for_embedded(query: str) -> str:
    """``query`` (Neo4j's Cypher) rewritten for the embedded engine, or :class:`CypherError` in
    one sentence for a form it cannot give (see the module's docstring)."""
    found = tokens(query)
    if EMBEDDED_MARK.search(query) or not _balanced(found):
        return query  # the engine's own Cypher; or brackets that do not close, for the engine to say where
    return _rewrite(_kept_in_order(found))


_CLAUSES = frozenset(
    "MATCH OPTIONAL WITH UNWIND RETURN CALL UNION CREATE MERGE SET DELETE DETACH REMOVE FOREACH".split()
)


def _kept_in_order(found: list[Token]) -> list[Token]:
    """``WITH … ORDER BY … [SKIP] [LIMIT]`` as the engine keeps it: followed by ``UNWIND [1] AS
    _ordered`` (else the engine drops the order before an aggregation, and a ``LIMIT`` keeps the
    wrong rows: ``WITH n ORDER BY n.name LIMIT 2 RETURN collect(n.name)``), with ``SKIP 0`` where
    Neo4j allows ``ORDER BY`` alone."""
    out = list(found)
    for start in reversed([k for k, t in enumerate(found) if _is_word(t, "WITH")]):
        depth, order, paged, where, end = 0, None, False, None, len(found)
        for j in range(start + 1, len(found)):
            t = found[j]
            if t.kind == "symbol" and t.text in "([{":
                depth += 1
            elif t.kind == "symbol" and t.text in ")]}":
                depth -= 1
                if depth < 0:
                    end = j
                    break
            elif depth == 0 and (t.text == ";" or (t.kind == "word" and t.text.upper() in _CLAUSES)):
                end = j
                break
            elif depth == 0 and _is_word(t, "ORDER"):
                order = j
            elif depth == 0 and order is not None and (_is_word(t, "SKIP") or _is_word(t, "LIMIT")):
                paged = True
            elif depth == 0 and order is not None and _is_word(t, "WHERE") and where is None:
                where = j
        if order is None:
            continue
        out.insert(end, Token("symbol", " UNWIND [1] AS _ordered ", found[end - 1].end))
        if not paged:
            out.insert(where if where is not None else end, Token("symbol", " SKIP 0 ", found[end - 1].end))
    return out


def _is_word(t: Token, word: str) -> bool:
    return t.kind == "word" and t.text.upper() == word


def _balanced(found: list[Token]) -> bool:
    depth = 0
    for t in found:
        if t.kind == "symbol" and t.text in "([{":
            depth += 1
        elif t.kind == "symbol" and t.text in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _rewrite(found: list[Token]) -> str:
    out: list[str] = []
    k = 0
    while k < len(found):
        t = found[k]
        if t.kind == "word" and _next_text(found, k) == "(" and _prev_text(found, k) != ".":
            text, k = _call(found, k)
            out.append(text)
            continue
        if t.text == "{" and _prev_text(found, k).upper() in ("COUNT", "EXISTS") and _next_text(found, k) == "(":
            out.append("{ MATCH ")  # COUNT { (a)-->() }, as the engine reads it: COUNT { MATCH (a)-->() }
            k += 1
            continue
        if t.text == "[" and _prev_text(found, k) not in ("-", "<-", "<"):
            text, k = _bracket(found, k)
            out.append(text)
            continue
        out.append(t.text)
        k += 1
    return "".join(out)


def _call(found: list[Token], k: int) -> tuple[str, int]:
    """A function call at ``found[k]``, rewritten; and where it ends."""
    name = found[k].text
    lower = name.lower()
    if lower in NOT_AVAILABLE:
        raise CypherError(f"{name}() is not available on the embedded engine: {NOT_AVAILABLE[lower]}.")
    open_at = _skip_space(found, k + 1)
    close = _closing(found, open_at)
    args = [_rewrite(part).strip() for part in _split(found[open_at + 1 : close], ",")]
    after = close + 1
    if lower == "type" and len(args) == 1:
        return f"label({args[0]})", after
    if lower == "labels" and len(args) == 1:
        return f"[label({args[0]})]", after
    if lower == "substring" and len(args) in (2, 3):
        length = args[2] if len(args) == 3 else f"size({args[0]})"
        return f"substring({args[0]}, ({args[1]}) + 1, {length})", after
    if lower == "tointeger" and len(args) == 1:
        x = f"CAST({args[0]} AS DOUBLE)"
        return f"CAST(CASE WHEN {x} < 0 THEN ceil({x}) ELSE floor({x}) END AS INT64)", after
    if lower == "tofloat" and len(args) == 1:
        return f"CAST({args[0]} AS DOUBLE)", after
    if lower == "split" and len(args) == 2:
        return f"string_split({args[0]}, {args[1]})", after
    if lower in ("head", "last") and len(args) == 1:
        return f"list_extract({args[0]}, {1 if lower == 'head' else -1})", after
    inner = "".join(t.text for t in found[k + 1 : open_at + 1]) + _rewrite(found[open_at + 1 : close])
    return name + inner + ")", after


def _bracket(found: list[Token], k: int) -> tuple[str, int]:
    """A ``[`` at ``found[k]``: a position or slice of a list, a list comprehension or a list."""
    close = _closing(found, k)
    inside = found[k + 1 : close]
    j = _skip_space(found, k - 1, step=-1)
    if j >= 0 and _ends_value(found[j]):
        return "[" + _position(inside) + "]", close + 1
    meaning = [t for t in inside if t.kind not in ("space", "comment")]
    if len(meaning) >= 3 and meaning[0].kind == "word" and meaning[1].text.upper() == "IN":
        return _comprehension(meaning[0].text, inside), close + 1
    return "[" + _rewrite(inside) + "]", close + 1


def _position(inside: list[Token]) -> str:
    """A list position from 0 (Neo4j) as the engine's from 1; a slice ``a..b`` likewise."""
    parts = _split(inside, "..")
    if len(parts) == 2:
        start, end = (_rewrite(p).strip() for p in parts)
        for bound in (start, end):
            if bound and not bound.isdigit():
                raise CypherError(
                    f"a list slice from a computed or negative position ({bound}) is not available on the embedded "
                    f"engine: give whole numbers from 0, or {_ON_NEO4J}."
                )
        return f"{int(start) + 1 if start else ''}..{end}"
    index = _rewrite(inside).strip()
    if index.isdigit():
        return str(int(index) + 1)
    if re.fullmatch(r"-\s*\d+", index) or index[:1] in "'\"":
        return index  # from the end, as in Neo4j; or a key
    return f"CASE WHEN ({index}) < 0 THEN ({index}) ELSE ({index}) + 1 END"


def _comprehension(var: str, inside: list[Token]) -> str:
    """``[x IN xs WHERE p | e]`` as ``list_transform(list_filter(xs, x -> p), x -> e)``."""
    body = inside[[t.text for t in inside].index(var) + 1 :]
    body = body[_skip_space(body, 0) + 1 :]  # past IN
    source, mapped = (_split(body, "|") + [[]])[:2]
    where = _split_word(source, "WHERE")
    listed = _rewrite(where[0]).strip()
    if len(where) == 2:
        listed = f"list_filter({listed}, {var} -> {_rewrite(where[1]).strip()})"
    if mapped:
        listed = f"list_transform({listed}, {var} -> {_rewrite(mapped).strip()})"
    return listed


def _split(found: list[Token], sep: str) -> list[list[Token]]:
    """``found`` split at ``sep`` where no bracket is open."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for t in found:
        if t.text in "([{" and t.kind == "symbol":
            depth += 1
        elif t.text in ")]}" and t.kind == "symbol":
            depth -= 1
        if depth == 0 and t.text == sep and t.kind == "symbol":
            parts.append([])
        else:
            parts[-1].append(t)
    return parts if any(parts) else []


def _split_word(found: list[Token], word: str) -> list[list[Token]]:
    depth = 0
    for k, t in enumerate(found):
        if t.kind == "symbol" and t.text in "([{":
            depth += 1
        elif t.kind == "symbol" and t.text in ")]}":
            depth -= 1
        elif depth == 0 and t.kind == "word" and t.text.upper() == word:
            return [found[:k], found[k + 1 :]]
    return [found]


def _closing(found: list[Token], k: int) -> int:
    """Where the bracket opened at ``found[k]`` closes (the end of the query if it does not)."""
    depth = 0
    for j in range(k, len(found)):
        if found[j].kind != "symbol":
            continue
        if found[j].text in "([{":
            depth += 1
        elif found[j].text in ")]}":
            depth -= 1
            if depth == 0:
                return j
    return len(found)  # not reached: the query's brackets are balanced


def _ends_value(t: Token) -> bool:
    """Whether a ``[`` after ``t`` takes a position of a value (``xs[0]``), not opens a list."""
    if t.kind == "word":
        return t.text.upper() not in _KEYWORDS
    return t.kind in ("name", "parameter") or t.text in (")", "]", "}")


def _skip_space(found: list[Token], k: int, *, step: int = 1) -> int:
    while 0 <= k < len(found) and found[k].kind in ("space", "comment"):
        k += step
    return k


def _next_text(found: list[Token], k: int) -> str:
    j = _skip_space(found, k + 1)
    return found[j].text if j < len(found) else ""


def _prev_text(found: list[Token], k: int) -> str:
    j = _skip_space(found, k - 1, step=-1)
    return found[j].text if j >= 0 else ""
