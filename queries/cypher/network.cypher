// network: each partner's place in its plan's network - actions it leads or contributes to, partners it shares an action with (degree), and shared actions summed over them; betweenness needs Neo4j GDS (cjgraph network gives it).
// params: $plan - a plan id, or '' for every plan
MATCH (p:Partner)-[:LEADS|CONTRIBUTES_TO]->(a:Action)
WHERE $plan = '' OR a.plan = $plan
WITH a.plan AS plan, p, count(DISTINCT a.id) AS actions
OPTIONAL MATCH (p)-[:LEADS|CONTRIBUTES_TO]->(b:Action)<-[:LEADS|CONTRIBUTES_TO]-(q:Partner)
WHERE b.plan = plan AND q.id <> p.id
RETURN plan, p.name AS partner, actions, count(DISTINCT q.id) AS degree,
       count(DISTINCT CASE WHEN q IS NULL THEN NULL ELSE q.id + ' ' + b.id END) AS weighted_degree
ORDER BY plan, degree DESC, weighted_degree DESC, partner
