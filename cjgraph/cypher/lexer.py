"""Cypher split into tokens as the engines' grammars read it, so that a check sees the words the
engine sees: ``1LOAD`` is the number ``1`` and the keyword ``LOAD`` (a number ends where its
digits end), any Unicode space or a comment separates words, and nothing inside a string, a
comment or a backticked name is a word.

Where the grammars leave room the lexer takes the side that shows more words: a ``//`` comment
ends at any line break (``\\r``, ``\\u2028`` too), an unknown character separates words. A check
built on it may refuse a harmless query, never pass a hidden clause; the engine's own plan is
checked after it (:mod:`cjgraph.cypher.embedded`, :mod:`cjgraph.cypher.neo4j`).

Examples
--------
>>> [t.text for t in words("MATCH (n) WITH n LIMIT 1LOAD FROM 'x' // SET")]
['MATCH', '(', 'n', ')', 'WITH', 'n', 'LIMIT', '1', 'LOAD', 'FROM', "'x'"]
>>> [t.kind for t in words("RETURN n.`set`, $p")]
['word', 'word', 'symbol', 'name', 'symbol', 'parameter']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Token", "tokens", "words"]

_LINE_BREAKS = "\n\r\u2028\u2029\x85"
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE]-?\d+)?|\.\d+(?:[eE]-?\d+)?")
_SYMBOLS = ("<>", "<=", ">=", "=~", "+=", "->", "<-", "..", "::")


@dataclass(frozen=True)
class Token:
    """A piece of a query: ``kind`` is ``word`` (a keyword or a name), ``name`` (backticked),
    ``string``, ``number``, ``parameter``, ``comment``, ``space`` or ``symbol``."""

    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def tokens(query: str) -> list[Token]:
    """Every token of ``query`` in order, spaces and comments included (their texts joined give
    the query back)."""
    out: list[Token] = []
    k, n = 0, len(query)
    while k < n:
        kind, end = _next(query, k)
        out.append(Token(kind, query[k:end], k))
        k = end
    return out


def words(query: str) -> list[Token]:
    """The tokens that carry meaning: no spaces, no comments."""
    return [t for t in tokens(query) if t.kind not in ("space", "comment")]


def _next(q: str, k: int) -> tuple[str, int]:
    """The kind of the token that starts at ``k`` and where it ends."""
    ch = q[k]
    if q.startswith("//", k):
        return "comment", _until_any(q, k + 2, _LINE_BREAKS)
    if q.startswith("/*", k):
        end = q.find("*/", k + 2)
        return "comment", len(q) if end < 0 else end + 2
    if ch in "'\"":
        return "string", _string_end(q, k)
    if ch == "`":
        return "name", _backticked_end(q, k)
    if ch == "$":
        end = _word_end(q, k + 1)
        return ("parameter", end) if end > k + 1 else ("symbol", k + 1)
    m = _NUMBER.match(q, k)
    if m:
        return "number", m.end()
    if _starts_word(ch):
        return "word", _word_end(q, k)
    if _is_space(ch):
        end = k + 1
        while end < len(q) and _is_space(q[end]):
            end += 1
        return "space", end
    for symbol in _SYMBOLS:
        if q.startswith(symbol, k):
            return "symbol", k + len(symbol)
    return "symbol", k + 1


def _starts_word(ch: str) -> bool:
    return ch.isidentifier()  # a letter or "_" (Unicode ID_Start), as the grammars' names begin


def _is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc", "Cf")


def _word_end(q: str, k: int) -> int:
    while k < len(q) and ("a" + q[k]).isidentifier():  # Unicode ID_Continue
        k += 1
    return k


def _until_any(q: str, k: int, stops: str) -> int:
    while k < len(q) and q[k] not in stops:
        k += 1
    return k


def _string_end(q: str, k: int) -> int:
    quote, k = q[k], k + 1
    while k < len(q):
        if q[k] == "\\":
            k += 2
        elif q[k] == quote:
            return k + 1
        else:
            k += 1
    return len(q)


def _backticked_end(q: str, k: int) -> int:
    k += 1
    while k < len(q):
        if q[k] == "`":
            if q.startswith("``", k):  # a backtick inside the name
                k += 2
                continue
            return k + 1
        k += 1
    return len(q)
