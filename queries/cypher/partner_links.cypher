// partner_links: every pair of partners sharing actions in a plan (as leads or contributors), most shared first.
// params: $plan - a plan id, or '' for every plan
MATCH (p:Partner)-[:LEADS|CONTRIBUTES_TO]->(a:Action)<-[:LEADS|CONTRIBUTES_TO]-(q:Partner)
WHERE ($plan = '' OR a.plan = $plan) AND p.name < q.name
WITH DISTINCT a.plan AS plan, p.name AS partner_a, q.name AS partner_b, a.ref AS ref
ORDER BY ref SKIP 0
WITH plan, partner_a, partner_b, collect(ref) AS refs
RETURN plan, partner_a, partner_b, size(refs) AS shared, refs
ORDER BY plan, shared DESC, partner_a, partner_b
