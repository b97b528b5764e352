// timeline: every action with its due date, calendar quarter, status, and whether it is overdue at a date (and by how many days).
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'
// A due date that is not YYYY-MM-DD (written by another tool) is 'not a date': never overdue, listed with the undated.
// This is the embedded engine's variant of timeline.cypher: 1-based substring, CAST instead of toString/toInteger, date - date; ladybug works out
// every CASE branch, so a due date that is not a date is replaced before it is cast.
MATCH (a:Action)
WHERE $plan = '' OR a.plan = $plan
OPTIONAL MATCH (a)-[:DELIVERS]->(o:Outcome)
WITH a, o
ORDER BY o.key SKIP 0
WITH a, collect(o.key) AS outcomes, a.due =~ '[0-9]{4}-[0-9]{2}-[0-9]{2}' AS dated
WITH a, outcomes, dated, (dated AND a.due < $as_of AND a.status <> 'complete') AS overdue
RETURN a.plan AS plan, a.ref AS ref, outcomes, a.due AS due,
       CASE WHEN a.due = '' THEN 'no date' WHEN NOT dated THEN 'not a date'
            ELSE substring(a.due, 1, 4) + '-Q' + CAST((CAST(substring(CASE WHEN dated THEN a.due ELSE '0000-01-01' END, 6, 2) AS INT64) - 1) / 3 + 1 AS STRING) END AS quarter,
       a.timescale AS timescale, a.status AS status, overdue,
       CASE WHEN overdue THEN date($as_of) - date(CASE WHEN dated THEN a.due ELSE $as_of END) ELSE 0 END AS days_overdue,
       NOT dated AS vague
ORDER BY plan, vague, due, ref
