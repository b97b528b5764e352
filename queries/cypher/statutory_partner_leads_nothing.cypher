// statutory_partner_leads_nothing: gap reason statutory-partner-leads-nothing - statutory partners of a plan that lead no action of it, themselves or through a partner acting for them (a council's services).
// params: $plan - a plan id, or '' for every plan
MATCH (p:Partner)-[po:PARTNER_OF]->(pl:Plan)
WHERE po.statutory AND ($plan = '' OR pl.plan = $plan)
OPTIONAL MATCH (p)-[:LEADS]->(a:Action)
WHERE a.plan = pl.plan
WITH p, pl, count(a) AS own
OPTIONAL MATCH (p)<-[:ACTS_FOR]-(:Partner)-[:LEADS]->(b:Action)
WHERE b.plan = pl.plan
WITH p, pl, own, count(b) AS through
WHERE own = 0 AND through = 0
RETURN pl.plan AS plan, 'statutory-partner-leads-nothing' AS reason, p.name AS subject
ORDER BY plan, subject
