// outcomes_off_track: the outcomes whose every action was off track (the delivery plan's 'Outstanding' included) at a date, with their actions - status as in status_on.
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'
MATCH (a:Action)
WHERE $plan = '' OR a.plan = $plan
OPTIONAL MATCH (a)-[:UPDATED]->(x:Update)
WITH a, count(x) AS reports
OPTIONAL MATCH (a)-[:UPDATED]->(u:Update) WHERE u.date <= $as_of
WITH a, reports, max(u.number) AS k
OPTIONAL MATCH (a)-[:UPDATED]->(lu:Update) WHERE lu.number = k
WITH a, CASE WHEN reports > 0 THEN coalesce(lu.status, '')
             WHEN a.status_date IS NULL OR a.status_date <= $as_of THEN coalesce(a.status, '') ELSE '' END AS status
MATCH (a)-[:DELIVERS]->(o:Outcome)
WITH a, status, o ORDER BY a.ref SKIP 0
WITH a.plan AS plan, o, count(a) AS actions, sum(CASE WHEN status = 'off-track' THEN 1 ELSE 0 END) AS off, collect(a.ref) AS refs
WHERE off = actions
RETURN plan, o.key AS outcome, $as_of AS as_of, actions, refs
ORDER BY plan, outcome
