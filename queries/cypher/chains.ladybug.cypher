// chains: the paths partner -> action -> outcome -> indicator or need, for every action (or those through one node).
// params: $plan - a plan id, or '' for every plan; $start - a node id (partner:..., action:..., outcome:..., indicator:..., need:...), or '' for every chain
// dialect: embedded (the embedded engine's own Cypher, run as written)
// This is the embedded engine's variant of chains.cypher: label() instead of type() and of a label test.
MATCH (a:Action)
WHERE $plan = '' OR a.plan = $plan
OPTIONAL MATCH (p:Partner)-[r:LEADS|CONTRIBUTES_TO]->(a)
OPTIONAL MATCH (a)-[:DELIVERS]->(o:Outcome)
OPTIONAL MATCH (a)-[:MEASURED_BY|ADDRESSES]->(t)
WITH a, p, r, o, t
WHERE $start = '' OR p.id = $start OR a.id = $start OR o.id = $start OR t.id = $start
RETURN a.plan AS plan, coalesce(p.name, '') AS partner,
       CASE WHEN r IS NULL THEN '' WHEN label(r) = 'LEADS' THEN 'leads' ELSE 'contributes' END AS role,
       a.ref AS ref, coalesce(o.key, '') AS outcome,
       CASE WHEN t IS NULL THEN '' WHEN label(t) = 'Need' THEN 'Need' ELSE 'Indicator' END AS target_kind,
       coalesce(t.key, t.name, '') AS target
ORDER BY plan, ref, partner, role, outcome, target_kind, target
