// timeline: every action with its due date, calendar quarter, status, and whether it is overdue at a date (and by how many days).
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'
// dialect: embedded (the embedded engine's own Cypher, run as written)
// A due date that is not YYYY-MM-DD (written by another tool) is 'not a date': never overdue, listed with the undated.
// Status and due date as they stood at $as_of when the plan keeps progress reports (the latest report by then, the latest revised due date), as in status_on.
// This is the embedded engine's variant of timeline.cypher: 1-based substring, CAST instead of toString/toInteger, date - date; ladybug works out
// every CASE branch, so a due date that is not a date is replaced before it is cast.
MATCH (a:Action)
WHERE $plan = '' OR a.plan = $plan
OPTIONAL MATCH (a)-[:UPDATED]->(x:Update)
WITH a, count(x) AS reports
OPTIONAL MATCH (a)-[:UPDATED]->(u:Update) WHERE u.date <= $as_of
WITH a, reports, max(u.number) AS k
OPTIONAL MATCH (a)-[:UPDATED]->(r:Update) WHERE r.date <= $as_of AND r.revised_due IS NOT NULL
WITH a, reports, k, max(r.number) AS rk
OPTIONAL MATCH (a)-[:UPDATED]->(lu:Update) WHERE lu.number = k
OPTIONAL MATCH (a)-[:UPDATED]->(rev:Update) WHERE rev.number = rk
WITH a, CASE WHEN reports > 0 THEN coalesce(lu.status, '')
             WHEN a.status_date IS NULL OR a.status_date <= $as_of THEN coalesce(a.status, '') ELSE '' END AS status,
     coalesce(rev.revised_due, a.due, '') AS due
OPTIONAL MATCH (a)-[:DELIVERS]->(o:Outcome)
WITH a, status, due, o
ORDER BY o.key SKIP 0
WITH a, status, due, collect(o.key) AS outcomes, due =~ '[0-9]{4}-[0-9]{2}-[0-9]{2}' AS dated
WITH a, status, due, outcomes, dated, (dated AND due < $as_of AND status <> 'complete') AS overdue
RETURN a.plan AS plan, a.ref AS ref, outcomes, due,
       CASE WHEN due = '' THEN 'no date' WHEN NOT dated THEN 'not a date'
            ELSE substring(due, 1, 4) + '-Q' + CAST((CAST(substring(CASE WHEN dated THEN due ELSE '0000-01-01' END, 6, 2) AS INT64) - 1) / 3 + 1 AS STRING) END AS quarter,
       coalesce(a.timescale, '') AS timescale, status, overdue,
       CASE WHEN overdue THEN date($as_of) - date(CASE WHEN dated THEN due ELSE $as_of END) ELSE 0 END AS days_overdue,
       NOT dated AS vague
ORDER BY plan, vague, due, ref
