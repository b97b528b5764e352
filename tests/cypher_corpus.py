"""The compatibility corpus: ad-hoc Cypher of the kinds analysts write, run on the embedded engine
and on the test Neo4j over the bundled example plans (with their illustrative history) by
``test_cypher_corpus.py``. Each query either gives the same rows on both, or is refused on the
embedded engine with one sentence saying it is not available there (``embedded="not available"``),
or is refused on both with one sentence (``embedded="refused"``: a wrong name, a missing
parameter). The README's table of what analysts can write is made from this list::

    python tests/cypher_corpus.py README.md    # rewrites the table between its markers
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAME, NOT_AVAILABLE, REFUSED = "same", "not available", "refused"


@dataclass(frozen=True)
class Case:
    kind: str  # what the query shows, for the table
    query: str
    params: dict[str, Any] = field(default_factory=dict)
    embedded: str = SAME  # SAME, NOT_AVAILABLE or REFUSED


CORPUS = [
    # counts
    Case("count", "MATCH (a:Action) RETURN count(a)"),
    Case("count", "MATCH (a:Action) RETURN a.plan, count(*) AS actions ORDER BY a.plan"),
    Case("count", "MATCH (p:Partner)-[:LEADS]->(:Action) RETURN count(DISTINCT p) AS leading"),
    Case("count", "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label"),
    Case("count", "MATCH (n) RETURN labels(n) AS labels, count(*) AS n ORDER BY n DESC LIMIT 3"),
    Case("count", "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"),
    Case(
        "count",
        "MATCH (a:Action)-[r]->(x) WHERE type(r) IN ['DELIVERS', 'ADDRESSES'] RETURN type(r) AS t, count(x) ORDER BY t",
    ),
    Case("count", "MATCH (p:Partner) RETURN p.id, COUNT { (p)-[:LEADS]->() } AS led ORDER BY led DESC, p.id LIMIT 5"),
    Case("count", "MATCH (a:Action) WHERE NOT EXISTS { MATCH (a)-[:MEASURED_BY]->() } RETURN count(a)"),
    Case("count", "MATCH (a:Action) WHERE NOT (a)-[:MEASURED_BY]->() RETURN a.id ORDER BY a.id LIMIT 5"),
    # aggregation
    Case(
        "aggregation",
        "MATCH (p:Partner)-[r:LEADS]->() RETURN p.id, round(sum(r.share), 2) AS w ORDER BY w DESC, p.id LIMIT 5",
    ),
    Case(
        "aggregation",
        "MATCH (m:Measurement) RETURN m.span, round(avg(m.value), 2), min(m.value), max(m.value) ORDER BY m.span",
    ),
    Case(
        "aggregation",
        "MATCH (a:Action) WITH a ORDER BY a.status RETURN a.plan, collect(DISTINCT a.status) AS statuses "
        "ORDER BY a.plan",
    ),
    Case(
        "aggregation",
        "MATCH (o:Outcome)<-[:DELIVERS]-(a:Action) WITH o, a ORDER BY a.ref "
        "RETURN o.key, collect(a.ref)[0..3] AS first ORDER BY o.key",
    ),
    Case("aggregation", "MATCH (a:Action) WITH a ORDER BY a.ref LIMIT 5 RETURN collect(a.ref) AS refs"),
    Case(
        "aggregation",
        "MATCH (a:Action) WITH a ORDER BY a.ref DESC SKIP 2 LIMIT 3 RETURN collect(a.ref) AS refs, count(*) AS n",
    ),
    Case(
        "aggregation", "MATCH (a:Action) WITH a.plan AS plan, count(*) AS n WHERE n > 40 RETURN plan, n ORDER BY plan"
    ),
    Case(
        "aggregation",
        "MATCH (p:Partner) WITH p.plan AS plan, p.name AS name, count(*) AS n WHERE n > 1 RETURN count(*)",
    ),
    # ordering and paging
    Case("ordering", "MATCH (a:Action) RETURN a.ref ORDER BY a.due, a.ref LIMIT 5"),
    Case("ordering", "MATCH (a:Action) RETURN a.ref, a.due ORDER BY a.due DESC, a.ref LIMIT 5"),
    Case("ordering", "MATCH (a:Action) RETURN a.ref ORDER BY a.ref SKIP 10 LIMIT 5"),
    Case("ordering", "MATCH (a:Action) RETURN DISTINCT a.timescale AS timescale ORDER BY timescale"),
    Case(
        "ordering", "MATCH (a:Action) WITH a ORDER BY size(a.text) DESC LIMIT $n RETURN a.ref ORDER BY a.ref", {"n": 4}
    ),
    # nulls
    Case("nulls", "MATCH (a:Action) WHERE a.due IS NULL RETURN count(a)"),
    Case("nulls", "MATCH (a:Action) WHERE a.due IS NOT NULL RETURN count(a)"),
    Case("nulls", "MATCH (a:Action) RETURN a.ref, coalesce(a.due, 'no date') AS due ORDER BY a.ref LIMIT 12"),
    Case("nulls", "MATCH (u:Update) RETURN count(u.revised_due) AS revised, count(*) AS reports"),
    Case("nulls", "MATCH (p:Partner) WHERE p.plan IS NULL RETURN p.name ORDER BY p.name"),
    Case("nulls", "MATCH (a:Action) RETURN a.status IS NULL AS unreported, count(*) ORDER BY unreported"),
    Case(
        "nulls",
        "MATCH (a:Action) OPTIONAL MATCH (a)-[:ADDRESSES]->(n:Need) RETURN a.ref, n.key ORDER BY a.ref, n.key LIMIT 8",
    ),
    # identity
    Case("identity", "MATCH (pl:Plan), (a:Action) WHERE a.plan = pl.id RETURN pl.id, count(a) ORDER BY pl.id"),
    Case("identity", "MATCH (a:Action)-[:PART_OF]->(pl:Plan) RETURN pl.id = a.plan AS same, count(*)"),
    Case("identity", "MATCH (p:Partner) RETURN p.plan, p.name, count(*) AS n ORDER BY n DESC, p.plan, p.name LIMIT 3"),
    Case("identity", "MATCH (a:Action {ref: 'SO3.7'}) RETURN a.id"),
    # parameters of each type
    Case("parameters", "MATCH (a:Action) WHERE size(a.text) > $n RETURN count(a)", {"n": 100}),
    Case("parameters", "MATCH (l:Partner)-[r:LEADS]->() WHERE r.share < $x RETURN count(r)", {"x": 0.75}),
    Case("parameters", "MATCH (i:Indicator) WHERE i.quantitative = $flag RETURN count(i)", {"flag": True}),
    Case(
        "parameters", "MATCH (a:Action) WHERE a.ref IN $refs RETURN a.ref ORDER BY a.ref", {"refs": ["PC1.1", "SO3.7"]}
    ),
    Case("parameters", "MATCH (a:Action {plan: $plan}) RETURN count(a)", {"plan": "midlothian-2017-2020"}),
    Case("parameters", "MATCH (a:Action) WHERE a.due = $due RETURN count(a)", {"due": None}),
    Case("parameters", "MATCH (a:Action) RETURN a.ref ORDER BY a.ref LIMIT $n", {"n": 3}),
    # strings
    Case("strings", "MATCH (a:Action) WHERE a.text CONTAINS 'employ' RETURN a.ref ORDER BY a.ref"),
    Case("strings", "MATCH (p:Partner) WHERE p.name STARTS WITH 'NHS' RETURN p.name ORDER BY p.name"),
    Case("strings", "MATCH (p:Partner) WHERE toLower(p.name) ENDS WITH 'council' RETURN count(p)"),
    Case("strings", "MATCH (p:Partner) WHERE p.name =~ '(?i).*police.*' RETURN p.name ORDER BY p.name"),
    Case("strings", "MATCH (a:Action) RETURN substring(a.ref, 0, 2) AS prefix, count(*) ORDER BY prefix"),
    Case("strings", "MATCH (a:Action) RETURN substring(a.text, 3) AS rest ORDER BY rest LIMIT 2"),
    Case(
        "strings",
        "MATCH (a:Action) RETURN toUpper(left(a.ref, 2)), right(a.ref, 1), trim(' x ') ORDER BY a.ref LIMIT 1",
    ),
    Case("strings", "MATCH (a:Action) RETURN split(a.due, '-')[0] AS year, count(*) ORDER BY year"),
    Case("strings", "MATCH (a:Action) RETURN replace(a.ref, '.', '-') AS r ORDER BY r LIMIT 3"),
    Case("strings", "MATCH (a:Action) RETURN a.ref + ' (' + a.plan + ')' AS label ORDER BY label LIMIT 2"),
    # numbers and lists
    Case("numbers", "MATCH (m:Measurement) RETURN toInteger(m.value) AS whole, count(*) ORDER BY whole LIMIT 5"),
    Case("numbers", "RETURN toInteger('42'), toInteger(-2.7), toFloat('1.5'), 7 / 2, 7 % 3, abs(-3)"),
    Case("numbers", "UNWIND [3, 1, 2] AS x RETURN x ORDER BY x"),
    Case("numbers", "RETURN [x IN range(1, 10) WHERE x % 3 = 0 | x * x] AS squares"),
    Case("numbers", "RETURN [x IN ['a', 'b', 'c'] | toUpper(x)] AS upper, size([1, 2, 3]) AS n, [1, 2, 3][-1] AS last"),
    Case("numbers", "RETURN [10, 20, 30, 40][1..3] AS middle, [10, 20, 30][1..] AS rest, [10, 20, 30][..2] AS first"),
    Case("numbers", "RETURN head([1, 2, 3]) AS first, last([1, 2, 3]) AS last"),
    Case("numbers", "RETURN CASE WHEN 2 > 1 THEN 'yes' ELSE 'no' END AS a, CASE 3 WHEN 3 THEN 'three' END AS b"),
    Case("numbers", "UNWIND [1, 2, 3, 4] AS x WITH x WHERE x > 2 RETURN sum(x), any(y IN [1, 2] WHERE y > 1)"),
    # dates
    Case("dates", "MATCH (a:Action) WHERE a.due < '2019-01-01' RETURN count(a)"),
    Case("dates", "MATCH (a:Action) WHERE a.due IS NOT NULL RETURN min(a.due), max(a.due)"),
    Case("dates", "MATCH (u:Update) RETURN u.quarter, count(*) ORDER BY u.quarter"),
    Case("dates", "MATCH (a:Action) WHERE a.due IS NOT NULL RETURN date(a.due) AS due ORDER BY due LIMIT 1"),
    # paths
    Case(
        "paths",
        "MATCH (p:Partner)-[:LEADS]->(a:Action)-[:DELIVERS]->(o:Outcome) "
        "RETURN o.key, count(DISTINCT p) ORDER BY o.key",
    ),
    Case("paths", "MATCH path = (:Partner)-[:LEADS]->(:Action {ref: 'SO3.7'}) RETURN length(path), size(nodes(path))"),
    Case("paths", "MATCH (p:Partner)-[*2..2]->(o:Outcome) RETURN o.key, count(*) ORDER BY o.key"),
    Case("paths", "MATCH (p:Partner)-[:LEADS]->(:Action)<-[:LEADS]-(q:Partner) WHERE p.id < q.id RETURN count(*)"),
    Case("paths", "MATCH (p:Partner)-[r:LEADS]->(a:Action {ref: 'SO3.7'}) RETURN p, r"),
    Case("paths", "MATCH p = shortestPath((a:Partner)-[*]-(b:Outcome)) RETURN p LIMIT 1", embedded=NOT_AVAILABLE),
    Case("paths", "MATCH p = allShortestPaths((a:Partner)-[*]-(b:Need)) RETURN count(p)", embedded=NOT_AVAILABLE),
    # subqueries
    Case(
        "subqueries",
        "MATCH (o:Outcome) RETURN o.key, EXISTS { MATCH (o)-[:MEASURED_BY]->(:Indicator) } AS measured ORDER BY o.key",
    ),
    Case("subqueries", "MATCH (a:Action) RETURN a.plan, sum(COUNT { (a)-[:UPDATED]->() }) AS reports ORDER BY a.plan"),
    Case(
        "subqueries",
        "MATCH (o:Outcome) OPTIONAL MATCH (o)<-[:DELIVERS]-(a:Action) RETURN o.key, count(a) ORDER BY o.key",
    ),
    Case(
        "subqueries",
        "MATCH (a:Action) RETURN a.ref AS x ORDER BY x LIMIT 1 "
        "UNION MATCH (n:Need) RETURN n.key AS x ORDER BY x LIMIT 1",
    ),
    # what the embedded engine cannot give
    Case("not available", "MATCH (a:Action) RETURN elementId(a) LIMIT 1", embedded=NOT_AVAILABLE),
    Case("not available", "MATCH (a:Action) RETURN id(a) LIMIT 1", embedded=NOT_AVAILABLE),
    Case("not available", "MATCH (a:Action) RETURN keys(a) LIMIT 1", embedded=NOT_AVAILABLE),
    Case("not available", "RETURN toString(1.5)", embedded=NOT_AVAILABLE),
    Case("not available", "RETURN reverse([1, 2, 3])", embedded=NOT_AVAILABLE),
    Case("not available", "UNWIND [1, 2, 3] AS x RETURN stDev(x)", embedded=NOT_AVAILABLE),
    # errors, one sentence on both
    Case("errors", "MATCH (p:Partnr) RETURN p", embedded=REFUSED),
    Case("errors", "MATCH (a:Action) RETURN a.reff", embedded=REFUSED),
    Case("errors", "MATCH (a:Action) WHERE a.ref = $ref RETURN a", embedded=REFUSED),
    Case("errors", "MATCH (a:Action) SET a.status = 'complete'", embedded=REFUSED),
    Case("errors", "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", embedded=REFUSED),
]


def table() -> str:
    """The README's table: each query, and what the embedded engine does with it."""
    said = {
        SAME: "same rows",
        NOT_AVAILABLE: "not available (one sentence: run on Neo4j)",
        REFUSED: "refused on both (one sentence)",
    }
    lines = ["| kind | query | Neo4j | embedded |", "|---|---|---|---|"]
    for case in CORPUS:
        shown = case.query.replace("|", "\\|")
        if case.params:
            shown += "  \u2190 " + ", ".join(f"${k}={_param(v)}" for k, v in case.params.items())
        neo4j = "one-sentence error" if case.embedded == REFUSED else "answers"
        lines.append(f"| {case.kind} | `{shown}` | {neo4j} | {said[case.embedded]} |")
    counts = {k: sum(c.embedded == k for c in CORPUS) for k in said}
    lines.append("")
    lines.append(
        f"{len(CORPUS)} queries: {counts[SAME]} give the same rows on both engines, {counts[NOT_AVAILABLE]} are not "
        f"available on the embedded engine, {counts[REFUSED]} are refused on both."
    )
    return "\n".join(lines)


def _param(value: Any) -> str:
    import json

    return json.dumps(value)


START, END = "<!-- cypher-corpus: start (python tests/cypher_corpus.py README.md) -->", "<!-- cypher-corpus: end -->"


def main(readme: str) -> None:
    path = Path(readme)
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n{table()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
