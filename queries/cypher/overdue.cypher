// overdue: actions overdue at a date (due before it and not complete), oldest first - the timeline's overdue rows.
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'
// A due date that is not YYYY-MM-DD (written by another tool) is never overdue: timeline shows it as 'not a date'.
// Status and due date as they stood at $as_of when the plan keeps progress reports (the latest report by then, the latest revised due date), as in status_on.
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
WITH a, status, due
WHERE due =~ '[0-9]{4}-[0-9]{2}-[0-9]{2}' AND due < $as_of AND status <> 'complete'
RETURN a.plan AS plan, a.ref AS ref, due
ORDER BY plan, due, ref
