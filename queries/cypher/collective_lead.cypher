// collective_lead: gap reason collective-lead - collectives ("All Partners") leading actions: no single owner.
// params: $plan - a plan id, or '' for every plan
MATCH (p:Partner)-[:LEADS]->(a:Action)
WHERE p.partner_kind = 'collective' AND ($plan = '' OR a.plan = $plan)
RETURN a.plan AS plan, 'collective-lead' AS reason, p.name AS subject, collect(a.ref) AS refs
ORDER BY plan, subject
