// statutory_partner_leads_nothing: gap reason statutory-partner-leads-nothing - statutory partners of a plan
// that lead no action of it, themselves or through a partner acting for them (a council's services).
// params: $plan - a plan id, or '' for every plan
MATCH (p:Partner)-[po:PARTNER_OF]->(pl:Plan)
WHERE po.statutory AND ($plan = '' OR pl.plan = $plan)
  AND NOT EXISTS { MATCH (p)-[:LEADS]->(a:Action) WHERE a.plan = pl.plan }
  AND NOT EXISTS { MATCH (p)<-[:ACTS_FOR]-(:Partner)-[:LEADS]->(b:Action) WHERE b.plan = pl.plan }
RETURN pl.plan AS plan, 'statutory-partner-leads-nothing' AS reason, p.name AS subject
ORDER BY plan, subject
