// rag_trend: each outcome's RAG at the end of every quarter (April to March) in which its plan reported progress - its actions counted by status then (as in status_on); red when any was off track, amber when any at risk, grey when any had no status reported, else green.
// params: $plan - a plan id, or '' for every plan
MATCH (q:Update)
WHERE $plan = '' OR q.plan = $plan
WITH DISTINCT q.plan AS plan, q.quarter AS quarter, q.quarter_end AS quarter_end
MATCH (a:Action)-[:DELIVERS]->(o:Outcome)
WHERE a.plan = plan
OPTIONAL MATCH (a)-[:UPDATED]->(x:Update)
WITH plan, quarter, quarter_end, o, a, count(x) AS reports
OPTIONAL MATCH (a)-[:UPDATED]->(u:Update) WHERE u.date <= quarter_end
WITH plan, quarter, quarter_end, o, a, reports, max(u.number) AS k
OPTIONAL MATCH (a)-[:UPDATED]->(lu:Update) WHERE lu.number = k
WITH plan, quarter, quarter_end, o, CASE WHEN reports > 0 THEN coalesce(lu.status, '')
     WHEN a.status_date IS NULL OR a.status_date <= quarter_end THEN coalesce(a.status, '') ELSE '' END AS status
WITH plan, quarter, quarter_end, o, count(*) AS actions,
     sum(CASE WHEN status = 'complete' THEN 1 ELSE 0 END) AS complete,
     sum(CASE WHEN status = 'on-track' THEN 1 ELSE 0 END) AS on_track,
     sum(CASE WHEN status = 'at-risk' THEN 1 ELSE 0 END) AS at_risk,
     sum(CASE WHEN status = 'off-track' THEN 1 ELSE 0 END) AS off_track,
     sum(CASE WHEN status = 'not-started' THEN 1 ELSE 0 END) AS not_started,
     sum(CASE WHEN status = '' THEN 1 ELSE 0 END) AS no_update
RETURN plan, o.key AS outcome, quarter, quarter_end, actions, complete, on_track, at_risk, off_track, not_started, no_update,
       CASE WHEN off_track > 0 THEN 'red' WHEN at_risk > 0 THEN 'amber' WHEN no_update > 0 THEN 'grey' ELSE 'green' END AS rag
ORDER BY plan, outcome, quarter
