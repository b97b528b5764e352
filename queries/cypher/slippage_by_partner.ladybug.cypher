// slippage_by_partner: whose actions slip most - per plan, each lead partner with a revised action: the actions it leads, how many of them were revised, the revisions and the days they moved together (an action led by two counts for both).
// params: $plan - a plan id, or '' for every plan
// dialect: embedded (the embedded engine's own Cypher, run as written)
// This is the embedded engine's variant of slippage_by_partner.cypher: date - date; ladybug works out every CASE branch, so an empty due date is replaced before it is cast.
MATCH (p:Partner)-[:LEADS]->(a:Action)-[:UPDATED]->(u:Update)
WHERE ($plan = '' OR a.plan = $plan) AND u.revised_due IS NOT NULL
WITH p, a, count(u) AS revisions, max(u.number) AS k
MATCH (a)-[:UPDATED]->(lu:Update) WHERE lu.number = k
WITH p, a, revisions, CASE WHEN a.due IS NULL THEN 0 ELSE date(lu.revised_due) - date(coalesce(a.due, lu.revised_due)) END AS days
WITH p, a.plan AS plan, count(a) AS slipped, sum(revisions) AS revisions, sum(days) AS days
MATCH (p)-[:LEADS]->(b:Action) WHERE b.plan = plan
RETURN plan, p.name AS partner, count(b) AS led, slipped, revisions, days
ORDER BY plan, slipped DESC, partner
