// lead_load: actions each partner of a plan leads (in all, alone, weighted by 1 / number of leads) and contributes to, heaviest first; partners leading nothing listed too.
// params: $plan - a plan id, or '' for every plan
// The embedded engine runs lead_load.ladybug.cypher beside it (label() for type(), and its round() works on the binary value).
// weighted is rounded half up, as cjgraph rounds everywhere (cjgraph/numbers.py).
MATCH (p:Partner)-[:PARTNER_OF]->(pl:Plan)
WHERE $plan = '' OR pl.plan = $plan
OPTIONAL MATCH (p)-[r:LEADS|CONTRIBUTES_TO]->(a:Action)
WHERE a.plan = pl.plan
OPTIONAL MATCH (a)<-[:LEADS]-(lead:Partner)
WITH pl, p, a, r, count(lead) AS leads
WITH pl.plan AS plan, p.name AS partner, a, type(r) = 'LEADS' AS leading, leads
RETURN plan, partner,
       sum(CASE WHEN leading THEN 1 ELSE 0 END) AS led,
       sum(CASE WHEN leading AND leads = 1 THEN 1 ELSE 0 END) AS sole,
       round(sum(CASE WHEN leading THEN 1.0 / leads ELSE 0.0 END), 2) AS weighted,
       sum(CASE WHEN a IS NOT NULL AND NOT leading THEN 1 ELSE 0 END) AS contributed
ORDER BY plan, weighted DESC, led DESC, partner
