// collective_lead: gap reason collective-lead - collectives ("All Partners") leading actions: no single owner.
// params: $plan - a plan id, or '' for every plan
MATCH (p:Partner)-[:LEADS]->(a:Action)
WHERE p.partner_kind = 'collective' AND ($plan = '' OR a.plan = $plan)
WITH a.plan AS plan, p.name AS subject, a.ref AS ref
ORDER BY plan, subject, ref SKIP 0
RETURN plan, 'collective-lead' AS reason, subject, collect(ref) AS refs
ORDER BY plan, subject
