// stalled: the actions not complete whose last progress report is more than $days days before a date, or that have none by then - in the plans that keep progress reports (status as in status_on).
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'; $days - a number of days (90; text such as '90' is read too)
// dialect: embedded (the embedded engine's own Cypher, run as written)
// This is the embedded engine's variant of stalled.cypher: date - date and CAST; ladybug works out every CASE branch, so an empty date is replaced before it is cast.
MATCH (k:Action)-[:UPDATED]->(:Update)
WITH collect(DISTINCT k.plan) AS keeping
MATCH (a:Action)
WHERE ($plan = '' OR a.plan = $plan) AND a.plan IN keeping
OPTIONAL MATCH (a)-[:UPDATED]->(x:Update)
WITH a, count(x) AS reports
OPTIONAL MATCH (a)-[:UPDATED]->(u:Update) WHERE u.date <= $as_of
WITH a, reports, max(u.number) AS k
OPTIONAL MATCH (a)-[:UPDATED]->(lu:Update) WHERE lu.number = k
WITH a, lu, reports = 0 AND a.status IS NOT NULL AND (a.status_date IS NULL OR a.status_date <= $as_of) AS sheet
WITH a, CASE WHEN sheet THEN a.status ELSE coalesce(lu.status, '') END AS status,
     CASE WHEN sheet THEN coalesce(a.status_date, '') ELSE coalesce(lu.date, '') END AS reported
WITH a, status, reported,
     CASE WHEN reported = '' THEN -1 ELSE date($as_of) - date(CASE WHEN reported = '' THEN $as_of ELSE reported END) END AS days_since
WHERE status <> 'complete' AND (days_since < 0 OR days_since > CAST($days AS INT64))
OPTIONAL MATCH (p:Partner)-[:LEADS]->(a)
WITH a, status, reported, days_since, p ORDER BY p.name SKIP 0
WITH a, status, reported, days_since, collect(p.name) AS leads
RETURN a.plan AS plan, a.ref AS ref, $as_of AS as_of, reported AS last_reported, days_since, status, leads
ORDER BY plan, ref
