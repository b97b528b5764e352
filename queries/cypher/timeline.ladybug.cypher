// timeline: every action with its due date, calendar quarter, status, and whether it is overdue at a date (and by how many days).
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'
// This is the embedded engine's variant of timeline.cypher: 1-based substring, CAST instead of toString/toInteger, date - date; ladybug works out
// every CASE branch, so the empty due date is padded before it is cast.
MATCH (a:Action)
WHERE $plan = '' OR a.plan = $plan
OPTIONAL MATCH (a)-[:DELIVERS]->(o:Outcome)
WITH a, collect(o.key) AS outcomes
WITH a, outcomes, (a.due <> '' AND a.due < $as_of AND a.status <> 'complete') AS overdue
RETURN a.plan AS plan, a.ref AS ref, outcomes, a.due AS due,
       CASE WHEN a.due = '' THEN 'no date'
            ELSE substring(a.due, 1, 4) + '-Q' + CAST((CAST(substring(a.due + '0000-01', 6, 2) AS INT64) - 1) / 3 + 1 AS STRING) END AS quarter,
       a.timescale AS timescale, a.status AS status, overdue,
       CASE WHEN overdue THEN date($as_of) - date(CASE WHEN a.due = '' THEN $as_of ELSE a.due END) ELSE 0 END AS days_overdue,
       a.due = '' AS vague
ORDER BY plan, vague, due, ref
