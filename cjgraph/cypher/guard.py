"""What cjgraph checks in a Cypher query before an engine runs it, and how an engine's error
reaches the user: the same on the embedded engine and on Neo4j.

- :func:`refuse_file_access`: the embedded engine never reads or writes a file for a query.
- :func:`first_write`: a query that changes the graph (``CREATE``, ``MERGE``, ``SET``,
  ``DELETE``, ...) runs only when the user said ``--write``.
- :func:`check_names`: a label, relationship type or property the graph does not have is
  refused with the nearest one it does have ("did you mean"), instead of an empty answer.
- :func:`engine_error`: an engine's message in one sentence, naming the line of the query.
- :func:`return_columns`: the column names as the query writes them (``count(a)``), which Neo4j
  uses and the embedded engine rewrites (``COUNT(a._ID)``).

Words inside strings, comments and backticked names never count.

Examples
--------
>>> first_write("MATCH (a:Action) WHERE a.text CONTAINS 'create' RETURN a.ref")
>>> first_write("MATCH (a:Action) SET a.status = 'complete'")
'SET'
>>> schema = {"Partner": {"name", "id"}, "Action": {"ref", "text"}}, {"LEADS": {"share"}}
>>> check_names("MATCH (p:Partnr)-[:LEADS]->(a:Action) RETURN p.name", *schema)
Traceback (most recent call last):
cjgraph.errors.CypherError: line 1 of the query: the graph has no label 'Partnr' (did you mean 'Partner'?).
>>> check_names("MATCH (p:Partner)-[:LEADS]->(a:Action) RETURN a.reff", *schema)
Traceback (most recent call last):
cjgraph.errors.CypherError: line 1 of the query: Action has no property 'reff' (did you mean 'ref'?).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from cjgraph.cypher.lexer import Token, tokens, words
from cjgraph.errors import CypherError
from cjgraph.names import closest

__all__ = [
    "blank_quoted",
    "refuse_file_access",
    "first_write",
    "check_names",
    "check_query",
    "engine_error",
    "return_columns",
]

# clauses that read or write files, or change an engine's installation, settings or transactions
_FILE_WORDS = frozenset("COPY LOAD ATTACH INSTALL UNINSTALL EXPORT IMPORT USE BEGIN COMMIT ROLLBACK CHECKPOINT".split())
# procedures that read or write files or run other Cypher (APOC's, where a server has it)
_FILE_PROCEDURES = re.compile(r"^(apoc\.(load|import|export|cypher|periodic|trigger|systemdb)\b|dbms\.)", re.IGNORECASE)
# clauses that change the graph or the database
_WRITE_WORDS = frozenset("CREATE MERGE SET DELETE REMOVE DROP ALTER RENAME GRANT DENY REVOKE FOREACH COMMENT".split())
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# (var:Label:Other {key: ...}) and [var:TYPE|OTHER*1..2 {key: ...}]
_NODE = re.compile(
    rf"\(\s*(?P<var>{_NAME})?\s*:\s*(?P<names>{_NAME}(?:\s*[:|&]\s*!?{_NAME})*)\s*(?P<map>\{{[^}}]*\}})?"
)
_REL = re.compile(
    rf"\[\s*(?P<var>{_NAME})?\s*:\s*(?P<names>{_NAME}(?:\s*\|\s*:?{_NAME})*)\s*(?:\*[\d. ]*)?\s*(?P<map>\{{[^}}]*\}})?"
)
_PROPERTY = re.compile(rf"(?<![.\w$])(?P<var>{_NAME})\.(?P<prop>{_NAME})")
_KEY = re.compile(rf"(?:^|[{{,])\s*(?P<key>{_NAME})\s*:")


def blank_quoted(query: str) -> str:
    """The query with its strings, comments and backticked names blanked (lines kept in place).

    >>> blank_quoted("RETURN 'SET' + `b`, n // LOAD").split()
    ['RETURN', '+', ',', 'n']
    """
    return "".join(
        re.sub(r"[^\n]", " ", t.text) if t.kind in ("string", "comment", "name") else t.text for t in tokens(query)
    )


def refuse_file_access(query: str) -> None:
    """Refuse Cypher that would touch files or an engine's installation, settings or
    transactions (``COPY``, ``LOAD``, ``ATTACH``, ``INSTALL``, ``EXPORT``/``IMPORT DATABASE``,
    ``CALL threads = 1``, APOC's file procedures), and more than one statement at a time. Words
    are found as the engine's grammar reads them (:mod:`cjgraph.cypher.lexer`): ``LIMIT 1LOAD``
    holds ``LOAD``.

    >>> refuse_file_access("MATCH (a:Action) WHERE a.text CONTAINS 'copy' RETURN a.ref // load")
    >>> refuse_file_access("UNWIND [1] AS x WITH x LIMIT 1LOAD FROM '/etc/hosts' RETURN *")
    Traceback (most recent call last):
    cjgraph.errors.CypherError: the query uses LOAD, which reads or writes files or changes the engine; ...
    """
    found = words(query)
    for k in range(len(found)):
        word = _clause_word(found, k)
        if word is None:
            continue
        upper, named = word.upper(), _qualified_name(found, k)
        after = [w.text.upper() for w in found[k + 1 : k + 3]]
        if upper == "DETACH":
            refused = after[:1] != ["DELETE"]  # DETACH DELETE deletes nodes; DETACH (a database) is a file's
        elif upper == "CALL":
            refused, upper = after[1:2] == ["="], "CALL … ="  # a setting
        else:
            refused = upper in _FILE_WORDS or bool(_FILE_PROCEDURES.match(named))
            upper = named if _FILE_PROCEDURES.match(named) else upper
        if not refused:
            continue
        raise CypherError(
            f"the query uses {upper}, which reads or writes files or changes the engine; cjgraph answers "
            "questions about the plans only (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CALL)."
        )
    ends = [k for k, t in enumerate(found) if t.text == ";"]
    if ends and any(t.text != ";" for t in found[ends[0] :]):
        raise CypherError("the query holds more than one statement; give one statement at a time.")


def first_write(query: str) -> str | None:
    """The first clause of ``query`` that changes the graph (``CREATE``, ``SET``, ...), or ``None``.

    >>> first_write("MATCH (a:Action) WITH a LIMIT 1SET a.ref = 'x'")
    'SET'
    """
    found = words(query)
    for k in range(len(found)):
        word = _clause_word(found, k)
        if word and word.upper() in _WRITE_WORDS:
            return word.upper()
    return None


def _clause_word(found: list[Token], k: int) -> str | None:
    """The word at ``found[k]`` when it can be a keyword: a bare word, not a property name
    (``n.set``)."""
    t = found[k]
    return None if t.kind != "word" or (k and found[k - 1].text == ".") else t.text


def _qualified_name(found: list[Token], k: int) -> str:
    """``apoc.load.json`` from the words at ``found[k:]``."""
    parts = [found[k].text]
    while k + 2 < len(found) and found[k + 1].text == "." and found[k + 2].kind in ("word", "name"):
        parts.append(found[k + 2].text.strip("`"))
        k += 2
    return ".".join(parts)


def _suggest(name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = closest(name, known, limit=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f"; it has {', '.join(known)}" if len(known) <= 12 else ""


def check_names(query: str, labels: Mapping[str, Iterable[str]], relationships: Mapping[str, Iterable[str]]) -> None:
    """Refuse a label, relationship type or property (of a variable bound to a label or type in a
    pattern, or in a pattern's property map) that the graph does not have.

    ``labels`` and ``relationships`` map each name the graph has to its properties.
    """
    text = blank_quoted(query)
    bound: dict[str, set[str]] = {}  # variable -> the properties its labels or types have
    owners: dict[str, set[str]] = {}  # variable -> its labels or types
    props_of = {**{k: set(v) for k, v in labels.items()}, **{k: set(v) for k, v in relationships.items()}}

    def line(pos: int) -> str:
        return f"line {text.count(chr(10), 0, pos) + 1} of the query"

    for pattern, known, what in ((_NODE, labels, "label"), (_REL, relationships, "relationship type")):
        for m in pattern.finditer(text):
            names = re.findall(_NAME, m.group("names"))
            for name in names:
                if name not in known:
                    raise CypherError(
                        f"{line(m.start('names'))}: the graph has no {what} {name!r}{_suggest(name, known)}."
                    )
            allowed = set().union(*(props_of[n] for n in names))
            for key in _KEY.finditer(m.group("map") or ""):
                if key.group("key") not in allowed:
                    owner = "|".join(names)
                    raise CypherError(
                        f"{line(m.start('map'))}: {owner} has no property {key.group('key')!r}"
                        f"{_suggest(key.group('key'), allowed)}."
                    )
            if m.group("var"):
                bound.setdefault(m.group("var"), set()).update(allowed)
                owners.setdefault(m.group("var"), set()).update(names)
    for m in _PROPERTY.finditer(text):
        var, prop = m.group("var"), m.group("prop")
        if var in bound and prop not in bound[var]:
            owner = "|".join(sorted(owners[var]))
            raise CypherError(f"{line(m.start('prop'))}: {owner} has no property {prop!r}{_suggest(prop, bound[var])}.")


def check_query(
    query: str,
    params: Mapping[str, object] | None,
    *,
    write: bool,
    names: Callable[[], tuple[Mapping[str, Iterable[str]], Mapping[str, Iterable[str]]]],
    effect: str,
) -> tuple[bool, dict[str, object]]:
    """What every engine checks before it runs a user's query: one that changes the graph needs
    ``write`` (``effect`` says what writing would change); one that only reads names only what
    ``names()`` knows (:func:`check_names`); every ``$parameter`` it uses is given. Returns
    whether it writes, and the parameters it uses.

    >>> check_query("MATCH (n) RETURN $x", {"x": 1, "y": 2}, write=False, names=lambda: ({}, {}), effect="")
    (False, {'x': 1})
    """
    writes = first_write(query)
    if writes and not write:
        raise CypherError(f"the query changes the graph ({writes}); give --write to run it {effect}.")
    if not writes:
        check_names(query, *names())
    wanted = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", query))
    given = {k: v for k, v in (params or {}).items() if k in wanted}
    missing = sorted(wanted - set(given))
    if missing:
        raise CypherError(f"the query needs parameter ${missing[0]}; give it with --param {missing[0]}=VALUE.")
    return bool(writes), given


_NEO4J_POSITION = re.compile(r"\s*\(line (\d+), column (\d+) \(offset: \d+\)\)")
_LADYBUG_POSITION = re.compile(r"\s*\(line: (\d+), offset: (\d+)\)")
_NAMED = re.compile(r"`([^`]+)`|'([^']+)'|\b(?:Table|Variable|Function|property|label)\s+(\w+)", re.IGNORECASE)


_UNREAD = re.compile(r"Invalid input <(?P<read>.*?)>: expected rule (?P<rule>\w+)", re.DOTALL)


def _unread(query: str, message: str, engine: str) -> CypherError | None:
    """A parse error in words: where the engine stopped reading (line, column, the word)."""
    m = _UNREAD.search(message)
    if not m:
        return None
    read = m.group("read")
    word = (re.findall(r"[\w$`'\"]+|[^\s\w]", read) or [""])[-1]
    at = len(read.rstrip()) - len(word)
    start = query.find(read[: max(at, 0)]) if at > 0 else 0
    at = (start if start >= 0 else 0) + max(at, 0)
    line = query.count("\n", 0, at) + 1
    column = at - (query.rfind("\n", 0, at) + 1) + 1
    shown = query.splitlines()[line - 1].strip() if query.strip() else ""
    shown = shown if len(shown) <= 80 else shown[:79] + "…"
    return CypherError(
        f"{engine} could not run line {line} of the query ({shown}): at column {column} Cypher does not allow "
        f"{word!r} (a misspelt keyword, a missing bracket or comma, or a form this engine lacks)."
    )


_NO_FUNCTION = re.compile(r"Catalog exception: function (\w+) does not exist")


def engine_error(query: str, message: str, engine: str) -> CypherError:
    """An engine's error about ``query`` as one sentence naming the query's line (the line the
    engine gives, or else the first line holding the name its message quotes); a parse error
    says where reading stopped, in Cypher's words (:func:`_unread`)."""
    unread = _unread(query, message, engine)
    if unread is not None:
        return unread
    missing = _NO_FUNCTION.search(message)
    if missing:
        written = re.search(rf"\b({missing.group(1)})\s*\(", query, re.IGNORECASE)
        name = written.group(1) if written else missing.group(1).lower()
        return CypherError(f"{name}() is not available on {engine}: run the query on Neo4j (--neo4j).")
    lines = query.splitlines() or [""]
    first = next((ln.strip() for ln in message.strip().splitlines() if ln.strip()), "failed")
    first = re.sub(r"^(Parser|Binder|Runtime|Catalog|Interrupt|Connection) exception:\s*", "", first)
    number = None
    for pattern in (_NEO4J_POSITION, _LADYBUG_POSITION):
        m = pattern.search(first)
        if m:
            number = int(m.group(1))
            first = pattern.sub("", first)
    if number is None:
        for m in _NAMED.finditer(first):
            name = next(g for g in m.groups() if g)
            number = next((k for k, ln in enumerate(lines, 1) if re.search(rf"\b{re.escape(name)}\b", ln)), None)
            if number:
                break
    first = re.sub(r"\s*<.*>\s*", " ", first) if len(first) > 200 else first  # ladybug quotes the query back
    if len(first) > 240:
        first = first[:239] + "…"
    first = first.rstrip(". ")
    if number is None or not 1 <= number <= len(lines):
        return CypherError(f"{engine} could not run the query: {first}.")
    shown = lines[number - 1].strip()
    shown = shown if len(shown) <= 80 else shown[:79] + "…"
    return CypherError(f"{engine} could not run line {number} of the query ({shown}): {first}.")


_CLAUSE_END = re.compile(r"\b(ORDER\s+BY|SKIP|LIMIT|UNION)\b|;", re.IGNORECASE)
_ALIAS = re.compile(rf"^(?P<expr>.*?)\s+AS\s+(?P<name>{_NAME}|`[^`]+`)$", re.IGNORECASE | re.DOTALL)


def return_columns(query: str) -> list[str] | None:
    """The names of the columns of the query's last ``RETURN``: each alias, or the expression as
    written; ``None`` for ``RETURN *`` or a query with no ``RETURN``.

    >>> return_columns("MATCH (p:Partner)-[:LEADS]->(a) RETURN p.name, count(a), {x: 1} AS `my map` ORDER BY p.name")
    ['p.name', 'count(a)', 'my map']
    """
    text = blank_quoted(query)
    starts = [m.end() for m in re.finditer(r"\bRETURN\b(\s+DISTINCT\b)?", text, re.IGNORECASE)]
    if not starts:
        return None
    start, depth, items, end = starts[-1], 0, [], len(text)
    item_start = start
    for k in range(start, len(text)):
        ch = text[k]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:  # the end of a subquery
                end = k
                break
        elif depth == 0 and ch == ",":
            items.append((item_start, k))
            item_start = k + 1
        elif (
            depth == 0 and _CLAUSE_END.match(text, k) and (k == 0 or not (text[k - 1].isalnum() or text[k - 1] == "_"))
        ):
            end = k
            break
    items.append((item_start, end))
    names = []
    for a, b in items:
        if text[a:b].strip() == "*":
            return None
        written = "".join(t.text for t in tokens(query[a:b]) if t.kind != "comment").strip()
        alias, blanked = _ALIAS.match(written), blank_quoted(written)
        as_word = alias and blanked[alias.end("expr") : alias.start("name")].strip().upper() == "AS"
        names.append(alias.group("name").strip("`") if alias and as_word else written)
    return names
