// lead_load: actions each partner leads (in all, alone, weighted by 1 / number of leads) per plan, heaviest first.
// params: $plan - a plan id, or '' for every plan
// This is the embedded engine's variant of lead_load.cypher: ladybug's round() takes the number of decimals.
MATCH (a:Action)<-[:LEADS]-(lead:Partner)
WHERE $plan = '' OR a.plan = $plan
WITH a, count(lead) AS leads
MATCH (p:Partner)-[:LEADS]->(a)
RETURN a.plan AS plan, p.name AS partner, count(a) AS led,
       sum(CASE WHEN leads = 1 THEN 1 ELSE 0 END) AS sole,
       round(sum(1.0 / leads), 2) AS weighted
ORDER BY plan, weighted DESC, led DESC, partner
