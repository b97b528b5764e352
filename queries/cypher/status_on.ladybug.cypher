// status_on: each action's status and due date on a date, from its progress reports - the latest by then; an action with no reports has the actions sheet's status (of its status_date, or of any date without one). No report by then: status '' (no update reported); past its due date and not complete it is overdue if a status was reported, no_update if none was.
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'
// dialect: embedded (the embedded engine's own Cypher, run as written)
// This is the embedded engine's variant of status_on.cypher: date - date; ladybug works out every CASE branch, so an empty due date is replaced before it is cast.
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
WITH a, lu, rev, reports = 0 AND a.status IS NOT NULL AND (a.status_date IS NULL OR a.status_date <= $as_of) AS sheet
WITH a, CASE WHEN sheet THEN a.status ELSE coalesce(lu.status, '') END AS status,
     CASE WHEN sheet THEN coalesce(a.status_date, '') ELSE coalesce(lu.date, '') END AS reported, coalesce(rev.revised_due, a.due, '') AS due
WITH a, status, reported, due, (due <> '' AND due < $as_of AND status <> 'complete') AS past
RETURN a.plan AS plan, a.ref AS ref, $as_of AS as_of, status, reported, due, coalesce(a.due, '') AS original_due,
       past AND status <> '' AS overdue, past AND status = '' AS no_update,
       CASE WHEN past THEN date($as_of) - date(CASE WHEN past THEN due ELSE $as_of END) ELSE 0 END AS days_overdue
ORDER BY plan, ref
