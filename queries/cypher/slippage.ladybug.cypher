// slippage: the actions whose due date was revised in their progress reports - how many revisions, the latest revised date, by how many days it moved from the plan's own (0 without one), the reasons given and the leads.
// params: $plan - a plan id, or '' for every plan
// dialect: embedded (the embedded engine's own Cypher, run as written)
// This is the embedded engine's variant of slippage.cypher: date - date; ladybug works out every CASE branch, so an empty due date is replaced before it is cast.
MATCH (a:Action)-[:UPDATED]->(u:Update)
WHERE ($plan = '' OR a.plan = $plan) AND u.revised_due IS NOT NULL
WITH a, u ORDER BY u.reason SKIP 0
WITH a, count(u) AS revisions, max(u.number) AS k, collect(DISTINCT CASE WHEN u.reason IS NOT NULL THEN u.reason END) AS reasons
MATCH (a)-[:UPDATED]->(lu:Update) WHERE lu.number = k
OPTIONAL MATCH (p:Partner)-[:LEADS]->(a)
WITH a, revisions, lu, reasons, p ORDER BY p.name SKIP 0
WITH a, revisions, lu, reasons, collect(p.name) AS leads
RETURN a.plan AS plan, a.ref AS ref, a.due AS original_due, lu.revised_due AS revised_due, revisions,
       CASE WHEN a.due IS NULL THEN 0 ELSE date(lu.revised_due) - date(coalesce(a.due, lu.revised_due)) END AS days, reasons, leads
ORDER BY plan, ref
