// slippage_by_partner: whose actions slip most - per plan, each lead partner with a revised action: the actions it leads, how many of them were revised, the revisions and the days they moved together (an action led by two counts for both).
// params: $plan - a plan id, or '' for every plan
// The embedded engine runs slippage_by_partner.ladybug.cypher beside it (date - date).
MATCH (p:Partner)-[:LEADS]->(a:Action)-[:UPDATED]->(u:Update)
WHERE ($plan = '' OR a.plan = $plan) AND u.revised_due IS NOT NULL
WITH p, a, count(u) AS revisions, max(u.number) AS k
MATCH (a)-[:UPDATED]->(lu:Update) WHERE lu.number = k
WITH p, a, revisions, CASE WHEN a.due IS NULL THEN 0 ELSE duration.inDays(date(a.due), date(lu.revised_due)).days END AS days
WITH p, a.plan AS plan, count(a) AS slipped, sum(revisions) AS revisions, sum(days) AS days
MATCH (p)-[:LEADS]->(b:Action) WHERE b.plan = plan
RETURN plan, p.name AS partner, count(b) AS led, slipped, revisions, days
ORDER BY plan, slipped DESC, partner
