// lead_load: actions each partner of a plan leads (in all, alone, weighted by 1 / number of leads) and contributes to, heaviest first; partners leading nothing listed too.
// params: $plan - a plan id, or '' for every plan
// dialect: embedded (the embedded engine's own Cypher, run as written)
// This is the embedded engine's variant of lead_load.cypher: label() for type(); every CASE branch is
// worked out (so no division by zero); and round() works on the binary value, so the sum is nudged by
// 1e-9 (far below 0.005, far above a sum's float error) to round ties half up as Neo4j does (0.285 -> 0.29).
MATCH (p:Partner)-[:PARTNER_OF]->(pl:Plan)
WHERE $plan = '' OR pl.plan = $plan
OPTIONAL MATCH (p)-[r:LEADS|CONTRIBUTES_TO]->(a:Action)
WHERE a.plan = pl.plan
OPTIONAL MATCH (a)<-[:LEADS]-(lead:Partner)
WITH pl, p, a, r, count(lead) AS leads
WITH pl.plan AS plan, p.name AS partner, a, coalesce(label(r) = 'LEADS', false) AS leading, leads
RETURN plan, partner,
       sum(CASE WHEN leading THEN 1 ELSE 0 END) AS led,
       sum(CASE WHEN leading AND leads = 1 THEN 1 ELSE 0 END) AS sole,
       round(sum(CASE WHEN leading THEN 1.0 / CASE WHEN leads = 0 THEN 1 ELSE leads END ELSE 0.0 END) + 1e-9, 2) AS weighted,
       sum(CASE WHEN a IS NOT NULL AND NOT leading THEN 1 ELSE 0 END) AS contributed
ORDER BY plan, weighted DESC, led DESC, partner
